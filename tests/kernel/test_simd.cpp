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
  MESSAGE("SIMD target in use: " << simd_target_name(simd_target()));
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
