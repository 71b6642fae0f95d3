#include "wprox/version.hpp"

namespace wprox {

// Defined for this file only (engine/CMakeLists.txt), so a version bump
// recompiles one file.
const char* version() { return WPROX_VERSION_STRING; }

}  // namespace wprox
