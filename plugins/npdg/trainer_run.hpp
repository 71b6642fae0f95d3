#pragma once
// The run of a neural PDE solver (npdg, pinn-adam, wan): one step = one
// iteration of the trainer. Per step the trace gets the trainer's
// diagnostics (rel_l2, rel_h1 first); summary.json gets rel_l2 and rel_h1 of
// the final network, its parameter count and the time per iteration.
//
// Results:
//   u_parameters.npy   the solution network's flat parameters (Mlp layout);
//                      `--set init=u_parameters.npy` with the same width,
//                      depth and activation starts a run from them;
//   slice.npy, slice_exact.npy   u_theta and u* on a 41 x 41 grid of the
//                      (x1, x2) plane through the cube's centre (dim 1: a
//                      101-point line), with slice_axis.npy its coordinates;
//   pictures: u_slice (u_theta with the exact solution's contour lines),
//   error_slice (u_theta - u*), errors (rel_l2 and rel_h1 against the
//   iteration) and errors_time (the same against training wall time).
#include <memory>
#include <string>
#include <vector>

#include <wprox/method.hpp>

#include "trainer.hpp"

namespace wprox::npdg {

class TrainerRun : public Run {
 public:
  // `init`: a .npy of solution parameters to start from, or empty.
  // InputError when its length differs from the network's parameter count.
  TrainerRun(std::unique_ptr<Trainer> trainer, long iterations, const std::string& init);
  Results results() const override;
  void metrics(Diagnostics& out) const override;
  std::string headline() const override { return "rel_l2"; }
  // Notes a stalled error (a network too small for the problem, or steps
  // too large): there is no sharp size below which a network cannot fit,
  // so this is judged from the run's own error history.
  void finish() override;
  const Trainer& trainer() const { return *trainer_; }
  bool checkpointable() const override { return true; }

 protected:
  void do_step(long k, Diagnostics& d) override;
  // The trainer's state and the traced errors and times (for the pictures).
  void save_state(StateWriter& w) const override;
  void load_state(const StateReader& r) override;

 private:
  std::unique_ptr<Trainer> trainer_;
  // Per step: cumulative wall seconds of the steps, and the errors traced.
  std::vector<double> seconds_, rel_l2_, rel_h1_;
};

}  // namespace wprox::npdg
