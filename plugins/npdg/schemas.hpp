#pragma once
// The parameters of the npdg plugin's problems and methods as settings
// schemas (what `wprox info` lists and --set fills). The ranges repeat the
// validate() functions of the settings structs, which stay the single source
// of truth for the library's own users (tests, bench); a schema only makes
// the same limits visible before anything is built.
#include <string>

#include <wprox/settings.hpp>

#include "cosine_problem.hpp"
#include "npdg.hpp"
#include "pinn.hpp"
#include "wan.hpp"

namespace wprox::npdg {

// A trainer's settings plus what only a run needs: a file of solution
// network parameters to start from (a u_parameters.npy a run wrote).
template <class T>
struct MethodSettings {
  T trainer;
  std::string init;
};

// elliptic-nd and semilinear-nd: dim, coefficient_mean, coefficient_amplitude,
// reaction, with the problem's defaults.
SettingsSchema<CosineSettings> cosine_problem_schema(const CosineSettings& defaults);

SettingsSchema<MethodSettings<NpdgSettings>> npdg_schema();
SettingsSchema<MethodSettings<PinnSettings>> pinn_schema();
SettingsSchema<MethodSettings<WanSettings>> wan_schema();

}  // namespace wprox::npdg
