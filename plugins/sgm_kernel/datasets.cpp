#include "datasets.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <vector>

#include <wprox/io/csv.hpp>

namespace wprox::sgm {
namespace {

constexpr double kPi = 3.14159265358979323846;
// Data draws have purposes of their own, so data and sampling noise never
// share random numbers even when the data seed is the run's seed.
constexpr std::uint64_t kMoons = stream_purpose("dataset.two-moons");
constexpr std::uint64_t kRoll = stream_purpose("dataset.swiss-roll-6d");
constexpr std::uint64_t kShuffle = stream_purpose("dataset.csv-shuffle");

Particles rows(const Particles& all, long begin, long count) { return all.middleRows(begin, count); }

// Problem parameters shared by the generated sets: the sizes of the two
// parts and an optional seed of their own.
struct GeneratedSettings {
  long train = 0, heldout = 0;
  std::optional<long> data_seed;
};

SettingsSchema<GeneratedSettings> generated_schema(long train, long heldout) {
  using S = GeneratedSettings;
  return SettingsSchema<S>()
      .integer("train", &S::train, train, "number of training points", Range::closed(1, 1e8))
      .integer("heldout", &S::heldout, heldout, "number of held-out points (drawn after the training points)",
               Range::closed(0, 1e8))
      .optional_integer("data_seed", &S::data_seed, "seed of the data (default: the run's --seed)", Range::at_least(0));
}

std::uint64_t data_seed(const std::optional<long>& given, const RunContext& ctx) {
  return given ? std::uint64_t(*given) : ctx.seed;
}

template <class Generator>
std::shared_ptr<const DatasetProblem> make_generated(const std::string& name, Generator gen, const GeneratedSettings& p,
                                                     const RunContext& ctx) {
  const Particles all = gen(p.train + p.heldout, data_seed(p.data_seed, ctx), 0);
  return std::make_shared<StoredDataset>(name, rows(all, 0, p.train), rows(all, p.train, p.heldout));
}

struct CsvSettings {
  std::string path;
  double heldout_fraction = 0.2;
  bool shuffle = true;
  std::optional<long> data_seed;
};

// A CSV file split at random (RandomStream keyed by the seed) into training
// and held-out rows; held-out count = round(fraction * rows).
std::shared_ptr<const DatasetProblem> make_csv(const CsvSettings& p, const RunContext& ctx) {
  WPROX_REQUIRE(!p.path.empty(), InputError, "problem 'csv': parameter problem.path is required (a numeric CSV file)");
  const std::string& path = p.path;
  const CsvData csv = read_csv(path);
  const long n = csv.values.rows();
  const long n_held = std::lround(p.heldout_fraction * double(n));
  WPROX_REQUIRE(n - n_held >= 1, InputError,
                "problem 'csv': " << path << " has " << n << " rows; with heldout_fraction " << p.heldout_fraction
                                  << " no training row is left");
  std::vector<long> order(n);
  std::iota(order.begin(), order.end(), 0L);
  if (p.shuffle) {
    RandomStream rs(data_seed(p.data_seed, ctx), kShuffle);
    for (long i = n - 1; i > 0; --i) std::swap(order[i], order[long(rs.bits() % std::uint64_t(i + 1))]);
  }
  Particles train(n - n_held, csv.values.cols()), held(n_held, csv.values.cols());
  for (long i = 0; i < n; ++i) (i < n - n_held ? train.row(i) : held.row(i - (n - n_held))) = csv.values.row(order[i]);
  return std::make_shared<StoredDataset>("csv", std::move(train), std::move(held));
}

}  // namespace

Particles two_moons(long n, std::uint64_t seed, long first) {
  Particles X(n, 2);
  for (long k = 0; k < n; ++k) {
    RandomStream rs(seed, kMoons, std::uint64_t(first + k));
    const double a = kPi * rs.uniform();
    const bool upper = rs.uniform() < 0.5;
    double x = upper ? std::cos(a) : 1.0 - std::cos(a);
    double y = upper ? std::sin(a) : 0.5 - std::sin(a);
    x += 0.01 * rs.normal();
    y += 0.01 * rs.normal();
    X(k, 0) = 2.0 * x - 1.0;
    X(k, 1) = 2.0 * y - 0.2;
  }
  return X;
}

Particles swiss_roll_6d(long n, std::uint64_t seed, long first) {
  Particles X(n, 6);
  for (long k = 0; k < n; ++k) {
    RandomStream rs(seed, kRoll, std::uint64_t(first + k));
    const double t = 1.5 * kPi * (1.0 + 2.0 * rs.uniform());
    const double x = (t * std::cos(t) + rs.normal()) / 5.0;
    const double y = (t * std::sin(t) + rs.normal()) / 5.0;
    X(k, 0) = x;
    X(k, 1) = y;
    X(k, 2) = 2.0 * x + 0.1 * rs.normal();
    X(k, 3) = x + y + 0.1 * rs.normal();
    X(k, 4) = x - 2.0 * y + 0.1 * rs.normal();
    X(k, 5) = rs.normal();
  }
  return X;
}

void register_datasets(Registry& r) {
  r.add_problem(
      make_problem<DatasetProblem>("two-moons", "two moons in 2-D (noise 0.02 after scaling), generated from the seed",
                                   generated_schema(2000, 1000), [](const GeneratedSettings& p, const RunContext& ctx) {
                                     return make_generated("two-moons", two_moons, p, ctx);
                                   }));
  r.add_problem(make_problem<DatasetProblem>(
      "swiss-roll-6d", "Swiss roll (x, y) with three noisy linear features and one N(0,1) feature, in 6-D",
      generated_schema(2000, 1000), [](const GeneratedSettings& p, const RunContext& ctx) {
        return make_generated("swiss-roll-6d", swiss_roll_6d, p, ctx);
      }));
  using S = CsvSettings;
  r.add_problem(make_problem<DatasetProblem>(
      "csv", "any numeric CSV file (optional header); rows are points",
      SettingsSchema<S>()
          .path("path", &S::path, "the CSV file (required)")
          .real("heldout_fraction", &S::heldout_fraction, 0.2, "fraction of the rows held out",
                Range{0.0, 1.0, false, true})
          .boolean("shuffle", &S::shuffle, true, "shuffle the rows (with the seed) before splitting")
          .optional_integer("data_seed", &S::data_seed, "seed of the shuffle (default: the run's --seed)",
                            Range::at_least(0)),
      make_csv));
}

}  // namespace wprox::sgm
