#include "newton_step.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/errors.hpp>

namespace wprox::pdhg_hj {

NewtonImplicitStep::NewtonImplicitStep(const HjGrid& grid, double visc, NewtonSettings settings)
    : grid_(grid), visc_(visc), set_(settings) {
  split_.resize(grid);
  if (grid.dim > 1) krylov_ = std::make_unique<KrylovSolver>(grid, visc);
}

double NewtonImplicitStep::max_speed() const {
  double s = 0.0;
  for (std::size_t k = 0; k < split_.vp.size(); ++k) s = std::max({s, split_.vp[k], -split_.vm[k]});
  return s;
}

NewtonStats NewtonImplicitStep::solve(const std::vector<double>& phi0, double dt, std::vector<double>& phi,
                                      long step_number) {
  const HjGrid& g = grid_;
  NewtonStats stats;
  double res = implicit_residual(g, visc_, phi0.data(), phi.data(), dt);
  while (res > set_.tol) {
    if (stats.iterations == set_.max_iter) {
      std::ostringstream os;
      os << "newton-hj did not converge in max_iter = " << set_.max_iter << " policy iterations: dt*|F|_inf = " << res
         << " > tol = " << set_.tol;
      throw RunError(step_number, os.str());
    }
    split_.maximize(g, phi.data());
    const SparseMatrix a = upwind_matrix(g, visc_, dt, split_.vp, split_.vm);
    std::vector<double> b = split_.rhs(g, phi0.data(), dt);
    bool solved = false;
    if (krylov_) {
      // Error in phi <= dt ||r||_inf <= dt ||r||_2: aim at a tenth of what
      // Newton can reach next (res^2-like, never below tol).
      double bnorm = 0.0;
      for (double v : b) bnorm += v * v;
      bnorm = std::sqrt(bnorm);
      const double target = 0.1 * std::max(set_.tol, std::min(res, 1.0) * res);
      const double rel = std::clamp(target / (dt * std::max(bnorm, 1e-300)), 1e-15, 1e-2);
      std::vector<double> x = phi;
      solved = krylov_->solve(a, dt, max_speed(), b.data(), x.data(), rel);
      stats.linear_iterations += krylov_->iterations();
      if (solved) phi = x;
    }
    if (!solved) {
      direct_.factor(g, a, false);
      direct_.solve(b.data());
      phi = b;
    }
    ++stats.iterations;
    res = implicit_residual(g, visc_, phi0.data(), phi.data(), dt);
    if (!std::isfinite(res)) throw RunError(step_number, "newton-hj: non-finite iterate");
  }
  stats.residual = res;
  return stats;
}

}  // namespace wprox::pdhg_hj
