#include "registry_access.hpp"

namespace wprox::python {

Registry& registry() {
  static Registry* r = [] {
    auto* reg = new Registry();
    reg->load_default_path();
    return reg;
  }();
  return *r;
}

}  // namespace wprox::python
