#pragma once
// Newton–Krylov for F(U) = 0 with SUNDIALS KINSOL: SPGMR with exact
// Jacobian-vector products DF(U) V and right preconditioning by the same
// FFT block preconditioner M (forward sweep M^{-1}, see
// wprox/rd_preconditioner.hpp). The stopping rule is KINSOL's
// ||fscale * F||_inf < fnormtol with fscale = 1/ht and fnormtol = tol:
// exactly the PDHG rule ||F(U)/ht||_inf < tol.
//
// Across ranks (slab.hpp) KINSOL keeps whole-window serial vectors on every
// rank whose reductions see this rank's slab rows and add all rows in the
// one-rank order (slab_nvector.hpp); the residual, DF(U) V and M^{-1} work
// on the slab after a halo exchange, so every rank takes the same Newton
// and Krylov steps as one rank would.
//
// KINSOL's messages are captured (a method never prints) and its failure
// flag is turned into SolveStats::why.
#include <memory>
#include <string>
#include <vector>

#include "bidiagonal_preconditioner.hpp"

#include "window_solver.hpp"

namespace pdhg_rd {

struct NewtonKrylovSettings {
  double tol = 1e-6;
  long max_newton = 50;
  int krylov_dim = 100;  // SPGMR maxl
  int max_restarts = 5;
  bool linesearch = true;  // KIN_LINESEARCH, else a full Newton step
};

class NewtonKrylovSolver : public WindowSolver {
 public:
  NewtonKrylovSolver(const WindowSystem& sys, std::shared_ptr<const wprox::SlabTransform> t,
                     std::vector<double> laplacian_symbol, NewtonKrylovSettings s);
  ~NewtonKrylovSolver() override;
  void set_step(double ht) override;
  SolveStats solve(double* U) override;
  bool reports_linear_iterations() const override { return true; }

  struct Kinsol;  // SUNDIALS objects and callbacks (in the .cpp)

 private:
  const WindowSystem& sys_;
  std::shared_ptr<const wprox::SlabTransform> t_;
  std::vector<double> lambda_;
  NewtonKrylovSettings s_;
  std::unique_ptr<wprox::BidiagonalPreconditioner> M_;
  std::unique_ptr<Kinsol> k_;
  std::vector<double> F_;
};

}  // namespace pdhg_rd
