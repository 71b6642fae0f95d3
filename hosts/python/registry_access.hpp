#pragma once
// The module's one Registry: loaded from the default plugin path on first
// use, and never destroyed, because Python may release sessions (which hold
// plugin code) in any order at interpreter exit, after a module-level
// object would be gone. Plugins stay loaded until the process ends.
#include "wprox/registry.hpp"

namespace wprox::python {

Registry& registry();

}  // namespace wprox::python
