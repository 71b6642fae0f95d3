// The network's dispatched dense product (engine/src/nn/dense.hpp) on every
// SIMD target this CPU supports, against independent references:
//  * a long double sum, within the rounding bound of recursive summation:
//    |fl(C) - C| <= gamma_{k+1} S with S = |C0| + sum_p |A(i,p) B(p,j)| and
//    gamma_n = n u / (1 - n u) (Higham, Accuracy and Stability, 3.1; it
//    holds with and without FMA), plus the long double reference's own
//    gamma_{k+1} S at its unit roundoff;
//  * bit for bit, the documented order: on the FMA targets a loop of
//    std::fma (one rounding per step), on sse2 a rounded product then a
//    rounded sum (volatile keeps this file's compiler from fusing them);
// the normal density of gelu's slope against std::exp; and the network's
// forward and backward passes: avx2 and avx512 give the same bits, sse2
// agrees to rounding.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <vector>

#include <wprox/mlp.hpp>
#include <wprox/random.hpp>
#include <wprox/simd.hpp>

#include "dense.hpp"
#include "simd_targets.hpp"

using namespace wprox;

namespace {

struct Case {
  long m, n, k;
  bool b_transposed, accumulate;
};

// Tiles, leftover rows and columns, k = 0, and the layer shapes of Mlp.
const Case kCases[] = {{1, 1, 1, false, false},   {3, 5, 0, false, true},    {7, 3, 9, true, false},
                       {16, 4, 64, false, false}, {17, 9, 33, true, true},   {64, 128, 64, false, false},
                       {64, 64, 128, true, false}, {70, 6, 128, false, true}, {3, 128, 64, false, false}};

struct Operands {
  std::vector<double> a, b, c0;
  long lda, bk, bj, ldc;
};

Operands operands(const Case& cs, std::uint64_t seed) {
  Operands o;
  o.lda = cs.m + 2;  // leading dimensions larger than the rows: strides are honoured
  o.ldc = cs.m + 1;
  // B stored k x n (bk = 1) or n x k (bj = 1, the transposed operand).
  const long brows = cs.b_transposed ? cs.n + 3 : cs.k + 3;
  o.bk = cs.b_transposed ? brows : 1;
  o.bj = cs.b_transposed ? 1 : brows;
  RandomStream rs(seed, 1);
  o.a.resize(std::size_t(o.lda * std::max(cs.k, 1L)));
  o.b.resize(std::size_t(brows * std::max(cs.b_transposed ? cs.k : cs.n, 1L)));
  o.c0.resize(std::size_t(o.ldc * cs.n));
  for (double& v : o.a) v = rs.normal();
  for (double& v : o.b) v = rs.normal();
  for (double& v : o.c0) v = rs.normal();
  return o;
}

}  // namespace

TEST_CASE("dense: every target's product is within the summation bound of a long double reference") {
  constexpr double u = std::numeric_limits<double>::epsilon() / 2;
  constexpr double ul = std::numeric_limits<long double>::epsilon() / 2;
  testing_simd::for_each_simd_target([&] {
    double worst = 0;
    for (const Case& cs : kCases) {
      CAPTURE(cs.m);
      CAPTURE(cs.n);
      CAPTURE(cs.k);
      const Operands o = operands(cs, std::uint64_t(cs.m * 1000 + cs.n));
      std::vector<double> c = o.c0;
      nn::gemm(cs.m, cs.n, cs.k, o.a.data(), o.lda, o.b.data(), o.bk, o.bj, c.data(), o.ldc, cs.accumulate);
      const double steps = double(cs.k + 1);
      const double gamma = steps * u / (1 - steps * u) + double(steps * ul / (1 - steps * ul));
      for (long j = 0; j < cs.n; ++j)
        for (long i = 0; i < cs.m; ++i) {
          const double init = cs.accumulate ? o.c0[std::size_t(i + j * o.ldc)] : 0.0;
          long double ref = init, mag = std::fabs(init);
          for (long p = 0; p < cs.k; ++p) {
            const long double t = (long double)o.a[std::size_t(i + p * o.lda)] * o.b[std::size_t(p * o.bk + j * o.bj)];
            ref += t;
            mag += std::fabs(t);
          }
          const double err = double(std::fabs(c[std::size_t(i + j * o.ldc)] - ref));
          REQUIRE(err <= gamma * double(mag));
          if (mag > 0) worst = std::max(worst, err / double(mag));
        }
      // Entries outside the m x n block (the leading-dimension gap) are untouched.
      for (long j = 0; j < cs.n; ++j)
        for (long i = cs.m; i < o.ldc; ++i) CHECK(c[std::size_t(i + j * o.ldc)] == o.c0[std::size_t(i + j * o.ldc)]);
    }
    MESSAGE("largest error / sum of |terms|: " << worst);
  });
}

