// The two methods end to end, in process: conformance, a small trained
// kernel model on two moons (generalizes, does not copy), the ODE/SDE
// samplers of the kernel model, the CSV problem and refusals of bad input.
#include <cstdio>
#include <fstream>

#include <wprox/kinds/dataset.hpp>
#include <wprox/sample_metrics.hpp>

#include "datasets.hpp"
#include "sgm_helpers.hpp"

using namespace wprox;
using sgm_test::as_matrix;
using wprox::testing::run_method;

namespace {

// The small kernel model of the fast tests: 300 centres, 700 loss points,
// a 2 x 16 network, 400 Adam iterations at lr 1e-2 (about a second).
const testing::Settings kSmallModel{{"centres", "300"}, {"width", "16"},       {"depth", "2"},
                                    {"lr", "1e-2"},     {"iterations", "400"}, {"samples", "1000"}};
const testing::Settings kMoons{{"train", "1000"}, {"heldout", "1000"}};

// The biased MMD^2 between `reference` and an independent true sample of n
// points (two-moons draws with seeds 1000..1007) at bandwidth h: mean and
// standard deviation over the 8 draws. The biased MMD varies a lot between
// draws (the share of each moon alone fluctuates by 1.6% at n = 1000).
std::pair<double, double> null_mmd2(const Particles& reference, double h, long n) {
  Vector v(8);
  for (int k = 0; k < 8; ++k) {
    const double m = gaussian_mmd(sgm::two_moons(n, 1000 + k), reference, h);
    v[k] = m * m;
  }
  return {v.mean(), std::sqrt((v.array() - v.mean()).square().sum() / 7.0)};
}

testing::Settings with(testing::Settings s, const std::string& k, const std::string& v) {
  s[k] = v;
  return s;
}

}  // namespace

TEST_CASE("sgm-empirical and sgm-kernel pass the conformance suite") {
  testing::check_conformance("sgm-empirical", "two-moons", {{"samples", "40"}, {"segments", "3"}},
                             {{"train", "60"}, {"heldout", "30"}});
  testing::check_conformance("sgm-empirical", "swiss-roll-6d",
                             {{"samples", "30"}, {"segments", "2"}, {"dynamics", "sde"}, {"sde_steps", "5"}},
                             {{"train", "60"}, {"heldout", "30"}});
  testing::check_conformance(
      "sgm-kernel", "two-moons",
      {{"samples", "40"}, {"centres", "30"}, {"width", "8"}, {"depth", "2"}, {"iterations", "4"}},
      {{"train", "60"}, {"heldout", "30"}});
}

TEST_CASE("the trained kernel model generalizes: no copies, MMD at the level of two true samples") {
  auto o = run_method("sgm-kernel", "two-moons", kSmallModel, kMoons, 3);
  const auto& data = problem_as<DatasetProblem>(*o.problem);
  const Particles Y = as_matrix(testing::find_array(o.results(), "samples"));
  const Diagnostics m = o.metrics();
  // Copies: true held-out points already have d1 < d2/3 about 11% of the
  // time (the training points are dense along 1-D curves). A memorizing
  // model gives nearly 100% as eps -> 0 (test_sgm_dynamics). Allow 5 binomial
  // standard deviations (sqrt(0.11 * 0.89 / 1000) = 0.01) above the held-out rate.
  MESSAGE("memorized fraction " << m.get("memorized_fraction") << " (held-out data "
                                << m.get("memorized_fraction_heldout") << ")");
  CHECK(m.get("memorized_fraction") < m.get("memorized_fraction_heldout") + 0.05);
  // Not collapsed onto the centres either: the median distance to the
  // training set is of the order of the held-out one.
  CHECK(m.get("median_nn_samples") > 0.5 * m.get("median_nn_heldout"));
  CHECK(m.get("median_nn_samples") < 2.0 * m.get("median_nn_heldout"));

  // The null level: the (biased) MMD between the held-out set and an
  // independent true sample at the same bandwidth, over 8 draws. The model
  // knows the distribution only through its 300 centres (a true sample of
  // 300 points), so the true sample has 300 points: at large bandwidth the
  // MMD mostly sees the mass balance (e.g. the share of each moon), which
  // the model inherits from its centres. Its mean is about
  // sqrt((1/300 + 1/1000)(1 - E k)); a model whose MMD^2 exceeds the null mean
  // by less than the null spread cannot be told from its own centres at
  // this sample size. We require MMD^2 <= mean + 4 sd (the model's 1000
  // draws add a fluctuation of their own, hence not 2 sd).
  const auto [mean, sd] = null_mmd2(data.heldout(), m.get("mmd_bandwidth"), 300);
  const double got = m.get("mmd_heldout");
  MESSAGE("MMD model " << got << ", true 300-point samples " << std::sqrt(mean) << " (sd of MMD^2 " << sd
                       << "), train vs held-out " << m.get("mmd_reference"));
  CHECK(got * got <= mean + 4 * sd);
  CHECK(m.get("heldout_sm_loss") < 0);  // the fitted score beats the zero score (loss 0)
}

