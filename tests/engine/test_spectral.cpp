#include <cmath>
#include <complex>
#include <memory>

#include <wprox/stencil.hpp>

#include "testing.hpp"

using namespace wprox;

namespace {

std::vector<double> random_field(int n, std::uint64_t seed) {
  std::vector<double> u(std::size_t(n) * n);
  RandomStream r(seed, 0, 0);
  for (double& v : u) v = r.normal();
  return u;
}

double max_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

// A per-axis multiplier symmetric under k -> n - k, so the periodic
// half-spectrum layout represents it exactly.
double f_periodic(int k, int n) { return 1.0 + 0.5 * std::cos(2 * M_PI * k / n) + 0.01 * k * (n - k); }
double f_neumann(int k) { return 1.0 / (1.0 + 0.3 * k); }

}  // namespace

TEST_CASE("periodic multiplier equals a direct 2-D DFT") {
  const int n = 8;
  const TensorGrid g = TensorGrid::square(n, 2.0, Boundary::Periodic);
  SpectralTransform T(g);
  // The r2c half spectrum: n x (n/2 + 1) modes.
  const int my = n / 2 + 1;
  REQUIRE(T.modes() == long(n) * my);
  std::vector<double> m(T.modes());
  for (int k1 = 0; k1 < n; ++k1)
    for (int k2 = 0; k2 < my; ++k2) m[k1 * my + k2] = f_periodic(k1, n) * f_periodic(k2, n);
  const auto u = random_field(n, 3);
  std::vector<double> fast(u.size());
  T.apply(u.data(), fast.data(), m.data());

  // Reference: O(n^4) DFT, multiply, inverse DFT.
  using C = std::complex<double>;
  std::vector<C> U(u.size());
  for (int k1 = 0; k1 < n; ++k1)
    for (int k2 = 0; k2 < n; ++k2) {
      C s = 0;
      for (int j1 = 0; j1 < n; ++j1)
        for (int j2 = 0; j2 < n; ++j2) s += u[j1 * n + j2] * std::polar(1.0, -2 * M_PI * (k1 * j1 + k2 * j2) / n);
      U[k1 * n + k2] = s * f_periodic(k1, n) * f_periodic(k2, n);
    }
  std::vector<double> ref(u.size());
  for (int j1 = 0; j1 < n; ++j1)
    for (int j2 = 0; j2 < n; ++j2) {
      C s = 0;
      for (int k1 = 0; k1 < n; ++k1)
        for (int k2 = 0; k2 < n; ++k2) s += U[k1 * n + k2] * std::polar(1.0, 2 * M_PI * (k1 * j1 + k2 * j2) / n);
      ref[j1 * n + j2] = s.real() / (n * n);
    }
  // Both are O(n^2) sums of O(1) terms in double: 1e-12 is ~1e3 ulps of slack.
  CHECK(max_diff(fast, ref) < 1e-12);
}

TEST_CASE("Neumann multiplier equals a direct 2-D DCT-II / DCT-III") {
  const int n = 6;
  const TensorGrid g = TensorGrid::square(n, 1.0, Boundary::Neumann);
  SpectralTransform T(g);
  std::vector<double> m(T.modes());
  for (int k1 = 0; k1 < n; ++k1)
    for (int k2 = 0; k2 < n; ++k2) m[k1 * n + k2] = f_neumann(k1) * f_neumann(k2);
  const auto u = random_field(n, 4);
  std::vector<double> fast(u.size());
  T.apply(u.data(), fast.data(), m.data());

  auto c = [&](int k, int j) { return std::cos(M_PI * k * (j + 0.5) / n); };
  std::vector<double> U(u.size()), ref(u.size());
  for (int k1 = 0; k1 < n; ++k1)
    for (int k2 = 0; k2 < n; ++k2) {
      double s = 0;
      for (int j1 = 0; j1 < n; ++j1)
        for (int j2 = 0; j2 < n; ++j2) s += u[j1 * n + j2] * c(k1, j1) * c(k2, j2);
      U[k1 * n + k2] = s * m[k1 * n + k2];
    }
  for (int j1 = 0; j1 < n; ++j1)
    for (int j2 = 0; j2 < n; ++j2) {
      double s = 0;
      for (int k1 = 0; k1 < n; ++k1)
        for (int k2 = 0; k2 < n; ++k2)
          s += (k1 ? 2.0 : 1.0) * (k2 ? 2.0 : 1.0) * U[k1 * n + k2] * c(k1, j1) * c(k2, j2);
      ref[j1 * n + j2] = s / (n * n);
    }
  CHECK(max_diff(fast, ref) < 1e-12);
}

