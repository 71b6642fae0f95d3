// The brwp method through the registry, exactly as the CLI runs it:
// conformance, parameters, bad input, divergence, and the bimodal
// comparison with ULA and MALA at equal step size.
#include <cmath>

#include "testing.hpp"

using namespace wprox;
using wprox::testing::run_method;

TEST_CASE("brwp passes the conformance suite (laplace and mc)") {
  testing::check_conformance("brwp", "gaussian", {{"particles", "40"}, {"steps", "3"}});
  testing::check_conformance("brwp", "bimodal",
                             {{"particles", "40"}, {"steps", "3"}, {"z", "mc"}, {"mc_samples", "8"}});
}

TEST_CASE("brwp: T defaults to h") {
  // Same run with T unset and T = h must be bit-identical.
  auto a = run_method("brwp", "gaussian", {{"particles", "50"}, {"steps", "3"}, {"h", "0.2"}});
  auto b = run_method("brwp", "gaussian", {{"particles", "50"}, {"steps", "3"}, {"h", "0.2"}, {"T", "0.2"}});
  auto c = run_method("brwp", "gaussian", {{"particles", "50"}, {"steps", "3"}, {"h", "0.2"}, {"T", "0.1"}});
  const std::vector<double> xa = testing::find_array(a.results(), "particles").data;
  CHECK(xa == testing::find_array(b.results(), "particles").data);
  CHECK(xa != testing::find_array(c.results(), "particles").data);
}

namespace {

// The InputError message for `settings`, or "" when none is thrown.
std::string input_error(const testing::Settings& settings) {
  try {
    run_method("brwp", "gaussian", settings, {}, 1, 0, 1);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("brwp: bad input is refused naming the parameter") {
  for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{{"h", "0"},
                                                                            {"h", "-1"},
                                                                            {"T", "0"},
                                                                            {"T", "-0.5"},
                                                                            {"beta", "0"},
                                                                            {"particles", "1"},
                                                                            {"mc_samples", "0"},
                                                                            {"z", "exact"}}) {
    CAPTURE(key);
    CAPTURE(value);
    const std::string msg = input_error({{key, value}});
    CHECK(msg.find(key) != std::string::npos);
  }
}

TEST_CASE("brwp: a step size that blows the particles up is a RunError naming the step") {
  // V = x^2/2, h = 60, T = 0.1: x <- x - 30 x + 300 (x - m): |factor| >> 1.
  const auto o = run_method("brwp", "gaussian", {{"particles", "20"}, {"steps", "200"}, {"h", "60"}, {"T", "0.1"}});
  REQUIRE(o.outcome.status == RunOutcome::Status::Diverged);
  const std::string& msg = o.outcome.error;
  MESSAGE("divergence message: " << msg);
  CHECK(o.outcome.error_step >= 1);
  CHECK(msg.find("step " + std::to_string(o.outcome.error_step) + ": ") == 0);
  CHECK(msg.find(": step ") == std::string::npos);  // the step number is given once
  CHECK(msg.find("h = 60") != std::string::npos);
}

TEST_CASE("bimodal target: BRWP's grid KL is no worse than ULA's at equal h (30 and 100 steps)") {
  // All three start from the same N(0, I) particles (same seed). ULA and
  // MALA are random: their grid KL carries the KDE's and the chain's noise,
  // so BRWP's deterministic value is compared with ULA's mean over 3 seeds.
  const long N = 600;
  const std::string h = "0.1";
  for (long steps : {30L, 100L}) {
    const testing::Settings s{{"particles", std::to_string(N)}, {"steps", std::to_string(steps)}, {"h", h}};
    auto brwp = run_method("brwp", "bimodal", s, {}, 1);
    const double kl_brwp = brwp.trace.back().get("kl");
    double kl_ula = 0, kl_mala = 0;
    for (std::uint64_t seed : {1, 2, 3}) {
      kl_ula += run_method("ula", "bimodal", s, {}, seed).trace.back().get("kl") / 3;
      kl_mala += run_method("mala", "bimodal", s, {}, seed).trace.back().get("kl") / 3;
    }
    MESSAGE("bimodal, h=" << h << ", N=" << N << ", " << steps << " steps: grid KL brwp " << kl_brwp << ", ula "
                          << kl_ula << ", mala " << kl_mala << "; tv brwp " << brwp.trace.back().get("tv"));
    CHECK(kl_brwp <= kl_ula);
  }
}
