#pragma once
#include <wprox/sdk.hpp>

namespace wprox::pdhg_hj {

// pdhg-hj: implicit in time, one PDHG solve per time step (implicit_step.hpp).
MethodInfo pdhg_hj_method();
// explicit-hj: the monotone explicit reference scheme (explicit_scheme.hpp).
MethodInfo explicit_hj_method();

}  // namespace wprox::pdhg_hj
