#pragma once
// The closed forms every "hj" solver here discretizes with: the control model
// of one axis at one grid point (drift, gain, cost), its Hamiltonian, the
// upwind (Engquist-Osher type) numerical Hamiltonian, the maximizing
// controls and the proximal step on a control.
#include <algorithm>
#include <cmath>

#include <wprox/kinds/hj.hpp>

namespace wprox::pdhg_hj {

// The control model of one axis at one point, f_i = drift + gain * a, cost
// ell(a), with the closed forms solvers need. Solvers evaluate it once per
// grid point and axis and keep it, so the iterations make no virtual calls.
struct HjLocalModel {
  ControlCost cost = ControlCost::Quadratic;
  double drift = 0.0;
  double gain = 0.0;  // 0: the axis is not controlled

  // ell*(q): the convex conjugate of the control cost.
  double cost_conjugate(double q) const { return cost == ControlCost::Quadratic ? 0.5 * q * q : std::abs(q); }
  double running_cost(double a) const {
    if (cost == ControlCost::Quadratic) return 0.5 * a * a;
    return std::abs(a) <= 1.0 + 1e-12 ? 0.0 : HUGE_VAL;
  }
  // This axis' term of H: -drift p + ell*(-gain p).
  double hamiltonian(double p) const { return -drift * p + cost_conjugate(-gain * p); }
  // The maximizing control for a gradient component p (the feedback law
  // alpha*_i(x) = argmax with p = d_i phi). Box: sign(-gain p), 0 at p = 0.
  double argmax_control(double p) const {
    const double q = -gain * p;
    if (cost == ControlCost::Quadratic) return q;
    return q > 0 ? 1.0 : (q < 0 ? -1.0 : 0.0);
  }

  // Upwind split (Engquist-Osher type) from the control split
  // alpha = a1 + a2, f(a1) >= 0 paired with the forward difference p+ and
  // f(a2) <= 0 with the backward difference p-; the drift is split by sign:
  //   Hnum = -max(b,0) p+ - min(b,0) p-
  //          + sup_{s a >= 0} (-p+ s a - ell(a)) + sup_{s a <= 0} (-p- s a - ell(a))
  //   quadratic: ... + s^2 min(p+,0)^2 / 2 + s^2 max(p-,0)^2 / 2
  //   box:       ... + |s| max(-p+,0) + |s| max(p-,0)
  // Nonincreasing in p+, nondecreasing in p-, and Hnum(p, p) = hamiltonian(p).
  double upwind_hamiltonian(double p_plus, double p_minus) const {
    const double lo = std::min(p_plus, 0.0), hi = std::max(p_minus, 0.0);
    double h = -std::max(drift, 0.0) * p_plus - std::min(drift, 0.0) * p_minus;
    if (cost == ControlCost::Quadratic)
      h += 0.5 * gain * gain * (lo * lo + hi * hi);
    else
      h += std::abs(gain) * (hi - lo);
    return h;
  }
  // dHnum/dp+ (<= 0) and dHnum/dp- (>= 0): the upwind speeds that set an
  // explicit scheme's CFL limit. Quadratic cost: the derivatives at (p+, p-).
  // Box cost: Hnum is piecewise linear, so the derivative at one point says
  // nothing about a neighbouring state: the Lipschitz bounds -b+ - |s| and
  // -b- + |s| are returned for every p.
  void upwind_speeds(double p_plus, double p_minus, double& d_plus, double& d_minus) const {
    d_plus = -std::max(drift, 0.0);
    d_minus = -std::min(drift, 0.0);
    if (cost == ControlCost::Quadratic) {
      d_plus += gain * gain * std::min(p_plus, 0.0);
      d_minus += gain * gain * std::max(p_minus, 0.0);
    } else {
      d_plus -= std::abs(gain);
      d_minus += std::abs(gain);
    }
  }
  // The two halves of the split control at their maxima:
  //   a1 = argmax_{s a >= 0} (-p+ s a - ell(a)),  a2 = argmax_{s a <= 0} (-p- s a - ell(a)).
  // Then Hnum = -(drift+ + s a1) p+ - (drift- + s a2) p- - ell(a1) - ell(a2).
  void split_argmax(double p_plus, double p_minus, double& a1, double& a2) const {
    if (cost == ControlCost::Quadratic) {
      a1 = -gain * std::min(p_plus, 0.0);
      a2 = -gain * std::max(p_minus, 0.0);
    } else {
      const double sg = gain > 0 ? 1.0 : (gain < 0 ? -1.0 : 0.0);
      a1 = p_plus < 0 ? sg : 0.0;
      a2 = p_minus > 0 ? -sg : 0.0;
    }
  }
  // Proximal ascent step on one half of the split control:
  //   argmax_{a in A} rho (-p s a - ell(a)) - (a - a_prev)^2 / (2 sigma)
  // with A = {s a >= 0} (upper = true: the half paired with p+) or
  // {s a <= 0}, intersected with [-1, 1] for a box cost. The objective is a
  // concave function of one variable, so its unconstrained maximizer clipped
  // to the interval A is exact.
  double prox_control(double p, double rho, double a_prev, double sigma, bool upper) const {
    if (gain == 0.0) return 0.0;
    double a, lo = -HUGE_VAL, hi = HUGE_VAL;
    if (cost == ControlCost::Quadratic) {
      a = (a_prev - sigma * rho * p * gain) / (1.0 + sigma * rho);
    } else {
      a = a_prev - sigma * rho * p * gain;
      lo = -1.0;
      hi = 1.0;
    }
    if ((gain > 0) == upper)
      lo = std::max(lo, 0.0);
    else
      hi = std::min(hi, 0.0);
    return std::clamp(a, lo, hi);
  }
};

inline HjLocalModel local_model(const HjProblem& p, int i, const double* x) {
  return {p.control_cost(), p.drift(i, x), p.gain(i, x)};
}

}  // namespace wprox::pdhg_hj
