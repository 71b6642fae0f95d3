#pragma once
#include <wprox/sdk.hpp>

namespace wprox::pdhg_hj {

// pdhg-hj: implicit in time, one PDHG solve per time step (pdhg_step.hpp).
MethodInfo pdhg_hj_method();
// newton-hj: the same implicit steps, each solved by policy iteration (newton_step.hpp).
MethodInfo newton_hj_method();
// explicit-hj: the monotone explicit reference scheme (explicit_scheme.hpp).
MethodInfo explicit_hj_method();

}  // namespace wprox::pdhg_hj
