#pragma once
// The sampling kit: what particle samplers (ULA, MALA, BRWP, TT-BRWP, ...)
// share. Their common settings, the initial particles, diagnostics of a
// particle cloud against the target (with what is constant computed once),
// the standard results (particles.npy and a picture) and SamplerRun, the
// base class that ties them together. Link wprox::sampling.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wprox/kinds/target.hpp"
#include "wprox/method.hpp"
#include "wprox/sample_metrics.hpp"

namespace wprox {

// The settings every sampler takes.
struct SamplerSettings {
  long particles = 0;  // N
  long steps = 0;
  double h = 0.0;              // step size
  double beta = 1.0;           // inverse temperature: the target is exp(-beta V)
  std::string init;            // N x d .npy file of initial particles; empty: standard normal
  long diagnostics_every = 1;  // grid KL/TV and moment errors every this many steps (and at the last)
  long record_every = 0;       // keep the particles every this many steps (history.npy); 0: off
  bool particles_given = false;  // `particles` set by the user: an init file must then agree with it
};

// particles, steps, h, beta, init, diagnostics_every, record_every with these defaults.
SettingsSchema<SamplerSettings> sampler_schema(long particles, long steps, double h);

// N x d initial particles: standard normal, particle i from
// RandomStream(seed, "sampler.initial", i), or read from s.init. A file whose column count differs from
// dim is a DimensionMismatch; the file's row count sets N, and a `particles`
// the user gave that disagrees with it is a DimensionMismatch too.
Particles initial_particles(const SamplerSettings& s, int dim, std::uint64_t seed);

// Throws RunError(step, ...) naming the first particle with a NaN/Inf entry.
void check_finite(const Particles& X, long step);

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
  double off_grid = 0;    // a particle histogram: the fraction of particles outside the grid
};
GridDensity target_grid_density(const TargetProblem& t, double beta, long n);
GridDensity particle_grid_density(const Particles& X, const GridDensity& like);
GridDensity smooth_grid_density(const GridDensity& g, double sigma_cells);
double grid_kl(const GridDensity& p, const GridDensity& q);  // KL(p || q)
double grid_tv(const GridDensity& p, const GridDensity& q);

// Diagnostics of a particle cloud against one target at one beta. What does
// not depend on the particles (exact moments, the blurred target on the
// 64 x 64 grid) is computed once, in the constructor.
//   mean_err = |mean - exact mean|, cov_err = |cov - exact cov|_F / |exact cov|_F
//     (when the target knows its moments);
//   kl, tv: the blurred particle histogram against the blurred target (2-D
//     targets with a box); NaN when more than kMaxOffGrid of the particles
//     lie outside the box, where a histogram on it would describe only the
//     particles left inside (and read 0 when none is);
// plus whatever the target's report() adds.
class TargetDiagnostics {
 public:
  TargetDiagnostics(const TargetProblem& t, double beta);
  // Returns the fraction of particles outside the grid (0 without one).
  double measure(const Particles& X, Diagnostics& d) const;
  static constexpr double kMaxOffGrid = 0.01;
  // The same names with NaN values: a step whose diagnostics were skipped.
  void skipped(const Particles& X, Diagnostics& d) const;
  const std::optional<GridDensity>& target_grid() const { return target_grid_; }

 private:
  const TargetProblem& t_;
  double beta_;
  std::optional<Moments> exact_;
  std::optional<GridDensity> target_grid_, target_blurred_;
};

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
  // The particles are a sampler's state; a subclass with more saves it in
  // save_extra()/load_extra().
  bool checkpointable() const override { return true; }

 protected:
  void save_state(StateWriter& w) const final;
  void load_state(const StateReader& r) final;
  // Sharding over ranks (RunContext::comm). A sampler whose particles move
  // independently of each other returns true: move() then updates only the
  // rows [own_begin(), own_begin() + own_count()) (a contiguous BlockSplit
  // of the particles in rank order, keyed by the global particle index), and
  // after each move the base class gathers every rank's rows, so the full
  // cloud is on every rank again: checks, diagnostics, history, results and
  // checkpoints read it as in a one-rank run and give its bits. Others run
  // the whole cloud on every rank (own rows: all of them).
  virtual bool shards_particles() const { return false; }
  // The unit the split keeps whole (BlockSplit::grain): a sampler whose
  // moves use the ring kernel returns kernel_ring_grain().
  virtual std::size_t shard_grain() const { return 1; }
  long own_begin() const;
  long own_count() const;
  // True when the particles are independent Markov chains (ula, mala): a
  // recorded history then gets split-R-hat and bulk/tail ESS per coordinate.
  virtual bool independent_chains() const { return false; }
  virtual void save_extra(StateWriter& /*w*/) const {}
  virtual void load_extra(const StateReader& /*r*/) {}
  SamplerRun(const TargetProblem& t, const SamplerSettings& s, const RunContext& ctx, const std::string& method);
  // Advances the particles by one step; may add method diagnostics to `d`.
  virtual void move(long k, Diagnostics& d) = 0;
  // RunError(step) when a particle is not finite or has left the sensible
  // range: farther than kRangeFactor target scales from the target's centre
  // (its box, else its exact moments, else the initial cloud).
  void check_particles(long k) const;
  static constexpr double kRangeFactor = 1e4;

  const TargetProblem& target_;
  Particles X_;
  double beta_;
  double h_;
  RunContext ctx_;
  std::string method_;

 private:
  void do_step(long k, Diagnostics& d) final;
  void measure(Diagnostics& d) const;
  void chain_metrics(Diagnostics& out) const;  // rhat[j], ess_bulk[j], ess_tail[j]
  void gather_particles();
  BlockSplit split() const;
  long diagnostics_every_;
  long record_every_;
  std::vector<double> history_;  // records x N x d, C order
  TargetDiagnostics diagnostics_;
  Vector centre_;
  double scale_ = 1;
  mutable bool off_grid_noted_ = false;
};

}  // namespace wprox
