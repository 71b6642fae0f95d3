#pragma once
// The closed forms every "hj" solver here discretizes with: the control model
// at one grid point and time (drift b, gain matrix G, cost), its Hamiltonian,
// the upwind (Engquist-Osher type) numerical Hamiltonian, the maximizing
// controls and the proximal step on a control.
//
// Upwinding by splitting each control component by sign. Write every
// component as alpha_j = u_j + w_j with u_j >= 0 and w_j <= 0 (on a box
// cost u_j in [0, 1], w_j in [-1, 0]). Their velocities G_ij u_j and
// G_ij w_j have known signs, so each is paired with the one-sided
// difference it reads from: a velocity >= 0 along axis i with
// p+_i = D+_i phi, one <= 0 with p-_i = D-_i phi. With
//   Qu_j = sum_i G_ij (G_ij > 0 ? p+_i : p-_i),   Qw_j = sum_i G_ij (G_ij > 0 ? p-_i : p+_i)
// (what u_j and w_j see) and the drift split by sign (b+ with p+, b- with p-),
//   Hnum(p+, p-) = -sum_i (b+_i p+_i + b-_i p-_i)
//                  + sum_j [ sup_{u >= 0} (-u Qu_j - ell(u)) + sup_{w <= 0} (-w Qw_j - ell(w)) ]
//   quadratic: ... + sum_j [ min(Qu_j, 0)^2 + max(Qw_j, 0)^2 ] / 2
//   box:       ... + sum_j [ max(-Qu_j, 0) + max(Qw_j, 0) ].
// Hnum is nonincreasing in every p+_i and nondecreasing in every p-_i
// (monotone), convex, and Hnum(p, p) = H(p) (consistent): at p+ = p- the
// two sups add up to ell*(-(G^T p)_j). For a diagonal G this is the
// Engquist-Osher split of each axis' term.
//
// At fixed controls (u, w) the scheme is linear in phi with the velocities
//   v+_i = b+_i + sum_j [G_ij > 0] G_ij u_j + [G_ij < 0] G_ij w_j   (>= 0, with p+_i)
//   v-_i = b-_i + sum_j [G_ij < 0] G_ij u_j + [G_ij > 0] G_ij w_j   (<= 0, with p-_i)
// and at the maximizing controls -v+_i = dHnum/dp+_i, -v-_i = dHnum/dp-_i.
#include <algorithm>
#include <cmath>

#include <wprox/kinds/hj.hpp>

namespace wprox::pdhg_hj {

constexpr int kMaxDim = HjProblem::kMaxDim;

struct HjLocalModel {
  ControlCost cost = ControlCost::Quadratic;
  int dim = 1;
  double drift[kMaxDim] = {0, 0, 0};
  double gain[kMaxDim][kMaxDim] = {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}};  // gain[i][j] = G_ij
  bool diagonal = true;  // G diagonal: each component moves its own axis (the fast path)

  double running_cost(double a) const {
    if (cost == ControlCost::Quadratic) return 0.5 * a * a;
    return std::abs(a) <= 1.0 + 1e-12 ? 0.0 : HUGE_VAL;
  }
  // H(p) = -<b, p> + sum_j ell*(-(G^T p)_j).
  double hamiltonian(const double* p) const {
    double h = 0.0;
    for (int i = 0; i < dim; ++i) h -= drift[i] * p[i];
    for (int j = 0; j < dim; ++j) {
      double q = 0.0;
      for (int i = 0; i < dim; ++i) q -= gain[i][j] * p[i];
      h += cost == ControlCost::Quadratic ? 0.5 * q * q : std::abs(q);
    }
    return h;
  }
  // The maximizing control at a gradient p (the feedback law alpha*(x) with
  // p = grad phi): -(G^T p)_j (quadratic) or its sign, 0 at 0 (box).
  void argmax_control(const double* p, double* alpha) const {
    for (int j = 0; j < dim; ++j) {
      double q = 0.0;
      for (int i = 0; i < dim; ++i) q -= gain[i][j] * p[i];
      alpha[j] = cost == ControlCost::Quadratic ? q : (q > 0 ? 1.0 : (q < 0 ? -1.0 : 0.0));
    }
  }
  // True when control component j moves nothing here (column j of G is 0).
  bool column_zero(int j) const {
    for (int i = 0; i < dim; ++i)
      if (gain[i][j] != 0.0) return false;
    return true;
  }

