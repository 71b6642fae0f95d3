#pragma once
// The time-stepping driver shared by pdhg-rd and newton-krylov-rd: one
// Run::step() solves one window of nt backward-Euler steps of size ht with a
// WindowSolver, lands exactly on snapshot times and t_final (by shortening
// the window's step), and optionally adapts ht (×grow after a solve that
// took at most quick_iterations, up to ht_max; ×1/2 and retry after a
// failed one, down to ht_min). A start-up phase (ht_first, startup_time)
// caps the step at ht_first until startup_time, then doubles the cap each
// window until it no longer binds. A failure that adaptivity cannot recover is a
// RunError naming the window's time span, the step and the residual.
//
// Trace columns per window: t (at its end), ht, iterations, [linear_iterations],
// residual, mass (h^2 sum u), energy (the model's), retries.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <wprox/kinds/pde.hpp>
#include <wprox/method.hpp>
#include <wprox/slab_transform.hpp>

#include "window_solver.hpp"

namespace pdhg_rd {

struct StepControl {
  double ht = 1e-3;
  int nt = 1;
  bool adaptive = false;
  double ht_max = 1e-3;
  double ht_min = 1e-8;
  double grow = 1.1;
  long quick_iterations = 400;
  double ht_first = 0.0;      // start-up step cap (0: none)
  double startup_time = 0.0;  // the cap doubles each window after this time
};

using SolverFactory = std::function<std::unique_ptr<WindowSolver>(
    const WindowSystem&, std::shared_ptr<const wprox::SlabTransform>, std::vector<double> lambda)>;

class RdRun : public wprox::Run {
 public:
  // The fields are split over comm's ranks in row slabs (slab.hpp); comm
  // must outlive the run, and every rank calls every function (results()
  // and metrics() too: each rank holds the whole field after every window).
  RdRun(const wprox::PdeProblem& p, const StepControl& c, const SolverFactory& make_solver, std::string method,
        const wprox::Communicator& comm);

  bool finished() const override { return t_ >= t_final_; }
  double progress() const override { return t_ / t_final_; }
  void metrics(wprox::Diagnostics& out) const override;
  wprox::Results results() const override;
  std::string headline() const override { return "energy"; }
  // Across ranks too: the state is gathered into the one-rank layout
  // (PdhgSolver::save_state), so a checkpoint resumes on any rank count.
  bool checkpointable() const override { return true; }

  double time() const { return t_; }
  const std::vector<double>& state() const { return u_; }

 protected:
  void do_step(long k, wprox::Diagnostics& diag) override;
  void save_state(wprox::StateWriter& w) const override;
  void load_state(const wprox::StateReader& r) override;

 private:
  double mass(const double* u) const;
  void take_snapshots();

  std::string method_, problem_;
  wprox::TensorGrid grid_;
  std::shared_ptr<const wprox::ReactionDiffusionModel> model_;
  StepControl c_;
  double t_ = 0.0, t_final_;
  std::vector<double> snapshot_times_;
  std::size_t next_snapshot_ = 0;
  std::vector<std::pair<double, std::vector<double>>> snapshots_;
  std::shared_ptr<const wprox::SlabTransform> transform_;
  Slab slab_;
  WindowSystem sys_;
  std::unique_ptr<WindowSolver> solver_;
  std::vector<double> u_, U_, scratch_;
  double ht_configured_ = -1.0;
  long startup_iterations_ = 0;  // the first window's iterations
  double ht_cap_;                // the start-up cap on the step (infinite without a start-up)
  // totals for metrics
  long iterations_ = 0, linear_iterations_ = 0, retries_ = 0;
  double max_residual_ = 0.0, mass0_ = 0.0;
};

}  // namespace pdhg_rd