TEST_CASE("the kernel model's ODE and SDE samplers reproduce its direct samples") {
  // With the closed-form score the reverse dynamics end at eta(., eps), the
  // model smoothed by beta^2 eps = 1e-4 (sd 0.01, below the model's own
  // widths): their samples must be as close to the direct ones as two
  // independent direct samples are. The null: the model rebuilt from its
  // centres.npy and precisions.npy, sampled directly with 8 other seeds,
  // against the direct samples (mean + 4 sd of MMD^2, as above).
  auto direct = run_method("sgm-kernel", "two-moons", kSmallModel, kMoons, 4);
  const Results rd = direct.results();
  const Particles Yd = as_matrix(testing::find_array(rd, "samples"));
  const double h = direct.metrics().get("mmd_bandwidth");
  const Array& P = testing::find_array(rd, "precisions");
  sgm::KernelModel model{as_matrix(testing::find_array(rd, "centres")), {}};
  for (std::size_t i = 0; i < P.shape[0]; ++i)
    model.precision.push_back(Eigen::Map<const RowMatrix>(P.data.data() + i * 4, 2, 2));
  Vector null2(8);
  for (int k = 0; k < 8; ++k) {
    const double v = gaussian_mmd(sgm::sample_model(model, Yd.rows(), StreamKey{std::uint64_t(100 + k), 0}), Yd, h);
    null2[k] = v * v;
  }
  const double mean = null2.mean(), sd = std::sqrt((null2.array() - mean).square().sum() / 7.0);
  for (const std::string sampler : {"ode", "sde"}) {
    auto o =
        run_method("sgm-kernel", "two-moons", with(with(kSmallModel, "sampler", sampler), "eps", "1e-4"), kMoons, 4);
    const Particles Y = as_matrix(testing::find_array(o.results(), "samples"));
    const double d = gaussian_mmd(Y, Yd, h);
    CAPTURE(sampler);
    MESSAGE(sampler << ": MMD to direct samples " << d << ", null level " << std::sqrt(mean));
    CHECK(d * d <= mean + 4 * sd);
    CHECK(o.metrics().get("memorized_fraction") < o.metrics().get("memorized_fraction_heldout") + 0.05);
  }
}

TEST_CASE("csv problem: sizes and dimension from the file, split by heldout_fraction") {
  const std::string path = std::string(WPROX_TEST_BINARY_DIR) + "/sgm_test_points.csv";
  {
    std::ofstream f(path);
    f << "a,b,c\n";
    for (int i = 0; i < 50; ++i) f << i << "," << 0.5 * i << "," << -i << "\n";
  }
  auto o = run_method("sgm-empirical", "csv", {{"samples", "20"}, {"segments", "2"}},
                      {{"path", path}, {"heldout_fraction", "0.2"}}, 1);
  const auto& data = problem_as<DatasetProblem>(*o.problem);
  CHECK(data.train().rows() == 40);
  CHECK(data.heldout().rows() == 10);
  CHECK(data.dim() == 3);
  // Every row lands in exactly one part.
  double sum = data.train().col(0).sum() + data.heldout().col(0).sum();
  CHECK(sum == doctest::Approx(49 * 50 / 2));
  const Results r = o.results();
  CHECK(testing::find_array(r, "samples").shape == std::vector<std::size_t>{20, 3});
  CHECK(testing::find_array(r, "train").shape == std::vector<std::size_t>{40, 3});
  std::remove(path.c_str());
}

TEST_CASE("bad input is refused with InputError") {
  CHECK_THROWS_WITH_AS(run_method("sgm-kernel", "two-moons", {{"centres", "100"}}, {{"train", "80"}}),
                       doctest::Contains("centres = 100 must be less than the number of training points (80)"),
                       InputError);
  CHECK_THROWS_WITH_AS(run_method("sgm-empirical", "two-moons", {{"eps", "1.5"}}, {{"train", "20"}}),
                       doctest::Contains("eps = 1.5 must lie in (0, T) = (0, 1)"), InputError);
  CHECK_THROWS_AS(run_method("sgm-empirical", "two-moons", {{"eps", "0"}}, {{"train", "20"}}), InputError);
  CHECK_THROWS_AS(run_method("sgm-kernel", "two-moons", {{"width", "0"}}, {{"train", "20"}}), InputError);
  CHECK_THROWS_AS(run_method("sgm-kernel", "two-moons", {{"depth", "-1"}}, {{"train", "20"}}), InputError);
}
