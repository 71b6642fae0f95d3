#include <cmath>

#include "wprox/errors.hpp"
#include "wprox/io/npy.hpp"
#include "wprox/random.hpp"
#include "wprox/sampling.hpp"

namespace wprox {

SettingsSchema<SamplerSettings> sampler_schema(long particles, long steps, double h) {
  using S = SamplerSettings;
  return SettingsSchema<S>()
      .integer("particles", &S::particles, particles, "number of particles N", Range::closed(2, 1e8))
      .integer("steps", &S::steps, steps, "number of steps", Range::closed(1, 1e9))
      .real("h", &S::h, h, "step size", Range::positive())
      .real("beta", &S::beta, 1.0, "inverse temperature: the target is exp(-beta V)", Range::positive())
      .path("init", &S::init, "initial particles as an N x d .npy file (default: N standard normal draws)")
      .integer("diagnostics_every", &S::diagnostics_every, 1,
               "compute the target diagnostics (moment errors, grid KL/TV) every this many steps and at the last; "
               "other steps record NaN",
               Range::closed(1, 1e9))
      .integer("record_every", &S::record_every, 0,
               "keep the particles every this many steps: history.npy (records x N x d), and for ula and mala "
               "split-R-hat and bulk/tail ESS per coordinate (first five) in summary.json; 0: off",
               Range::closed(0, 1e9))
      .given("particles", &S::particles_given);
}

Particles initial_particles(const SamplerSettings& s, int dim, std::uint64_t seed) {
  if (!s.init.empty()) {
    const std::string& file = s.init;
    RowMatrix X = read_npy_matrix(file);
    WPROX_REQUIRE(X.cols() == dim, DimensionMismatch,
                  "init file " << quote(file) << " has particles of dimension " << X.cols()
                                << " but the problem has dimension " << dim);
    WPROX_REQUIRE(X.rows() >= 2, InputError,
                  "init file '" << file << "' has " << X.rows() << " particles; at least 2 are needed");
    WPROX_REQUIRE(!s.particles_given || X.rows() == s.particles, DimensionMismatch,
                  "init file " << quote(file) << " has " << X.rows() << " particles but particles = " << s.particles
                               << "; give one of them, or make them agree");
    WPROX_REQUIRE(X.allFinite(), InputError, "init file " << quote(file) << " contains NaN or Inf");
    return X;
  }
  const long n = s.particles;
  Particles X(n, dim);
  for (long i = 0; i < n; ++i) {
    RandomStream rs(seed, stream_purpose("sampler.initial"), std::uint64_t(i));
    rs.normal(X.row(i).data(), dim);
  }
  return X;
}

void check_finite(const Particles& X, long step) {
  for (long i = 0; i < X.rows(); ++i)
    for (long j = 0; j < X.cols(); ++j)
      if (!std::isfinite(X(i, j)))
        throw RunError(step, "particle " + std::to_string(i) + " is not finite (coordinate " + std::to_string(j) +
                                 " = " + std::to_string(X(i, j)) + "); the step size is probably too large");
}

}  // namespace wprox
