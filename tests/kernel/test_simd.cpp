// The SIMD target switch (wprox/simd.hpp): WPROX_SIMD is obeyed (ctest runs
// this file once more with WPROX_SIMD=sse2), bad names are refused with the
// allowed ones, and switching targets really changes the code that runs.
#include <cstdlib>
#include <string>

#include "simd_targets.hpp"
#include "testing.hpp"

using namespace wprox;

TEST_CASE("simd: the target in use is WPROX_SIMD, else the best the CPU supports") {
  const char* env = std::getenv("WPROX_SIMD");
  const auto supported = simd_targets_supported();
  REQUIRE(!supported.empty());
  CHECK(supported.front() == SimdTarget::sse2);
  if (env && *env)
    CHECK(simd_target() == parse_simd_target(env));
  else
    CHECK(simd_target() == supported.back());
  MESSAGE("SIMD target in use: " << std::string(simd_target_name(simd_target())));
}

TEST_CASE("simd: unknown names and unsupported targets are refused, naming what is allowed") {
  CHECK(parse_simd_target("avx2") == SimdTarget::avx2);
  try {
    parse_simd_target("avx1024");
    FAIL("accepted an unknown target");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("allowed: sse2, avx2, avx512") != std::string::npos);
  }
  const auto supported = simd_targets_supported();
  for (SimdTarget t : {SimdTarget::avx2, SimdTarget::avx512}) {
    bool has = false;
    for (SimdTarget s : supported) has = has || s == t;
    if (!has) CHECK_THROWS_AS(set_simd_target(t), InputError);
  }
}

TEST_CASE("simd: sse2 and the FMA targets round differently, each the same for any thread count") {
  // sse2 has no FMA: on a CPU with avx2 its distances x^2 + y^2 round
  // differently, so at least one output bit differs. A switch that did not
  // change the code would give equal results.
  const auto supported = simd_targets_supported();
  if (supported.size() < 2) return;
#if defined(__FMA__)
  // A WPROX_NATIVE build compiles every copy with the machine's FMA: nothing
  // to tell apart.
  MESSAGE("built with -march=native (FMA everywhere): skipped");
  return;
#endif
  Particles X(300, 2);
  for (long i = 0; i < X.rows(); ++i) RandomStream(5, std::uint64_t(i)).normal(X.row(i).data(), 2);
  KernelRequest req;
  req.mean = req.lse = true;
  const SimdTarget before = simd_target();
  KernelResult by_sse2, by_best;
  set_simd_target(SimdTarget::sse2);
  kernel_sum(X, KernelSources::isotropic(X, 0.7), req, by_sse2);
  set_simd_target(supported.back());
  kernel_sum(X, KernelSources::isotropic(X, 0.7), req, by_best);
  set_simd_target(before);
  CHECK(!(by_sse2.mean == by_best.mean && by_sse2.lse == by_best.lse));
}

TEST_CASE("simd: avx2 and avx512 give the same bits on every path") {
  // Both contract the same a*b + c into FMAs and sum the same 8 lanes in
  // the same order; only the register width differs. Fixtures recorded on
  // one of them (tests/regression) then hold on the other.
  const auto supported = simd_targets_supported();
  if (supported.back() != SimdTarget::avx512) return;
  Particles X(700, 3), Y(900, 3);
  for (long i = 0; i < X.rows(); ++i) RandomStream(6, std::uint64_t(i)).normal(X.row(i).data(), 3);
  for (long i = 0; i < Y.rows(); ++i) RandomStream(7, std::uint64_t(i)).normal(Y.row(i).data(), 3);
  Vector b(Y.rows());
  for (long j = 0; j < b.size(); ++j) b[j] = 0.3 * Y(j, 1);
  std::vector<Matrix> G(std::size_t(Y.rows()), Matrix::Identity(3, 3) * 1.5);
  const SimdTarget before = simd_target();
  for (int path = 0; path < 4; ++path) {
    CAPTURE(path);
    KernelRequest req;
    req.mean = req.lse = true;
    req.pull = req.weights = path >= 2;
    req.symmetry = path == 1 ? KernelRequest::Symmetry::QueriesAreSources : KernelRequest::Symmetry::None;
    const Particles& Q = path == 1 ? Y : X;
    const KernelSources S = path == 3 ? KernelSources::with_precisions(Y, G, b) : KernelSources::isotropic(Y, 0.8, b);
    KernelResult r2, r5;
    set_simd_target(SimdTarget::avx2);
    kernel_sum(Q, S, req, r2);
    set_simd_target(SimdTarget::avx512);
    kernel_sum(Q, S, req, r5);
    CHECK(r2.mean == r5.mean);
    CHECK(r2.lse == r5.lse);
    CHECK(r2.pull == r5.pull);
    CHECK(r2.weights == r5.weights);
  }
  set_simd_target(before);
  NearestDistances n2, n5;
  set_simd_target(SimdTarget::avx2);
  n2 = nearest_distances(X, Y);
  set_simd_target(SimdTarget::avx512);
  n5 = nearest_distances(X, Y);
  set_simd_target(before);
  CHECK(n2.d1 == n5.d1);
  CHECK(n2.d2 == n5.d2);
}
