#include "linear_solvers.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <Eigen/IterativeLinearSolvers>
#include <wprox/spectral.hpp>

namespace wprox::pdhg_hj {

void DirectSolver::factor(const HjGrid& g, const SparseMatrix& a, bool spd) {
  dim_ = g.dim;
  spd_ = spd;
  if (dim_ == 1) {
    const long n = a.rows();
    long b = 1;
    for (int col = 0; col < a.outerSize(); ++col)
      for (SparseMatrix::InnerIterator it(a, col); it; ++it) {
        const long dist = std::labs(it.row() - it.col());
        b = std::max(b, std::min(dist, n - dist));
      }
    band_.factor(a, int(b));
    return;
  }
  if (spd)
    ldlt_.compute(a);
  else
    lu_.compute(a);
}

void DirectSolver::solve(double* x) const {
  if (dim_ == 1) {
    band_.solve(x);
    return;
  }
  Eigen::Map<Eigen::VectorXd> v(x, spd_ ? ldlt_.rows() : lu_.rows());
  const Eigen::VectorXd r = v;
  if (spd_)
    v = ldlt_.solve(r);
  else
    v = lu_.solve(r);
}

namespace {

// Eigen's preconditioner interface around a spectral multiplier.
struct SpectralPreconditioner {
  const SpectralTransform* transform = nullptr;
  const std::vector<double>* multiplier = nullptr;
  template <class M>
  SpectralPreconditioner& analyzePattern(const M&) {
    return *this;
  }
  template <class M>
  SpectralPreconditioner& factorize(const M&) {
    return *this;
  }
  template <class M>
  SpectralPreconditioner& compute(const M&) {
    return *this;
  }
  Eigen::ComputationInfo info() { return Eigen::Success; }
  template <class R>
  Eigen::VectorXd solve(const R& b) const {
    Eigen::VectorXd x = b;
    transform->apply(x.data(), x.data(), multiplier->data());
    return x;
  }
};

}  // namespace

struct KrylovSolver::Impl {
  SpectralTransform transform;
  std::vector<double> lambda, multiplier;
  double visc;
  Impl(const HjGrid& g, double v) : transform(g.tensor), lambda(transform.laplacian_symbol()), visc(v) {}
};

KrylovSolver::KrylovSolver(const HjGrid& g, double visc) : impl_(std::make_unique<Impl>(g, visc)) {}
KrylovSolver::~KrylovSolver() = default;

bool KrylovSolver::solve(const SparseMatrix& a, double dt, double kappa, const double* b, double* x,
                         double rel_tol) {
  Impl& s = *impl_;
  s.multiplier.resize(s.lambda.size());
  for (std::size_t k = 0; k < s.lambda.size(); ++k)
    s.multiplier[k] = 1.0 / (1.0 / dt - s.visc * s.lambda[k] + kappa * std::sqrt(-s.lambda[k]));
  Eigen::BiCGSTAB<SparseMatrix, SpectralPreconditioner> bicg;
  bicg.setTolerance(rel_tol);
  bicg.setMaxIterations(std::max<long>(200, 4 * long(std::sqrt(double(a.rows())))));
  bicg.compute(a);
  bicg.preconditioner().transform = &s.transform;
  bicg.preconditioner().multiplier = &s.multiplier;
  const Eigen::Map<const Eigen::VectorXd> rhs(b, a.rows());
  Eigen::Map<Eigen::VectorXd> sol(x, a.rows());
  const Eigen::VectorXd guess = sol;
  const Eigen::VectorXd out = bicg.solveWithGuess(rhs, guess);
  iterations_ = bicg.iterations();
  if (bicg.info() != Eigen::Success || !out.allFinite()) return false;
  sol = out;
  return true;
}

}  // namespace wprox::pdhg_hj
