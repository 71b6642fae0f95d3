#include "test_function.hpp"

#include <cmath>

#include <wprox/errors.hpp>

namespace wprox::npdg {

BoundaryFactor boundary_factor_from_name(const std::string& name) {
  if (name == "distance") return BoundaryFactor::distance;
  if (name == "smooth") return BoundaryFactor::smooth;
  throw InputError("test function: boundary factor '" + name + "' is unknown (distance, smooth)");
}

const char* boundary_factor_name(BoundaryFactor f) { return f == BoundaryFactor::distance ? "distance" : "smooth"; }

void boundary_factor(BoundaryFactor f, double lo, double hi, const Matrix& X, Vector& m, Matrix& grad_m) {
  const long B = X.cols();
  const int d = int(X.rows());
  m.resize(B);
  grad_m.setZero(d, B);
  for (long j = 0; j < B; ++j) {
    // The nearest face (ties: lowest axis, lower face first: deterministic).
    double best = X(0, j) - lo;
    int axis = 0;
    double sign = 1.0;
    for (int i = 0; i < d; ++i) {
      const double down = X(i, j) - lo, up = hi - X(i, j);
      if (down < best) {
        best = down;
        axis = i;
        sign = 1.0;
      }
      if (up < best) {
        best = up;
        axis = i;
        sign = -1.0;
      }
    }
    if (f == BoundaryFactor::distance || best <= 0.0) {
      // On the boundary the smooth factor's gradient is the face normal too.
      m[j] = std::max(best, 0.0);
      grad_m(axis, j) = sign;
      continue;
    }
    // (sum delta^-2)^(-1/2), scaled by the nearest distance so that no
    // power over- or underflows: sum (best/delta)^2 is in [1, 2d].
    double s = 0.0;
    for (int i = 0; i < d; ++i) {
      const double a = best / (X(i, j) - lo), b = best / (hi - X(i, j));
      s += a * a + b * b;
    }
    const double mj = best / std::sqrt(s);
    m[j] = mj;
    for (int i = 0; i < d; ++i) {
      const double a = mj / (X(i, j) - lo), b = mj / (hi - X(i, j));
      grad_m(i, j) = a * a * a - b * b * b;
    }
  }
}

TestFunction::TestFunction(int dim, double lower, double upper, const NetworkSettings& s, std::uint64_t seed,
                           BoundaryFactor factor)
    : net_(make_network(dim, s, seed)), lo_(lower), hi_(upper), factor_(factor) {
  WPROX_REQUIRE(lower < upper, InputError, "test function: empty box [" << lower << ", " << upper << "]");
}

InputJet TestFunction::jet(const Matrix& X, Tape* tape) const {
  Tape local;
  Tape& t = tape ? *tape : local;
  boundary_factor(factor_, lo_, hi_, X, t.m, t.grad_m);
  const InputJet n = net_.jet(X, value_and_gradient(), tape ? &t.net : nullptr);
  InputJet phi;
  phi.u = t.m.cwiseProduct(n.u);
  phi.grad = n.grad * t.m.asDiagonal() + t.grad_m * n.u.asDiagonal();
  return phi;
}

Vector TestFunction::jet_vjp(const Tape& t, const InputJet& w) const {
  const long B = t.m.size();
  WPROX_REQUIRE(w.u.size() == 0 || w.u.size() == B, DimensionMismatch,
                "test function: value weights for " << w.u.size() << " points, the tape has " << B);
  WPROX_REQUIRE(w.grad.size() == 0 || (w.grad.rows() == t.grad_m.rows() && w.grad.cols() == B), DimensionMismatch,
                "test function: gradient weights of shape " << w.grad.rows() << " x " << w.grad.cols()
                                                            << ", the tape has " << t.grad_m.rows() << " x " << B);
  InputJet wn;
  wn.u = w.u.size() ? Vector(t.m.cwiseProduct(w.u)) : Vector::Zero(B);
  if (w.grad.size()) {
    wn.u += t.grad_m.cwiseProduct(w.grad).colwise().sum().transpose();
    wn.grad = w.grad * t.m.asDiagonal();
  }
  return net_.jet_vjp(t.net, wn);
}

InputJet TestFunction::jet_jvp(const Tape& t, const Vector& v) const {
  const InputJet dn = net_.jet_jvp(t.net, v);
  InputJet out;
  out.u = t.m.cwiseProduct(dn.u);
  out.grad = dn.grad * t.m.asDiagonal() + t.grad_m * dn.u.asDiagonal();
  return out;
}

}  // namespace wprox::npdg
