// Long runs of the mfc methods (label "long"); filled in with the full budgets.
#include "testing.hpp"
