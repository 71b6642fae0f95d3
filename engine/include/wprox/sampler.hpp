#pragma once
// Shared pieces of particle samplers (ULA, MALA, BRWP, ...): their common
// parameters, initial particles, the per-step diagnostics against the
// target, and the standard results (particles.npy and a picture).
#include <cstdint>
#include <string>

#include "wprox/method.hpp"
#include "wprox/target.hpp"

namespace wprox {

// Adds particles, steps, h, beta and init with the given defaults.
ParamSchema& add_sampler_params(ParamSchema& s, long particles, long steps, double h);

// N x d initial particles: standard normal from `seed` (stream per particle,
// substream 0), or read from the .npy file named by the `init` parameter.
// A file whose column count differs from dim is a DimensionMismatch; a file
// with rows != `particles` is accepted and sets N.
Particles initial_particles(const Params& p, int dim, std::uint64_t seed);

// Throws RunError(step, ...) naming the first particle with a NaN/Inf entry.
void check_finite(const Particles& X, long step);

// Sample mean / covariance of the rows of X.
Vector sample_mean(const Particles& X);
Matrix sample_covariance(const Particles& X);

// Diagnostics of a particle cloud against the target: mean_err and cov_err
// (relative Frobenius) when exact moments are known; for 2-D targets with a
// box, kl and tv between a kernel density estimate of the cloud and the
// target on a grid; plus whatever the target reports.
void sampler_diagnostics(const TargetProblem& t, double beta, const Particles& X, Diagnostics& d);

// Grid estimates for 2-D targets (n x n grid over the target's box): the
// target density normalized on the grid, the cloud's histogram (linear
// binning) and a Gaussian blur of either. The sampler diagnostics kl and tv
// compare the blurred histogram with the equally blurred target: smoothing
// both sides keeps the comparison consistent (it tends to 0 as N grows)
// without a bandwidth that depends on the cloud.
struct GridDensity {
  long n = 0;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
  std::vector<double> p;  // n x n, p[j * n + i] at (x_i, y_j), sums to 1
};
GridDensity target_grid_density(const TargetProblem& t, double beta, long n);
GridDensity particle_grid_density(const Particles& X, const GridDensity& like);
GridDensity smooth_grid_density(const GridDensity& g, double sigma_cells);
double grid_kl(const GridDensity& p, const GridDensity& q);  // KL(p || q)
double grid_tv(const GridDensity& p, const GridDensity& q);

// particles.npy, and for 2-D targets a scatter over the target's contours.
Results sampler_results(const TargetProblem& t, double beta, const Particles& X, const std::string& title);

// Base class for sampler runs: holds the target and the particles, checks
// finiteness and fills the standard diagnostics after every move().
class SamplerRun : public Run {
 public:
  Results results() const override;
  void metrics(Diagnostics& out) const override;
  // The target's own measure, else kl (2-D targets with a box), else mean_err.
  std::string headline() const override;
  const Particles& particles() const { return X_; }

 protected:
  SamplerRun(const TargetProblem& t, const Params& p, const RunContext& ctx, const std::string& method);
  // Advances the particles by one step; may add method diagnostics to `d`.
  virtual void move(long k, Diagnostics& d) = 0;

  const TargetProblem& target_;
  Particles X_;
  double beta_;
  double h_;
  RunContext ctx_;
  std::string method_;

 private:
  void do_step(long k, Diagnostics& d) final;
};

}  // namespace wprox
