#include "langevin.hpp"

namespace {

void register_all(wprox::Registry& r) {
  r.add_method(wprox::langevin::ula_method());
  r.add_method(wprox::langevin::mala_method());
}

}  // namespace

WPROX_PLUGIN("langevin", "0.2.0", register_all)
