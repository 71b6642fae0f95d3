#pragma once
// One registration function per target family; targets_plugin.cpp calls them all.
#include <wprox/sdk.hpp>

namespace wprox::targets {

void register_gaussian(Registry& r);
void register_bimodal(Registry& r);
void register_mixture(Registry& r);
void register_logistic(Registry& r);
void register_elliptic_inverse(Registry& r);

}  // namespace wprox::targets