// Grids of every dimension, boundary mix and spacing the transform takes.
std::vector<TensorGrid> grids() {
  const Boundary P = Boundary::Periodic, N = Boundary::Neumann;
  return {
      TensorGrid({GridAxis{12, 0.0, 1.0, P, "x"}}),
      TensorGrid({GridAxis{9, -1.0, 2.0, N, "x"}}),
      TensorGrid::square(32, 2 * M_PI, P),
      TensorGrid::square(32, 2 * M_PI, N),
      TensorGrid({GridAxis{12, 0.0, 2.0, N, "v"}, GridAxis{7, 0.0, 1.0, P, "y"}}),
      TensorGrid({GridAxis{6, 0.0, 1.0, P, "x"}, GridAxis{5, 0.0, 3.0, N, "y"}, GridAxis{8, 0.0, 2.0, P, "z"}}),
      TensorGrid({GridAxis{6, 0.0, 1.0, P, "x"}, GridAxis{4, 0.0, 3.0, P, "y"}, GridAxis{8, 0.0, 2.0, P, "z"}}),
  };
}

TEST_CASE("the Laplacian symbol matches the stencil on every grid, and its inverse solves") {
  for (const TensorGrid& g : grids()) {
    CAPTURE(g.dim());
    CAPTURE(g.size());
    auto T = std::make_shared<SpectralTransform>(g);
    std::vector<double> u(std::size_t(g.size()));
    RandomStream r(5, std::uint64_t(g.size()), 0);
    for (double& v : u) v = r.normal();
    const auto lam = T->laplacian_symbol();
    REQUIRE(long(lam.size()) == T->modes());
    std::vector<double> spectral(u.size()), stencil(u.size());
    T->apply(u.data(), spectral.data(), lam.data());
    laplacian(g, u.data(), stencil.data());
    // Entries are O(1/h^2) <= O(200); round-off of the FFT path is ~1e-13 of that.
    CHECK(max_diff(spectral, stencil) < 1e-10);
    // m = 1 is the identity.
    std::vector<double> ones(lam.size(), 1.0), same(u.size());
    T->apply(u.data(), same.data(), ones.data());
    CHECK(max_diff(same, u) < 1e-13);

    // (I - Delta_h)^{-1} as a multiplier, checked by applying I - Delta_h.
    std::vector<double> inv(lam.size());
    for (std::size_t k = 0; k < lam.size(); ++k) inv[k] = 1.0 / (1.0 - lam[k]);
    std::vector<double> w(u.size()), back(u.size());
    T->apply(u.data(), w.data(), inv.data());
    laplacian(g, w.data(), back.data());
    for (std::size_t i = 0; i < u.size(); ++i) back[i] = w[i] - back[i];
    CHECK(max_diff(back, u) < 1e-10);
  }
}

TEST_CASE("axis symbols sum to the Laplacian symbol") {
  for (const TensorGrid& g : grids()) {
    SpectralTransform T(g);
    std::vector<double> sum(std::size_t(T.modes()), 0.0);
    for (int a = 0; a < g.dim(); ++a) {
      const auto s = T.axis_symbol(a);
      for (std::size_t m = 0; m < sum.size(); ++m) sum[m] += s[m];
    }
    CHECK(sum == T.laplacian_symbol());
  }
}

TEST_CASE("apply is safe from several threads at once") {
  const TensorGrid g = TensorGrid::square(64, 1.0, Boundary::Periodic);
  SpectralTransform T(g);
  const auto lam = T.laplacian_symbol();
  const auto u = random_field(64, 6);
  std::vector<double> ref(u.size());
  T.apply(u.data(), ref.data(), lam.data());
  std::vector<std::vector<double>> outs(16, std::vector<double>(u.size()));
  parallel_for(16, [&](long b, long e) {
    for (long i = b; i < e; ++i) T.apply(u.data(), outs[i].data(), lam.data());
  });
  for (const auto& o : outs) CHECK(o == ref);
}
