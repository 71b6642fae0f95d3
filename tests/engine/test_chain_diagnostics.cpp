// Split-R-hat and ESS (wprox/chain_diagnostics.hpp) against hand-computed
// values and the closed forms of i.i.d. and AR(1) chains.
#include <cmath>

#include "testing.hpp"
#include "wprox/chain_diagnostics.hpp"
#include "wprox/random.hpp"

using namespace wprox;

namespace {

// M chains of n draws of the AR(1) x_t = phi x_{t-1} + sqrt(1 - phi^2) e_t,
// started in its stationary law N(0, 1); chain m is shifted by shift(m).
template <class Shift>
RowMatrix ar1(long m, long n, double phi, std::uint64_t seed, Shift shift) {
  constexpr auto kPurpose = stream_purpose("test.chains");
  RowMatrix x(m, n);
  for (long c = 0; c < m; ++c) {
    RandomStream r(seed, kPurpose, std::uint64_t(c), 0);
    double v = r.normal();
    for (long t = 0; t < n; ++t) {
      x(c, t) = v + shift(c);
      v = phi * v + std::sqrt(1 - phi * phi) * r.normal();
    }
  }
  return x;
}

RowMatrix ar1(long m, long n, double phi, std::uint64_t seed) {
  return ar1(m, n, phi, seed, [](long) { return 0.0; });
}

}  // namespace

TEST_CASE("basic R-hat of two short chains, by hand") {
  // Chains (0 2 0 2) and (2 4 2 4): within variances 4/3 each, so W = 4/3;
  // means 1 and 3, so B/n = var(means) = 2; var+ = (3/4) W + B/n = 3 and
  // R-hat = sqrt(3 / (4/3)) = 1.5 exactly (up to rounding).
  RowMatrix c(2, 4);
  c << 0, 2, 0, 2, 2, 4, 2, 4;
  CHECK(std::abs(basic_rhat(c) - 1.5) < 1e-14);
}

TEST_CASE("split chains drop the middle draw of an odd count") {
  RowMatrix c(2, 5);
  c << 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
  const RowMatrix s = split_chains(c);
  REQUIRE(s.rows() == 4);
  REQUIRE(s.cols() == 2);
  CHECK(s(0, 0) == 1);
  CHECK(s(0, 1) == 2);
  CHECK(s(1, 1) == 7);
  CHECK(s(2, 0) == 4);
  CHECK(s(3, 1) == 10);
}

TEST_CASE("rank normalization averages ties and inverts the normal CDF") {
  // Pooled sorted: 1 1 2 3, ranks 1.5 1.5 3 4 of S = 4; z = Phi^-1((r - 3/8) / (S + 1/4)),
  // checked through Phi(z) = (1 + erf(z / sqrt 2)) / 2 (std::erf, independent
  // of the inverse used inside). erf_inv is accurate to a few ulp: 1e-14.
  RowMatrix c(2, 2);
  c << 3, 1, 2, 1;
  const RowMatrix z = rank_normalize(c);
  auto phi = [](double v) { return 0.5 * (1 + std::erf(v / std::sqrt(2.0))); };
  CHECK(std::abs(phi(z(0, 0)) - (4 - 0.375) / 4.25) < 1e-14);
  CHECK(std::abs(phi(z(0, 1)) - (1.5 - 0.375) / 4.25) < 1e-14);
  CHECK(z(0, 1) == z(1, 1));
  CHECK(std::abs(phi(z(1, 0)) - (3 - 0.375) / 4.25) < 1e-14);
}

TEST_CASE("i.i.d. chains: R-hat near 1 and ESS near the number of draws") {
  // 8 chains x 1000 i.i.d. N(0, 1) draws. R-hat - 1 is O(1/n) (about 1e-3
  // here): 0.01 is far outside it. The ESS estimate of i.i.d. draws scatters
  // by a few percent around S = 8000 (the summed autocorrelations have
  // standard error ~ sqrt(lags / S)): 20% is over 4 of those.
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    const RowMatrix x = ar1(8, 1000, 0.0, seed);
    const ChainSummary s = chain_summary(x);
    CHECK(std::abs(s.rhat - 1) < 0.01);
    CHECK(std::abs(s.ess_bulk / 8000 - 1) < 0.2);
    CHECK(std::abs(effective_sample_size(x) / 8000 - 1) < 0.2);
    // The tail ESS of i.i.d. draws is S too (indicators are i.i.d. as well).
    CHECK(std::abs(s.ess_tail / 8000 - 1) < 0.2);
  }
}

TEST_CASE("AR(1) chains: ESS = S (1 - phi) / (1 + phi)") {
  // The integrated autocorrelation time of AR(1) is (1 + phi) / (1 - phi):
  // 3 for phi = 1/2, so S = 8 x 4000 draws count as 32000 / 3 = 10667. Rank
  // normalization keeps Gaussian draws Gaussian, so ess_bulk estimates the
  // same number. Estimates scatter by about 5% here; 15% leaves 3 of them.
  for (std::uint64_t seed : {4u, 5u}) {
    const RowMatrix x = ar1(8, 4000, 0.5, seed);
    const double want = 32000.0 / 3;
    CHECK(std::abs(effective_sample_size(x) / want - 1) < 0.15);
    CHECK(std::abs(chain_summary(x).ess_bulk / want - 1) < 0.15);
  }
}

TEST_CASE("chains stuck in different places give a large R-hat") {
  // Half of 8 chains around -2, half around +2, each N(., 1), n = 400: W is
  // about 1 and the chain means' variance (divisor M - 1) is 4 M / (M - 1) =
  // 32/7, so R-hat = sqrt((n - 1)/n + 32/7) = 2.36; the chain means carry
  // noise of 1/sqrt(400) = 0.05 each, so 0.15 is a wide margin. Rank
  // normalization compresses it (to about 1.68), far above the 1.01
  // convergence threshold.
  const RowMatrix x = ar1(8, 400, 0.0, 6, [](long c) { return c % 2 ? 2.0 : -2.0; });
  CHECK(std::abs(basic_rhat(x) - std::sqrt(399.0 / 400 + 32.0 / 7)) < 0.15);
  CHECK(chain_summary(x).rhat > 1.5);
}

TEST_CASE("too few chains or draws is bad input") {
  CHECK_THROWS_AS(chain_summary(RowMatrix::Zero(1, 10)), InputError);
  CHECK_THROWS_AS(chain_summary(RowMatrix::Zero(4, 7)), InputError);
}
