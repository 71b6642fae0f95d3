// Long validation runs (ctest -L long): the authors' architecture on two
// moons, and the kernel model on the 6-D Swiss roll. Criteria as in
// test_sgm_methods: no more copies than true data has, and an MMD to the
// held-out set within the spread of two independent true samples.
#include <wprox/kinds/dataset.hpp>
#include <wprox/sample_metrics.hpp>

#include "datasets.hpp"
#include "sgm_helpers.hpp"

using namespace wprox;
using wprox::testing::run_method;

namespace {

template <class Generator>
std::pair<double, double> null_mmd2(Generator gen, const Particles& reference, double h, long n) {
  Vector v(8);
  for (int k = 0; k < 8; ++k) {
    const double m = gaussian_mmd(gen(n, 1000 + k, 0), reference, h);
    v[k] = m * m;
  }
  return {v.mean(), std::sqrt((v.array() - v.mean()).square().sum() / 7.0)};
}

// The null sample has as many points as the model has centres: the model
// knows the distribution only through them (see test_sgm_methods).
template <class Generator>
void check_generalizes(const testing::Outcome& o, Generator gen, long centres) {
  const auto& data = problem_as<DatasetProblem>(*o.problem);
  const Diagnostics m = o.metrics();
  MESSAGE("memorized fraction " << m.get("memorized_fraction") << " (held-out " << m.get("memorized_fraction_heldout")
                                << "), median NN " << m.get("median_nn_samples") << " (held-out "
                                << m.get("median_nn_heldout") << "), MMD " << m.get("mmd_heldout")
                                << " (train vs held-out " << m.get("mmd_reference") << "), sliced W2 "
                                << m.get("sliced_w2_heldout") << " (reference " << m.get("sliced_w2_reference")
                                << "), held-out SM loss " << m.get("heldout_sm_loss"));
  CHECK(m.get("memorized_fraction") < m.get("memorized_fraction_heldout") + 0.05);
  const auto [mean, sd] = null_mmd2(gen, data.heldout(), m.get("mmd_bandwidth"), centres);
  MESSAGE("null MMD " << std::sqrt(mean) << ", sd of MMD^2 " << sd);
  CHECK(m.get("mmd_heldout") * m.get("mmd_heldout") <= mean + 4 * sd);
}

}  // namespace

TEST_CASE("authors' architecture on two moons (1000 centres, 5 x 64, 3000 iterations)") {
  auto o = run_method("sgm-kernel", "two-moons", {{"iterations", "3000"}, {"samples", "1000"}},
                      {{"train", "2000"}, {"heldout", "1000"}}, 3);
  check_generalizes(
      o, [](long n, std::uint64_t s, long f) { return sgm::two_moons(n, s, f); }, 1000);
}

TEST_CASE("kernel model on the 6-D Swiss roll") {
  // delta = 1: the precision floor at the data's coordinate scale (sd ~1).
  // With the default 0.01 the components that never win a loss point keep
  // sd 10 and throw samples far out (MMD 0.14 against 0.024 for two true
  // samples, measured); the loss cannot see them, the floor can.
  auto o = run_method(
      "sgm-kernel", "swiss-roll-6d",
      {{"iterations", "1000"}, {"centres", "500"}, {"width", "32"}, {"depth", "3"}, {"lr", "1e-2"}, {"delta", "1"}},
      {{"train", "1500"}, {"heldout", "1000"}}, 5);
  check_generalizes(
      o, [](long n, std::uint64_t s, long f) { return sgm::swiss_roll_6d(n, s, f); }, 500);
}
