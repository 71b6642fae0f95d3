#pragma once
// The parameters of the mean-field control problems and methods, each bound
// once to the field of the core's settings structs.
#include <wprox/settings.hpp>

#include "bsde_method.hpp"
#include "gaussian_mfc.hpp"
#include "score_method.hpp"

namespace wprox::mfc {

// a, b, [c], nu, s0, T, dim for the Gaussian family; `entropy` adds c (> 0)
// and takes the entropy example's defaults.
SettingsSchema<GaussianMfcParams> gaussian_problem_schema(bool entropy);

SettingsSchema<ScoreMethodSettings> score_method_schema();
SettingsSchema<BsdeMethodSettings> bsde_method_schema();

}  // namespace wprox::mfc