TEST_CASE("dense: every target sums in the documented order, bit for bit") {
#if defined(__FMA__)
  // A WPROX_NATIVE build contracts the sse2 copy too: its order is then the
  // FMA one, checked below for avx2 and avx512.
  const bool check_sse2 = false;
#else
  const bool check_sse2 = true;
#endif
  testing_simd::for_each_simd_target([&] {
    const bool fma = simd_target() != SimdTarget::sse2;
    if (!fma && !check_sse2) return;
    for (const Case& cs : kCases) {
      CAPTURE(cs.m);
      CAPTURE(cs.k);
      const Operands o = operands(cs, 77);
      std::vector<double> c = o.c0;
      nn::gemm(cs.m, cs.n, cs.k, o.a.data(), o.lda, o.b.data(), o.bk, o.bj, c.data(), o.ldc, cs.accumulate);
      long mismatches = 0;
      for (long j = 0; j < cs.n; ++j)
        for (long i = 0; i < cs.m; ++i) {
          double s = cs.accumulate ? o.c0[std::size_t(i + j * o.ldc)] : 0.0;
          for (long p = 0; p < cs.k; ++p) {
            const double x = o.a[std::size_t(i + p * o.lda)], y = o.b[std::size_t(p * o.bk + j * o.bj)];
            if (fma) {
              s = std::fma(x, y, s);
            } else {
              volatile double prod = x * y;
              s = s + prod;
            }
          }
          mismatches += c[std::size_t(i + j * o.ldc)] != s;
        }
      CHECK(mismatches == 0);
    }
  });
}

TEST_CASE("dense: the network's passes give the same bits on avx2 and avx512, and agree with sse2 to rounding") {
  // 2 inputs, width 64, depth 3, 3 outputs (sgm-kernel's 2-D factor
  // network), 300 columns: three chunks, the last one partial.
  const Mlp net(2, 64, 3, 3, StreamKey{11, 2});
  Matrix X(2, 300), dY(3, 300);
  for (long j = 0; j < X.cols(); ++j) RandomStream(12, std::uint64_t(j)).normal(X.col(j).data(), 2);
  for (long j = 0; j < dY.cols(); ++j) RandomStream(13, std::uint64_t(j)).normal(dY.col(j).data(), 3);
  std::vector<Matrix> Y;
  std::vector<Vector> G;
  std::vector<SimdTarget> targets;
  testing_simd::for_each_simd_target([&] {
    Mlp::Tape tape;
    Y.push_back(net.forward(X, &tape));
    G.push_back(net.backward(tape, dY));
    targets.push_back(simd_target());
  });
  // Each layer's product rounds within gamma_65 ~ 7e-15 of its terms'
  // magnitude; through four products and the activations (slopes <= 1.13)
  // relative differences stay far below 1e-12 of the norms.
  for (std::size_t t = 1; t < targets.size(); ++t) {
    CHECK((Y[t] - Y[0]).norm() <= 1e-12 * Y[0].norm());
    CHECK((G[t] - G[0]).norm() <= 1e-12 * G[0].norm());
    if (targets[t] == SimdTarget::avx512 && targets[t - 1] == SimdTarget::avx2) {
      CHECK(Y[t] == Y[t - 1]);
      CHECK(G[t] == G[t - 1]);
    }
  }
}

TEST_CASE("dense: the normal density is within a few ulp of std::exp on every target, the same bits on avx2 and avx512") {
  // exp_nonpositive is documented within a few ulp of std::exp; the
  // argument -z^2/2 and the final product add one rounding each, so 8 ulp
  // of the density bounds every honest result. Beyond z^2/2 = 708 the
  // density is documented as 0.
  std::vector<double> z;
  for (long i = -4000; i <= 4000; ++i) z.push_back(i * 0.01);
  for (double v : {37.0, -37.6, 37.7, 50.0, 1e10}) z.push_back(v);
  std::vector<std::vector<double>> out;
  std::vector<SimdTarget> targets;
  testing_simd::for_each_simd_target([&] {
    std::vector<double> phi(z.size());
    nn::normal_density(long(z.size()), z.data(), phi.data());
    double worst = 0;
    for (std::size_t i = 0; i < z.size(); ++i) {
      const double want = std::exp(-0.5 * z[i] * z[i]) * 0.39894228040143267794;
      if (0.5 * z[i] * z[i] > 708) {
        CHECK(phi[i] == 0.0);
        continue;
      }
      const double ulps = std::fabs(phi[i] - want) / (std::numeric_limits<double>::epsilon() * want);
      worst = std::max(worst, ulps);
      CHECK(ulps <= 8);
    }
    MESSAGE("largest difference from std::exp: " << worst << " ulp");
    out.push_back(phi);
    targets.push_back(simd_target());
  });
  for (std::size_t t = 1; t < targets.size(); ++t)
    if (targets[t] == SimdTarget::avx512 && targets[t - 1] == SimdTarget::avx2) CHECK(out[t] == out[t - 1]);
}
