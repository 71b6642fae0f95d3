#include <Eigen/Eigenvalues>
#include <cmath>

#include "wprox/errors.hpp"
#include "wprox/tensor_train.hpp"

namespace wprox {

void tt_check_axis(const TTAxis& a, const std::string& what) {
  const int n = a.size();
  WPROX_REQUIRE(n >= 2, InputError, what << ": " << n << " nodes, need at least 2");
  WPROX_REQUIRE(a.weights.size() == a.nodes.size(), DimensionMismatch,
                what << ": " << n << " nodes but " << a.weights.size() << " weights");
  WPROX_REQUIRE(std::isfinite(a.lo) && std::isfinite(a.hi), InputError,
                what << ": interval [" << a.lo << ", " << a.hi << "] is not finite");
  for (int i = 0; i < n; ++i) {
    WPROX_REQUIRE(std::isfinite(a.nodes[std::size_t(i)]) && std::isfinite(a.weights[std::size_t(i)]), InputError,
                  what << ": node " << i << " = " << a.nodes[std::size_t(i)] << " with weight "
                       << a.weights[std::size_t(i)] << " is not finite");
    WPROX_REQUIRE(i == 0 || a.nodes[std::size_t(i)] > a.nodes[std::size_t(i) - 1], InputError,
                  what << ": nodes must increase strictly, but node " << i << " = " << a.nodes[std::size_t(i)]
                       << " follows " << a.nodes[std::size_t(i) - 1]);
  }
  WPROX_REQUIRE(a.lo <= a.nodes.front() && a.nodes.back() <= a.hi, InputError,
                what << ": nodes [" << a.nodes.front() << ", " << a.nodes.back() << "] are not inside the interval ["
                     << a.lo << ", " << a.hi << "]");
}

namespace {

void require_interval(double lo, double hi, int n, const char* rule) {
  WPROX_REQUIRE(n >= 2, InputError, rule << " axis: n = " << n << ", need n >= 2");
  WPROX_REQUIRE(std::isfinite(lo) && std::isfinite(hi) && lo < hi, InputError,
                rule << " axis: interval [" << lo << ", " << hi << "], need finite lo < hi");
}

// P_n(t) and P_n'(t) by the three-term recurrence (t strictly inside (-1, 1)).
void legendre(int n, double t, double& p, double& dp) {
  double p0 = 1.0, p1 = t;
  for (int k = 1; k < n; ++k) {
    const double p2 = ((2.0 * k + 1.0) * t * p1 - k * p0) / (k + 1.0);
    p0 = p1;
    p1 = p2;
  }
  p = p1;
  dp = n * (t * p1 - p0) / (t * t - 1.0);
}

}  // namespace

TTAxis tt_axis_gauss_legendre(double lo, double hi, int n) {
  require_interval(lo, hi, n, "Gauss-Legendre");
  // Golub-Welsch: the nodes are the eigenvalues of the Jacobi matrix of the
  // Legendre recurrence. Its eigenvalues are accurate to ~n eps; a few
  // Newton steps on P_n bring them to the last bits, and the weights then
  // follow from the derivative (more accurate than squared eigenvector
  // components).
  Vector diag = Vector::Zero(n), sub(n - 1);
  for (int k = 1; k < n; ++k) sub[k - 1] = k / std::sqrt(4.0 * k * k - 1.0);
  Eigen::SelfAdjointEigenSolver<Matrix> es;
  es.computeFromTridiagonal(diag, sub, Eigen::EigenvaluesOnly);
  std::vector<double> t(static_cast<std::size_t>(n)), w(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    double x = es.eigenvalues()[i], p = 0, dp = 1;
    for (int it = 0; it < 3; ++it) {
      legendre(n, x, p, dp);
      x -= p / dp;
    }
    legendre(n, x, p, dp);
    t[std::size_t(i)] = x;
    w[std::size_t(i)] = 2.0 / ((1.0 - x * x) * dp * dp);
  }
  // Exact symmetry: mirror pairs share one magnitude, the middle node is 0.
  for (int i = 0; i < n / 2; ++i) {
    const std::size_t a = std::size_t(i), b = std::size_t(n - 1 - i);
    const double x = 0.5 * (t[b] - t[a]), v = 0.5 * (w[a] + w[b]);
    t[a] = -x;
    t[b] = x;
    w[a] = w[b] = v;
  }
  if (n % 2 == 1) t[std::size_t(n / 2)] = 0.0;

  TTAxis axis;
  axis.lo = lo;
  axis.hi = hi;
  axis.interpolation = TTInterpolation::Lagrange;
  const double c = 0.5 * (lo + hi), h = 0.5 * (hi - lo);
  axis.nodes.resize(std::size_t(n));
  axis.weights.resize(std::size_t(n));
  for (std::size_t i = 0; i < std::size_t(n); ++i) {
    axis.nodes[i] = c + h * t[i];
    axis.weights[i] = h * w[i];
  }
  return axis;
}

TTAxis tt_axis_uniform(double lo, double hi, int n, TTUniformRule rule) {
  const bool trap = rule == TTUniformRule::Trapezoid;
  require_interval(lo, hi, n, trap ? "trapezoid" : "midpoint");
  TTAxis axis;
  axis.lo = lo;
  axis.hi = hi;
  axis.interpolation = TTInterpolation::CubicSpline;
  axis.nodes.resize(std::size_t(n));
  axis.weights.resize(std::size_t(n));
  const double h = (hi - lo) / (trap ? n - 1 : n);
  for (int i = 0; i < n; ++i) {
    axis.nodes[std::size_t(i)] = trap ? lo + i * h : lo + (i + 0.5) * h;
    axis.weights[std::size_t(i)] = h;
  }
  if (trap) {
    axis.nodes.back() = hi;  // not lo + (n - 1) h, which may round past hi
    axis.weights.front() = axis.weights.back() = 0.5 * h;
  }
  return axis;
}

TTAxis tt_axis_index(int n) {
  WPROX_REQUIRE(n >= 2, InputError, "index axis: n = " << n << ", need n >= 2");
  TTAxis axis;
  axis.interpolation = TTInterpolation::CubicSpline;
  axis.nodes.resize(std::size_t(n));
  axis.weights.assign(std::size_t(n), 1.0);
  for (int i = 0; i < n; ++i) axis.nodes[std::size_t(i)] = i;
  axis.lo = 0.0;
  axis.hi = n - 1.0;
  return axis;
}

std::vector<TTAxis> tt_index_axes(const std::vector<int>& sizes) {
  std::vector<TTAxis> axes;
  axes.reserve(sizes.size());
  for (int n : sizes) axes.push_back(tt_axis_index(n));
  return axes;
}

}  // namespace wprox
