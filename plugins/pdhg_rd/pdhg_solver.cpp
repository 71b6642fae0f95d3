#include "pdhg_solver.hpp"

#include <cmath>
#include <sstream>

#include <wprox/parallel.hpp>

namespace pdhg_rd {

PdhgSolver::PdhgSolver(const WindowSystem& sys, std::shared_ptr<const wprox::SpectralTransform> t,
                       std::vector<double> laplacian_symbol, PdhgSettings s)
    : sys_(sys), t_(std::move(t)), lambda_(std::move(laplacian_symbol)), s_(s) {
  const std::size_t n = std::size_t(sys.size());
  P_.assign(n, 0.0);
  P_good_.assign(n, 0.0);
  F_.resize(n);
  GF_.resize(n);
  grad_.resize(n);
}

void PdhgSolver::set_step(double ht) {
  std::vector<double> xhat(lambda_.size());
  for (std::size_t k = 0; k < xhat.size(); ++k) xhat[k] = sys_.model().implicit_symbol(lambda_[k], ht);
  G_ = std::make_unique<wprox::BidiagonalPreconditioner>(t_, xhat, sys_.slots());
}

void PdhgSolver::update(double* U) {
  const long n = sys_.size();
  G_->solve_g(F_.data(), GF_.data());
  const double tau_p = s_.tau_p, omega = s_.omega, shrink = 1.0 / (1.0 + s_.tau_p * s_.eps_r);
  double* P = P_.data();
  double* Pbar = GF_.data();  // reused: G^{-1}F is not needed after this loop
  wprox::parallel_for(
      n,
      [&](long a, long b) {
        for (long i = a; i < b; ++i) {
          const double p_new = (P[i] + tau_p * Pbar[i]) * shrink;
          Pbar[i] = p_new + omega * (p_new - P[i]);
          P[i] = p_new;
        }
      },
      4096);
  sys_.descend(U, Pbar, s_.tau_u, grad_.data());
}

SolveStats PdhgSolver::solve(double* U) {
  SolveStats st;
  for (long it = 0;; ++it) {
    st.residual = sys_.residual(U, F_.data());
    st.iterations = it;
    if (!std::isfinite(st.residual)) {
      st.why = "the iterate is not finite";
      return st;
    }
    if (st.residual < s_.tol) {
      st.converged = true;
      P_good_ = P_;
      return st;
    }
    if (it == s_.max_iter) {
      std::ostringstream os;
      os << "no convergence within max_iter = " << s_.max_iter << " iterations";
      st.why = os.str();
      return st;
    }
    update(U);
  }
}

}  // namespace pdhg_rd
