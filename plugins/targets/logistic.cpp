// logistic: the posterior of Bayesian logistic regression with a Gaussian
// prior w ~ N(0, prior_var I):
//   V(w) = sum_i [softplus(x_i . w) - y_i x_i . w] + |w|^2 / (2 prior_var),
// so exp(-V) is the posterior (beta = 1).
// Data: a CSV file (features in the first columns, the 0/1 label last; an
// optional header line), or generated from data_seed: x_i ~ N(0, I),
// w_true ~ N(0, I), y_i ~ Bernoulli(sigmoid(x_i . w_true)). With generated
// data the target reports w_err = |mean of the particles - w_true| per step.
#include <wprox/io/csv.hpp>

#include <cmath>
#include <optional>

#include "register.hpp"

namespace wprox::targets {
namespace {

// log(1 + e^t) without overflow.
double softplus(double t) { return t > 0 ? t + std::log1p(std::exp(-t)) : std::log1p(std::exp(t)); }
double sigmoid(double t) {
  if (t >= 0) return 1.0 / (1.0 + std::exp(-t));
  const double e = std::exp(t);
  return e / (1.0 + e);
}

class LogisticPotential : public Potential {
 public:
  LogisticPotential(RowMatrix X, Vector y, double prior_var) : X_(std::move(X)), y_(std::move(y)), pv_(prior_var) {}
  int dim() const override { return int(X_.cols()); }
  double value(const double* w) const override {
    const Eigen::Map<const Vector> wv(w, dim());
    const Vector t = X_ * wv;
    double v = wv.squaredNorm() / (2 * pv_);
    for (long i = 0; i < t.size(); ++i) v += softplus(t[i]) - y_[i] * t[i];
    return v;
  }
  void gradient(const double* w, double* g) const override { value_and_gradient(w, g); }
  double value_and_gradient(const double* w, double* g) const override {
    const Eigen::Map<const Vector> wv(w, dim());
    const Vector t = X_ * wv;
    Vector r(t.size());
    double v = wv.squaredNorm() / (2 * pv_);
    for (long i = 0; i < t.size(); ++i) {
      v += softplus(t[i]) - y_[i] * t[i];
      r[i] = sigmoid(t[i]) - y_[i];
    }
    Eigen::Map<Vector>(g, dim()) = X_.transpose() * r + wv / pv_;
    return v;
  }
  bool hessian(const double* w, double* H) const override {
    const Eigen::Map<const Vector> wv(w, dim());
    const Vector t = X_ * wv;
    Vector s(t.size());
    for (long i = 0; i < t.size(); ++i) {
      const double p = sigmoid(t[i]);
      s[i] = p * (1 - p);
    }
    const long d = dim();
    Matrix Hm = X_.transpose() * s.asDiagonal() * X_;
    Hm.diagonal().array() += 1.0 / pv_;
    Eigen::Map<RowMatrix>(H, d, d) = Hm;
    return true;
  }

 private:
  RowMatrix X_;
  Vector y_;
  double pv_;
};

class LogisticTarget : public TargetProblem {
 public:
  LogisticTarget(RowMatrix X, Vector y, double prior_var, std::optional<Vector> w_true)
      : V_(std::move(X), std::move(y), prior_var), w_true_(std::move(w_true)) {}
  std::string name() const override { return "logistic"; }
  const Potential& potential() const override { return V_; }
  std::string headline() const override { return w_true_ ? "w_err" : ""; }
  void report(const Particles& P, Diagnostics& out) const override {
    if (w_true_) out.set("w_err", (sample_mean(P) - *w_true_).norm());
  }

 private:
  LogisticPotential V_;
  std::optional<Vector> w_true_;
};

struct LogisticSettings {
  std::string data;
  long dim = 2, samples = 200, data_seed = 1;
  double prior_var = 1.0;
};

std::shared_ptr<const TargetProblem> create(const LogisticSettings& p) {
  const double prior_var = p.prior_var;
  if (!p.data.empty()) {
    const std::string& file = p.data;
    const CsvData csv = read_csv(file);
    WPROX_REQUIRE(csv.values.cols() >= 2 && csv.values.rows() >= 1, InputError,
                  "problem.data '" << file << "' needs at least one row of features followed by a 0/1 label");
    const long d = csv.values.cols() - 1;
    RowMatrix X = csv.values.leftCols(d);
    Vector y = csv.values.col(d);
    for (long i = 0; i < y.size(); ++i)
      WPROX_REQUIRE(y[i] == 0.0 || y[i] == 1.0, InputError,
                    "problem.data '" << file << "': the label (last column) of data row " << i + 1 << " is " << y[i]
                                     << "; labels must be 0 or 1");
    return std::make_shared<LogisticTarget>(std::move(X), std::move(y), prior_var, std::nullopt);
  }
  const long n = p.samples;
  const int d = int(p.dim);
  const auto seed = std::uint64_t(p.data_seed);
  // Items of the data stream: 0 for w_true, 1 + i for data point i.
  constexpr std::uint64_t kData = stream_purpose("logistic.data");
  Vector w(d);
  RandomStream(seed, kData, 0).normal(w.data(), d);
  RowMatrix X(n, d);
  Vector y(n);
  for (long i = 0; i < n; ++i) {
    RandomStream rs(seed, kData, std::uint64_t(1 + i));
    rs.normal(X.row(i).data(), d);
    y[i] = rs.uniform() < sigmoid(X.row(i).dot(w.transpose())) ? 1.0 : 0.0;
  }
  return std::make_shared<LogisticTarget>(std::move(X), std::move(y), prior_var, w);
}

}  // namespace

void register_logistic(Registry& r) {
  using S = LogisticSettings;
  r.add_problem(make_problem<TargetProblem>(
      "logistic", "Bayesian logistic regression posterior, Gaussian prior; data from a CSV file or generated",
      SettingsSchema<S>()
          .path("data", &S::data, "CSV file: features then a 0/1 label per row (default: generate from data_seed)")
          .integer("dim", &S::dim, 2, "number of features d for generated data", Range::closed(1, 1000))
          .integer("samples", &S::samples, 200, "number of data points for generated data", Range::closed(1, 1e8))
          .integer("data_seed", &S::data_seed, 1, "seed of the generated data (w_true, features, labels)",
                   Range::at_least(0))
          .real("prior_var", &S::prior_var, 1.0, "prior variance: w ~ N(0, prior_var I)", Range::positive()),
      [](const S& s, const RunContext&) { return create(s); }));
}

}  // namespace wprox::targets
