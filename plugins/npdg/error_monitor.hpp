#pragma once
// Errors of a trained u against the exact solution on a fixed held-out set
// of interior points (drawn once, apart from every training point):
//
//   relative L2 = sqrt( mean (u - u*)^2 / mean u*^2 ),
//   relative H1 = sqrt( mean [(u - u*)^2 + |grad u - grad u*|^2] / mean [u*^2 + |grad u*|^2] ),
//
// Monte Carlo estimates of the continuous relative errors over Omega (the
// full H1 norm). The monitor evaluates every `every` steps and at step 1,
// keeps the history of evaluations, and answers the latest one in between.
#include <cstdint>
#include <vector>

#include <wprox/mlp.hpp>

#include "collocation.hpp"

namespace wprox::npdg {

struct ErrorRecord {
  long step = 0;
  double rel_l2 = 0, rel_h1 = 0;
};

// The relative errors of u on the reference set (no bookkeeping).
ErrorRecord solution_error(const Mlp& u, const ReferenceData& ref);

class ErrorMonitor {
 public:
  // `points` held-out points from RandomStream(seed, i, kReferenceSubstream).
  // InputError unless points >= 1 and every >= 1.
  ErrorMonitor(const EllipticProblem& p, long points, long every, std::uint64_t seed);

  // Evaluates at step k when due (k == 1 or k % every == 0) and returns the
  // latest evaluation.
  const ErrorRecord& observe(long k, const Mlp& u);
  const std::vector<ErrorRecord>& history() const { return history_; }
  // Checkpoints: the evaluations so far (observe() depends on whether there are any).
  void restore(std::vector<ErrorRecord> history) { history_ = std::move(history); }
  const ReferenceData& reference() const { return ref_; }

  static constexpr std::uint64_t kReferenceSubstream = std::uint64_t(1) << 62;

 private:
  long every_;
  ReferenceData ref_;
  std::vector<ErrorRecord> history_;
};

}  // namespace wprox::npdg