  // What the halves of component j see: Qu_j and Qw_j (see the header).
  void split_slopes(const double* pp, const double* pm, double* qu, double* qw) const {
    if (diagonal) {
      for (int j = 0; j < dim; ++j) {
        const double g = gain[j][j];
        qu[j] = g * (g > 0 ? pp[j] : pm[j]);
        qw[j] = g * (g > 0 ? pm[j] : pp[j]);
      }
      return;
    }
    for (int j = 0; j < dim; ++j) {
      double su = 0.0, sw = 0.0;
      for (int i = 0; i < dim; ++i) {
        const double g = gain[i][j];
        su += g * (g > 0 ? pp[i] : pm[i]);
        sw += g * (g > 0 ? pm[i] : pp[i]);
      }
      qu[j] = su;
      qw[j] = sw;
    }
  }
  double drift_term(const double* pp, const double* pm) const {
    double h = 0.0;
    for (int i = 0; i < dim; ++i) h -= std::max(drift[i], 0.0) * pp[i] + std::min(drift[i], 0.0) * pm[i];
    return h;
  }
  double upwind_hamiltonian(const double* pp, const double* pm) const {
    double qu[kMaxDim], qw[kMaxDim];
    split_slopes(pp, pm, qu, qw);
    double h = drift_term(pp, pm);
    for (int j = 0; j < dim; ++j) {
      const double lo = std::min(qu[j], 0.0), hi = std::max(qw[j], 0.0);
      h += cost == ControlCost::Quadratic ? 0.5 * (lo * lo + hi * hi) : hi - lo;
    }
    return h;
  }
  // The maximizing halves: u_j = argmax_{u >= 0} (-u Qu_j - ell(u)),
  // w_j = argmax_{w <= 0} (-w Qw_j - ell(w)).
  void split_argmax(const double* pp, const double* pm, double* u, double* w) const {
    double qu[kMaxDim], qw[kMaxDim];
    split_slopes(pp, pm, qu, qw);
    for (int j = 0; j < dim; ++j) {
      if (cost == ControlCost::Quadratic) {
        u[j] = std::max(-qu[j], 0.0);
        w[j] = std::min(-qw[j], 0.0);
      } else {
        u[j] = qu[j] < 0 ? 1.0 : 0.0;
        w[j] = qw[j] > 0 ? -1.0 : 0.0;
      }
    }
  }
  // The velocities v+ >= 0 and v- <= 0 of the split at controls (u, w).
  void split_velocity(const double* u, const double* w, double* vp, double* vm) const {
    if (diagonal) {
      for (int i = 0; i < dim; ++i) {
        const double g = gain[i][i];
        vp[i] = std::max(drift[i], 0.0) + (g > 0 ? g * u[i] : g * w[i]);
        vm[i] = std::min(drift[i], 0.0) + (g > 0 ? g * w[i] : g * u[i]);
      }
      return;
    }
    for (int i = 0; i < dim; ++i) {
      double up = std::max(drift[i], 0.0), dn = std::min(drift[i], 0.0);
      for (int j = 0; j < dim; ++j) {
        const double g = gain[i][j];
        if (g > 0) {
          up += g * u[j];
          dn += g * w[j];
        } else if (g < 0) {
          dn += g * u[j];
          up += g * w[j];
        }
      }
      vp[i] = up;
      vm[i] = dn;
    }
  }
  double split_cost(const double* u, const double* w) const {
    double c = 0.0;
    for (int j = 0; j < dim; ++j) c += running_cost(u[j]) + running_cost(w[j]);
    return c;
  }
  // dHnum/dp+_i (<= 0) and dHnum/dp-_i (>= 0): the upwind speeds that set an
  // explicit scheme's CFL limit. Quadratic cost: -v+ and -v- at the
  // maximizing controls at (p+, p-). Box cost: Hnum is piecewise linear, so
  // the derivative at one point says nothing about a neighbouring state:
  // the Lipschitz bounds b+_i + sum_j |G_ij| and -b-_i + sum_j |G_ij| are
  // returned for every p.
  void upwind_speeds(const double* pp, const double* pm, double* d_plus, double* d_minus) const {
    if (cost == ControlCost::Quadratic) {
      double u[kMaxDim], w[kMaxDim], vp[kMaxDim], vm[kMaxDim];
      split_argmax(pp, pm, u, w);
      split_velocity(u, w, vp, vm);
      for (int i = 0; i < dim; ++i) {
        d_plus[i] = -vp[i];
        d_minus[i] = -vm[i];
      }
      return;
    }
    for (int i = 0; i < dim; ++i) {
      double s = 0.0;
      for (int j = 0; j < dim; ++j) s += std::abs(gain[i][j]);
      d_plus[i] = -std::max(drift[i], 0.0) - s;
      d_minus[i] = -std::min(drift[i], 0.0) + s;
    }
  }
  // Proximal ascent step on one half of a control component, seeing slope q:
  //   argmax_{a in A} rho (-a q - ell(a)) - (a - a_prev)^2 / (2 sigma)
  // with A = [0, inf) (upper half u) or (-inf, 0] (lower half w),
  // intersected with [-1, 1] for a box cost. The objective is a concave
  // function of one variable, so its unconstrained maximizer clipped to A is
  // exact. rho_sigma = rho * sigma.
  double prox_control(double q, double rho_sigma, double a_prev, bool upper) const {
    double a, lo = upper ? 0.0 : -HUGE_VAL, hi = upper ? HUGE_VAL : 0.0;
    if (cost == ControlCost::Quadratic) {
      a = (a_prev - rho_sigma * q) / (1.0 + rho_sigma);
    } else {
      a = a_prev - rho_sigma * q;
      lo = std::max(lo, -1.0);
      hi = std::min(hi, 1.0);
    }
    return std::clamp(a, lo, hi);
  }
};

// The model of `p` at the point x and time-to-go t.
inline HjLocalModel local_model(const HjProblem& p, const double* x, double t) {
  HjLocalModel m;
  m.cost = p.control_cost();
  m.dim = p.dim();
  for (int i = 0; i < m.dim; ++i) {
    m.drift[i] = p.drift(i, x, t);
    for (int j = 0; j < m.dim; ++j) {
      m.gain[i][j] = p.gain(i, j, x, t);
      if (i != j && m.gain[i][j] != 0.0) m.diagonal = false;
    }
  }
  return m;
}

}  // namespace wprox::pdhg_hj
