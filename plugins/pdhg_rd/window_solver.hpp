#pragma once
// What the time-stepping driver needs from a nonlinear solver of one
// backward-Euler window (see window_system.hpp).
#include <memory>
#include <string>

#include "window_system.hpp"

namespace wprox {
class StateWriter;
class StateReader;
}  // namespace wprox

namespace pdhg_rd {

struct SolveStats {
  long iterations = 0;         // PDHG iterations, or Newton iterations
  long linear_iterations = 0;  // Krylov iterations (0 for PDHG)
  double residual = 0.0;       // ||F(U) / ht||_inf at the returned U
  bool converged = false;
  std::string why;  // when not converged: what stopped it
};

class WindowSolver {
 public:
  virtual ~WindowSolver() = default;
  // Called whenever the time step changes (before the first solve, too).
  virtual void set_step(double ht) = 0;
  // Solves F(U) = 0 starting from U (in: guess, out: solution or last
  // iterate). The system's start state is set by the caller.
  virtual SolveStats solve(double* U) = 0;
  // The last solve failed and will be retried (with a smaller step): forget
  // what it left behind (for PDHG, the dual variable).
  virtual void discard_last() {}
  // Checkpoints: what a solve carries over from one window to the next
  // (PDHG's warm-started dual variable); nothing for a solver that starts
  // every window afresh.
  virtual void save_state(wprox::StateWriter& /*w*/) const {}
  virtual void load_state(const wprox::StateReader& /*r*/) {}
  // Extra trace columns this solver reports, beyond iterations/residual.
  virtual bool reports_linear_iterations() const { return false; }
};

}  // namespace pdhg_rd
