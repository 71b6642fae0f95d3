// Values and gradients of the interpolated TT at arbitrary points.
//
// Every axis rule is linear in the node values, so it is applied to the
// cores once per call: a Lagrange axis gets its core mapped to Legendre
// coefficients (the polynomial through the nodes, in a basis whose
// recurrence is stable for values and derivatives alike, with none of the
// cancellation of the barycentric derivative formula next to a node); a
// spline axis gets a second core holding the spline's second derivatives
// at the nodes. A point then needs, per axis, one r_k x r_{k+1} value slice
// and one derivative slice, and the gradient follows from prefix and suffix
// products of the value slices.
#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>

#include "tt_internal.hpp"
#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"
#include "wprox/tensor_train.hpp"

namespace wprox {

namespace {

using tt_detail::ConstMap;

// Maps node values to the interpolant's data along the mode: `rows` x n.
Matrix legendre_coefficient_map(const TTAxis& ax) {
  // V(i, m) = P_m(t_i) on the axis mapped to [-1, 1]; the coefficients of
  // the interpolating polynomial are V^{-1} f.
  const int n = ax.size();
  const double c = 0.5 * (ax.lo + ax.hi), h = 0.5 * (ax.hi - ax.lo);
  Matrix V(n, n);
  for (int i = 0; i < n; ++i) {
    const double t = (ax.nodes[std::size_t(i)] - c) / h;
    double p0 = 1.0, p1 = t;
    V(i, 0) = 1.0;
    if (n > 1) V(i, 1) = t;
    for (int m = 1; m + 1 < n; ++m) {
      const double p2 = ((2.0 * m + 1.0) * t * p1 - m * p0) / (m + 1.0);
      V(i, m + 1) = p2;
      p0 = p1;
      p1 = p2;
    }
  }
  return V.fullPivLu().inverse();
}

// Second derivatives at the nodes of the not-a-knot cubic spline through
// node values f: m = S f (n x n).
Matrix spline_second_derivative_map(const TTAxis& ax) {
  const int n = ax.size();
  const std::vector<double>& x = ax.nodes;
  std::vector<double> h(std::size_t(n) - 1);
  for (int j = 0; j + 1 < n; ++j) h[std::size_t(j)] = x[std::size_t(j) + 1] - x[std::size_t(j)];
  Matrix S = Matrix::Zero(n, n);
  if (n == 2) return S;  // the line
  if (n == 3) {
    // The parabola: constant second derivative 2 f[x0, x1, x2].
    const double s = 2.0 / (h[0] + h[1]);
    for (int i = 0; i < 3; ++i) {
      S(i, 0) = s / h[0];
      S(i, 1) = -s * (1.0 / h[0] + 1.0 / h[1]);
      S(i, 2) = s / h[1];
    }
    return S;
  }
  // Interior rows: continuity of s'; end rows: continuity of s''' at the
  // second and the second-to-last node (not-a-knot).
  Matrix A = Matrix::Zero(n, n), B = Matrix::Zero(n, n);
  A(0, 0) = -h[1];
  A(0, 1) = h[0] + h[1];
  A(0, 2) = -h[0];
  for (int j = 1; j + 1 < n; ++j) {
    const double hl = h[std::size_t(j) - 1], hr = h[std::size_t(j)];
    A(j, j - 1) = hl;
    A(j, j) = 2.0 * (hl + hr);
    A(j, j + 1) = hr;
    B(j, j - 1) = 6.0 / hl;
    B(j, j) = -6.0 / hl - 6.0 / hr;
    B(j, j + 1) = 6.0 / hr;
  }
  const double ha = h[std::size_t(n) - 3], hb = h[std::size_t(n) - 2];
  A(n - 1, n - 3) = -hb;
  A(n - 1, n - 2) = ha + hb;
  A(n - 1, n - 1) = -ha;
  return A.fullPivLu().solve(B);
}

// The core with M applied along its mode: (r rows(M)) x r'.
Matrix map_mode(const Matrix& core, int r, int n, const Matrix& M) {
  const Eigen::Index m = M.rows(), r1 = core.cols();
  Matrix out(Eigen::Index(r) * m, r1);
  for (Eigen::Index b = 0; b < r1; ++b)
    tt_detail::MutMap(out.data() + r * m * b, r, m).noalias() =
        ConstMap(core.data() + Eigen::Index(r) * n * b, r, n) * M.transpose();
  return out;
}

// Per-axis data prepared once per call.
struct AxisData {
  TTInterpolation rule;
  int r = 1, r1 = 1, n = 2;
  double lo = 0, hi = 0;
  double centre = 0, half = 1;  // Lagrange: t = (x - centre) / half
  Matrix aux;                   // Lagrange: coefficient core; spline: second-derivative core
  const Matrix* core = nullptr;
  const std::vector<double>* nodes = nullptr;
};

// Scratch for one thread.
struct Work {
  Vector p, dp;
};

// value and d/dx slices of axis data `a` at coordinate x (already clamped).
void axis_slices(const AxisData& a, double x, bool want_d, Matrix& V, Matrix& D, Work& w) {
  if (a.rule == TTInterpolation::Lagrange) {
    const double t = (x - a.centre) / a.half;
    w.p.resize(a.n);
    w.dp.resize(a.n);
    // P_{m+1} = ((2m+1) t P_m - m P_{m-1}) / (m+1),  P'_{m+1} = P'_{m-1} + (2m+1) P_m.
    w.p[0] = 1.0;
    w.p[1] = t;
    w.dp[0] = 0.0;
    w.dp[1] = 1.0;
    for (int m = 1; m + 1 < a.n; ++m) {
      w.p[m + 1] = ((2.0 * m + 1.0) * t * w.p[m] - m * w.p[m - 1]) / (m + 1.0);
      w.dp[m + 1] = w.dp[m - 1] + (2.0 * m + 1.0) * w.p[m];
    }
    V.resize(a.r, a.r1);
    if (want_d) D.resize(a.r, a.r1);
    for (int b = 0; b < a.r1; ++b) {
      const ConstMap block(a.aux.data() + Eigen::Index(a.r) * a.n * b, a.r, a.n);
      V.col(b).noalias() = block * w.p;
      if (want_d) D.col(b).noalias() = block * w.dp / a.half;
    }
    return;
  }
  // Spline: the piece [x_j, x_{j+1}] holding x; the end pieces extend to
  // [lo, hi] (their cubic continues past the outer nodes).
  const std::vector<double>& xs = *a.nodes;
  int j = int(std::upper_bound(xs.begin(), xs.end(), x) - xs.begin()) - 1;
  j = std::clamp(j, 0, a.n - 2);
  const double h = xs[std::size_t(j) + 1] - xs[std::size_t(j)];
  const double B = (x - xs[std::size_t(j)]) / h, A = 1.0 - B;
  const Eigen::Index r = a.r;
  const auto G0 = a.core->middleRows(r * j, r), G1 = a.core->middleRows(r * (j + 1), r);
  const auto M0 = a.aux.middleRows(r * j, r), M1 = a.aux.middleRows(r * (j + 1), r);
  V.noalias() = A * G0 + B * G1 + (h * h / 6.0) * ((A * A * A - A) * M0 + (B * B * B - B) * M1);
  if (want_d) D.noalias() = (G1 - G0) / h + (h / 6.0) * ((1.0 - 3.0 * A * A) * M0 + (3.0 * B * B - 1.0) * M1);
}

}  // namespace

void tt_evaluate(const TensorTrain& tt, const RowMatrix& points, Vector& values, RowMatrix* gradients,
                 TTOutside outside) {
  const int d = tt.dim();
  WPROX_REQUIRE(d >= 1, InputError, "tt_evaluate: empty tensor train");
  WPROX_REQUIRE(points.cols() == d, DimensionMismatch,
                "tt_evaluate: points have " << points.cols() << " columns but the tensor train has dimension " << d);
  const long M = long(points.rows());
  if (outside == TTOutside::Error)
    for (long p = 0; p < M; ++p)
      for (int k = 0; k < d; ++k) {
        const double x = points(p, k);
        WPROX_REQUIRE(!(x < tt.axis(k).lo || x > tt.axis(k).hi), InputError,
                      "tt_evaluate: point " << p << " has coordinate " << k << " = " << x << " outside the box ["
                                            << tt.axis(k).lo << ", " << tt.axis(k).hi << "]");
      }

  std::vector<AxisData> axes(static_cast<std::size_t>(d));
  for (int k = 0; k < d; ++k) {
    const TTAxis& ax = tt.axis(k);
    AxisData& a = axes[std::size_t(k)];
    a.rule = ax.interpolation;
    a.r = tt.rank(k);
    a.r1 = tt.rank(k + 1);
    a.n = ax.size();
    a.lo = ax.lo;
    a.hi = ax.hi;
    a.centre = 0.5 * (ax.lo + ax.hi);
    a.half = 0.5 * (ax.hi - ax.lo);
    a.core = &tt.core(k);
    a.nodes = &ax.nodes;
    const Matrix map =
        a.rule == TTInterpolation::Lagrange ? legendre_coefficient_map(ax) : spline_second_derivative_map(ax);
    a.aux = map_mode(tt.core(k), a.r, a.n, map);
  }

  values.resize(M);
  const bool want_d = gradients != nullptr;
  if (want_d) gradients->resize(M, d);
  parallel_for(M, [&](long begin, long end) {
    Work w;
    std::vector<Matrix> V(static_cast<std::size_t>(d)), D(static_cast<std::size_t>(d));
    std::vector<Eigen::RowVectorXd> left(std::size_t(d) + 1);
    Vector right, tmp;
    std::vector<char> clamped(static_cast<std::size_t>(d));
    for (long p = begin; p < end; ++p) {
      if (points.row(p).array().isNaN().any()) {
        values[p] = std::numeric_limits<double>::quiet_NaN();
        if (want_d) gradients->row(p).setConstant(std::numeric_limits<double>::quiet_NaN());
        continue;
      }
      bool zero = false;
      for (int k = 0; k < d && !zero; ++k) {
        const AxisData& a = axes[std::size_t(k)];
        double x = points(p, k);
        clamped[std::size_t(k)] = 0;
        if (x < a.lo || x > a.hi) {
          if (outside == TTOutside::Zero) {
            zero = true;
            break;
          }
          x = x < a.lo ? a.lo : a.hi;
          clamped[std::size_t(k)] = 1;
        }
        axis_slices(a, x, want_d, V[std::size_t(k)], D[std::size_t(k)], w);
      }
      if (zero) {
        values[p] = 0.0;
        if (want_d) gradients->row(p).setZero();
        continue;
      }
      left[0] = Eigen::RowVectorXd::Ones(1);
      for (int k = 0; k < d; ++k) left[std::size_t(k) + 1].noalias() = left[std::size_t(k)] * V[std::size_t(k)];
      values[p] = left[std::size_t(d)][0];
      if (!want_d) continue;
      right = Vector::Ones(1);
      for (int k = d - 1; k >= 0; --k) {
        const double g = (left[std::size_t(k)] * D[std::size_t(k)] * right)(0, 0);
        (*gradients)(p, k) = clamped[std::size_t(k)] ? 0.0 : g;
        tmp.noalias() = V[std::size_t(k)] * right;
        right.swap(tmp);
      }
    }
  }, 16);
}

}  // namespace wprox
