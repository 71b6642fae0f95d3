// prox_{tau V} row by row (see wprox/potential_prox.hpp).
#include "wprox/potential_prox.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <sstream>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"

namespace wprox {
namespace {

struct RowOutcome {
  long iterations = 0;
  double residual = 0.0;  // |F(z)|_2 / max(1, |y|_2)
  bool converged = false;
};

// The prox objective phi(z) = V(z) + |z - y|^2 / (2 tau) and its residual
// F(z) = z + tau grad V(z) - y = tau grad phi(z), evaluated together.
struct ProxObjective {
  const Potential& V;
  const Vector& y;
  double tau;

  double eval(const Vector& z, Vector& gradV, Vector& F) const {
    const double v = V.value_and_gradient(z.data(), gradV.data());
    F = z + tau * gradV - y;
    return v + (z - y).squaredNorm() / (2.0 * tau);
  }
};

RowOutcome solve_row(const Potential& V, const Vector& y, double tau, const PotentialProxOptions& opt, Vector& z) {
  const long d = y.size();
  const double scale = std::max(1.0, y.norm());
  const ProxObjective obj{V, y, tau};
  Vector gradV(d), F(d), zt(d), gradVt(d), Ft(d), dir(d);
  Matrix H(d, d), Binv = Matrix::Identity(d, d) * tau;  // BFGS inverse Hessian of phi
  std::vector<double> hbuf(std::size_t(d * d));
  const bool has_hessian = V.hessian(y.data(), hbuf.data());

  // Start from the explicit step y - tau grad V(y) (exact to O(tau^2) when
  // tau |Hess V| is small), or from y itself when that is better for the
  // objective (a stiff V makes the explicit step overshoot by far).
  z = y;
  double phi = obj.eval(z, gradV, F);
  zt = y - tau * gradV;
  const double phit0 = obj.eval(zt, gradVt, Ft);
  if (phit0 < phi) {
    z = zt;
    phi = phit0;
    gradV = gradVt;
    F = Ft;
  }
  RowOutcome out;
  for (long it = 0;; ++it) {
    out.iterations = it;
    out.residual = F.norm() / scale;
    if (!std::isfinite(out.residual)) return out;
    if (out.residual <= opt.tol) {
      out.converged = true;
      return out;
    }
    if (it >= opt.max_iterations) return out;

    // grad phi = F / tau. Direction: Newton, BFGS, or steepest descent.
    if (has_hessian) {
      V.hessian(z.data(), hbuf.data());
      for (long r = 0; r < d; ++r)
        for (long c = 0; c < d; ++c) H(r, c) = tau * hbuf[std::size_t(r * d + c)] + (r == c ? 1.0 : 0.0);
      Eigen::LLT<Matrix> llt(H);
      if (llt.info() == Eigen::Success)
        dir = -llt.solve(F);
      else
        dir = -F;  // phi is not convex here: fall back to its gradient
    } else {
      dir = -(Binv * F) / tau;
    }
    double slope = dir.dot(F) / tau;  // directional derivative of phi
    if (!(slope < 0.0)) {
      dir = -F;
      slope = -F.squaredNorm() / tau;
      Binv = Matrix::Identity(d, d) * tau;
    }

    // Backtracking: accept a sufficient decrease of phi, or (once phi's
    // decrease is lost in rounding near the solution) of the residual.
    const double fnorm = F.norm();
    double t = 1.0;
    double phit = 0.0;
    bool accepted = false;
    for (int halvings = 0; halvings < 60; ++halvings, t *= 0.5) {
      zt = z + t * dir;
      phit = obj.eval(zt, gradVt, Ft);
      if (!std::isfinite(phit)) continue;
      if (phit <= phi + 1e-4 * t * slope || Ft.norm() <= (1.0 - 1e-4 * t) * fnorm) {
        accepted = true;
        break;
      }
    }
    if (!accepted) return out;

    if (!has_hessian) {
      // BFGS update of the inverse Hessian of phi; skipped when the
      // curvature condition fails (phi locally non-convex).
      const Vector s = zt - z;
      const Vector yv = (Ft - F) / tau;
      const double sy = s.dot(yv);
      if (sy > 1e-300) {
        const double rho = 1.0 / sy;
        const Vector By = Binv * yv;
        Binv += (rho * rho * yv.dot(By) + rho) * (s * s.transpose()) - rho * (By * s.transpose() + s * By.transpose());
      }
    }
    z = zt;
    F = Ft;
    gradV = gradVt;
    phi = phit;
  }
}

}  // namespace

PotentialProx::PotentialProx(const Potential& V, PotentialProxOptions opt) : V_(V), opt_(opt) {}

void PotentialProx::apply(const Particles& y, double tau, Particles& z, long step, PotentialProxStats* stats) const {
  WPROX_REQUIRE(y.cols() == V_.dim(), DimensionMismatch,
                "prox: particles have " << y.cols() << " columns but the potential has dimension " << V_.dim());
  WPROX_REQUIRE(tau > 0.0, InputError, "prox: tau = " << tau << " must be > 0");
  const long n = y.rows(), d = y.cols();
  z.resize(n, d);
  std::vector<RowOutcome> outcomes(static_cast<std::size_t>(n));
  parallel_for(n, [&](long begin, long end) {
    Vector yi(d), zi(d);
    for (long i = begin; i < end; ++i) {
      yi = y.row(i).transpose();
      outcomes[std::size_t(i)] = solve_row(V_, yi, tau, opt_, zi);
      z.row(i) = zi.transpose();
    }
  });
  // Report the first failing row (lowest index: independent of scheduling).
  PotentialProxStats st;
  for (long i = 0; i < n; ++i) {
    const RowOutcome& o = outcomes[std::size_t(i)];
    if (!o.converged) {
      std::ostringstream os;
      os << "prox of the potential did not converge for particle " << i << ": residual " << o.residual << " (tolerance "
         << opt_.tol << ") after " << o.iterations << " iterations, tau = " << tau;
      throw RunError(step, os.str());
    }
    st.max_iterations = std::max(st.max_iterations, o.iterations);
    st.max_residual = std::max(st.max_residual, o.residual);
  }
  if (stats) *stats = st;
}

}  // namespace wprox
