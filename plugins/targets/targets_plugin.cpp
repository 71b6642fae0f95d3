#include "register.hpp"

namespace {

void register_all(wprox::Registry& r) {
  using namespace wprox::targets;
  register_gaussian(r);
  register_bimodal(r);
  register_mixture(r);
  register_logistic(r);
  register_elliptic_inverse(r);
}

}  // namespace

WPROX_PLUGIN("targets", "0.2.0", register_all)
