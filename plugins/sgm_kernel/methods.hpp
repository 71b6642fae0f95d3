#pragma once
// Registration of the two generative-model methods of this plugin.
#include <wprox/sdk.hpp>

namespace wprox::sgm {

// sgm-empirical: reverse SDE / probability-flow ODE with the empirical score.
void register_empirical(Registry& r);
// sgm-kernel: the trained kernel model with learned local precisions.
void register_kernel(Registry& r);

}  // namespace wprox::sgm
