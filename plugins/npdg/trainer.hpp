#pragma once
// What the training loops of this library (npdg, pinn-adam, wan) share: the
// problem, the solution network u_theta, the collocation points and the
// error monitor, behind one interface a method's Run can wrap:
//
//   trainer.step(k, diag)   one iteration (k = 1, 2, ...: the host's count),
//   trainer.solution()      u_theta; save_solution()/load_solution() for
//                           checkpoints and results,
//   trainer.history()       the relative L2/H1 errors measured so far.
//
// Determinism: every random draw comes from RandomStream keyed by the seed
// (derive_seed), the point index and the step's resampling round, and every
// reduction is in a fixed order, so a trainer is a pure function of
// (problem, settings, seed, steps taken), the same bits for any thread count.
// No printing, no files, no global state. The problem must outlive the trainer.
#include <cstdint>
#include <string>
#include <vector>

#include <wprox/diagnostics.hpp>
#include <wprox/mlp.hpp>

#include "collocation.hpp"
#include <wprox/kinds/elliptic.hpp>
#include "error_monitor.hpp"
#include "network.hpp"

namespace wprox {
class StateWriter;
class StateReader;
}  // namespace wprox

namespace wprox::npdg {

// | field           | default | allowed        | meaning                                              |
// |-----------------|---------|----------------|------------------------------------------------------|
// | interior_points | 2000    | [16, 1e7]      | collocation points in Omega per draw                 |
// | sequence        | halton  | random, halton | i.i.d. or scrambled-Halton interior points           |
// | boundary_points | 0       | 0 or [1, 1e7]  | points on the boundary per draw; 0: 40 d             |
// | resample_every  | 1       | >= 0           | redraw both sets every this many steps; 0: never     |
// | error_points    | 2000    | [1, 1e7]       | held-out points for the L2/H1 errors                 |
// | error_every     | 1       | >= 1           | measure the errors every this many steps (and at 1)  |
struct SamplingSettings {
  long interior_points = 2000;
  PointSequence sequence = PointSequence::halton;
  long boundary_points = 0;
  long resample_every = 1;
  long error_points = 2000;
  long error_every = 1;
};

void validate(const SamplingSettings& s, const std::string& what);
// boundary_points with 0 resolved to 40 d.
long boundary_count(const SamplingSettings& s, int dim);

// `net` after checking that the jets of a network of its size on the
// sampling's point sets fit the machine's memory (InputError naming `what`
// and the settings to lower, `net_names` for the network's).
const NetworkSettings& jets_fit(int dim, const NetworkSettings& net, const SamplingSettings& s,
                                const std::string& what, const std::string& net_names);

// Independent seeds for the purposes of one run (splitmix64 of seed and purpose).
enum class SeedPurpose : std::uint64_t { points = 1, reference = 2, solution = 3, test = 4 };
std::uint64_t derive_seed(std::uint64_t seed, SeedPurpose purpose);

class Trainer {
 public:
  virtual ~Trainer() = default;
  Trainer(const Trainer&) = delete;
  Trainer& operator=(const Trainer&) = delete;

  // One iteration; writes the same diagnostic names every step. RunError
  // (with step k) on numerical failure.
  virtual void step(long k, Diagnostics& diag) = 0;
  virtual std::string method() const = 0;  // "npdg", "pinn-adam", "wan"

  const EllipticProblem& problem() const { return p_; }
  const Mlp& solution() const { return u_; }
  NetworkState save_solution() const { return save_network(u_); }
  // InputError when the state's architecture differs from the solution network's.
  void load_solution(const NetworkState& s) { restore_network(u_, s); }
  const std::vector<ErrorRecord>& history() const { return monitor_.history(); }
  // Checkpoints: everything step() reads or writes. The base saves u_theta,
  // the collocation round and the error history; a method adds its own
  // (test network, optimizer moments, warm starts) after calling it.
  virtual void save_state(StateWriter& w) const;
  virtual void load_state(const StateReader& r);

  // The errors of the current u (evaluated now, not recorded).
  ErrorRecord current_error() const { return solution_error(u_, monitor_.reference()); }

 protected:
  // InputError naming `what` when net or s is out of range.
  Trainer(const EllipticProblem& p, const NetworkSettings& net, const SamplingSettings& s, std::uint64_t seed,
          const std::string& what);

  const EllipticProblem& p_;
  Mlp u_;
  CollocationSchedule points_;
  ErrorMonitor monitor_;
};

// Column j of the result is w[j] (one row per spatial input): entrywise
// weights that scale the gradient of point j by w[j].
Matrix broadcast(const Vector& w, int rows);

}  // namespace wprox::npdg
