#include "wprox/errors.hpp"

namespace wprox {

// Key functions (see errors.hpp): keep these out of line.
InputError::~InputError() = default;
DimensionMismatch::~DimensionMismatch() = default;
RunError::~RunError() = default;

}  // namespace wprox
