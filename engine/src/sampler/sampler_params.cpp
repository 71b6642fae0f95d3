#include <cmath>

#include "wprox/errors.hpp"
#include "wprox/io/npy.hpp"
#include "wprox/random.hpp"
#include "wprox/sampler.hpp"

namespace wprox {

ParamSchema& add_sampler_params(ParamSchema& s, long particles, long steps, double h) {
  return s.integer("particles", particles, "number of particles N", Range::at_least(2))
      .integer("steps", steps, "number of steps", Range::at_least(1))
      .real("h", h, "step size", Range::positive())
      .real("beta", 1.0, "inverse temperature: the target is exp(-beta V)", Range::positive())
      .path("init", "initial particles as an N x d .npy file (default: N standard normal draws)");
}

Particles initial_particles(const Params& p, int dim, std::uint64_t seed) {
  if (p.has("init")) {
    const std::string& file = p.text("init");
    RowMatrix X = read_npy_matrix(file);
    WPROX_REQUIRE(X.cols() == dim, DimensionMismatch,
                  "init file '" << file << "' has particles of dimension " << X.cols() << " but the problem has dimension "
                                << dim);
    WPROX_REQUIRE(X.rows() >= 2, InputError, "init file '" << file << "' has " << X.rows() << " particles; at least 2 are needed");
    WPROX_REQUIRE(X.allFinite(), InputError, "init file '" << file << "' contains NaN or Inf");
    return X;
  }
  const long n = p.integer("particles");
  Particles X(n, dim);
  for (long i = 0; i < n; ++i) {
    RandomStream rs(seed, std::uint64_t(i), 0);
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

Vector sample_mean(const Particles& X) { return X.colwise().mean().transpose(); }

Matrix sample_covariance(const Particles& X) {
  const Vector m = sample_mean(X);
  const RowMatrix C = X.rowwise() - m.transpose();
  return (C.transpose() * C) / double(std::max<long>(1, X.rows() - 1));
}

}  // namespace wprox
