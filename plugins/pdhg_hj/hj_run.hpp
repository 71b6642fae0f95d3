#pragma once
// What pdhg-hj, newton-hj and explicit-hj share: the grid and time parameters, the
// starting points of the optimal trajectories, the storage of phi on the
// space-time grid, and the results (arrays, trajectory table, pictures,
// errors against an exact solution when the problem has one).
//
// Steps: step k (1-based) computes time level k from level k - 1, so a run
// has nt - 1 steps and phi holds levels 0 .. steps_done().
#include <string>
#include <vector>

#include <wprox/kinds/hj.hpp>
#include <wprox/sdk.hpp>

#include "hj_grid.hpp"
#include "trajectories.hpp"

namespace wprox::pdhg_hj {

struct HjCommon {
  int n[kMaxDim] = {40, 40, 40};  // grid points per axis
  int nt = 11;
  RowMatrix starts;  // rows of dim() coordinates
  TrajectorySettings trajectories;
  bool bdf2 = false;  // implicit methods: the time scheme (implicit_step())
};

// The parameters every hj method takes, as the user gives them.
struct HjOptions {
  long nx = 40, ny = 0, nz = 0, nt = 11;
  RowMatrix starts;         // empty: unset
  std::string starts_file;  // empty: unset
  std::string traj_integrator = "rk4";
  long traj_records = 200;
  std::string time_scheme = "euler";  // implicit methods only (implicit_schema)
};
// nx, ny, nz, nt, starts, starts_file, traj_integrator, traj_records.
SettingsSchema<HjOptions> common_schema();
// time_scheme, for the implicit methods (pdhg-hj, newton-hj).
SettingsSchema<HjOptions> implicit_schema();
// Checks them against the problem (InputError naming the value).
HjCommon read_common(const HjProblem& problem, const HjOptions& o);

class HjRun : public Run {
 public:
  HjRun(const HjProblem& problem, HjCommon common);
  void finish() override;  // the optimal trajectories
  Results results() const override;
  void metrics(Diagnostics& out) const override;
  bool checkpointable() const override { return true; }

  const HjGrid& grid() const { return grid_; }
  double dt() const { return problem_.horizon() / (common_.nt - 1); }
  double time(long k) const { return k * dt(); }  // of level k
  long levels() const { return steps_done() + 1; }
  const double* level(long k) const { return &phi_[std::size_t(k * grid_.size)]; }


 protected:
  double* level(long k) { return &phi_[std::size_t(k * grid_.size)]; }
  // The levels computed so far (all of phi: later levels are zeros until
  // their step). A method adds its own state after calling these.
  void save_state(StateWriter& w) const override;
  void load_state(const StateReader& r) override;
  // Method-specific end-of-run numbers.
  virtual void method_metrics(Diagnostics& /*out*/) const {}

  const HjProblem& problem_;
  HjCommon common_;
  HjGrid grid_;
  std::vector<double> phi_;  // nt x size
  Table traj_;               // made by finish()
  bool traj_done_ = false;
};

// What the implicit methods (pdhg-hj, newton-hj) add: the time scheme of
// their steps and the totals of their solvers' iterations (metrics and
// checkpoints).
class ImplicitHjRun : public HjRun {
 public:
  using HjRun::HjRun;

 protected:
  // The implicit step that makes level k, written as one backward-Euler
  // step (phi - phi0)/dt - eps Lap phi + Hnum = 0 so that every solver
  // serves both schemes: backward Euler takes phi0 = level k-1 and dt;
  // BDF2 (from level 2 on; level 1 by backward Euler) takes
  // phi0 = (4 phi_{k-1} - phi_{k-2}) / 3 and 2 dt / 3.
  struct ImplicitStep {
    std::vector<double> phi0;
    double dt = 0;
  };
  ImplicitStep implicit_step(long k) const;
  // One step's solver iterations, into the totals.
  void count_iterations(long iterations);
  void save_state(StateWriter& w) const override;
  void load_state(const StateReader& r) override;
  // total_iterations, max_iterations, mean_iterations.
  void method_metrics(Diagnostics& out) const override;

 private:
  long total_ = 0, max_ = 0;
};

}  // namespace wprox::pdhg_hj
