// Registers pdhg-hj, newton-hj and explicit-hj (problems of kind "hj").
#include <wprox/sdk.hpp>

#include "pdhg_hj_method.hpp"

namespace {

void register_all(wprox::Registry& r) {
  r.add_method(wprox::pdhg_hj::pdhg_hj_method());
  r.add_method(wprox::pdhg_hj::newton_hj_method());
  r.add_method(wprox::pdhg_hj::explicit_hj_method());
}

}  // namespace

WPROX_PLUGIN("pdhg_hj", "0.3.0", register_all)
