#include "score.hpp"

#include <cmath>

#include <wprox/errors.hpp>
#include <wprox/kernel.hpp>
#include <wprox/parallel.hpp>

namespace wprox::mfc {
namespace {

constexpr double kLog2Pi = 1.83787706640934548356;

// One kernel density estimate with bandwidth h at the particles. With
// leave_one_out, particle i's own kernel is left out of its estimate: the
// self term adds exp(0) = 1 to S_i = exp(lse_i) and nothing to the pull, so
// the estimate without it is pull S / (S - 1) and log((S - 1) / (N - 1)).
// Where the others' weight S - 1 is below 1 (an isolated particle in the far
// tail, whose neighbours alone would give a wild direction) the self term is kept.
void kde(const Particles& X, double h, bool leave_one_out, Particles& score, Vector* log_density) {
  const long N = X.rows();
  KernelRequest req;
  req.pull = true;
  req.lse = log_density != nullptr || leave_one_out;
  req.symmetry = KernelRequest::Symmetry::QueriesAreSources;
  KernelResult r;
  kernel_sum(X, KernelSources::isotropic(X, 1.0 / (2.0 * h * h)), req, r);
  const double norm = 0.5 * double(X.cols()) * (kLog2Pi + 2.0 * std::log(h));
  score.resize(N, X.cols());
  if (log_density) log_density->resize(N);
  for (long i = 0; i < N; ++i) {
    const double others = leave_one_out ? std::expm1(r.lse[i]) : 0.0;  // S - 1
    if (others >= 1.0) {
      score.row(i) = -r.pull.row(i) * (1.0 + 1.0 / others);
      if (log_density) (*log_density)[i] = std::log(others) - std::log(double(N - 1)) - norm;
    } else {
      score.row(i) = -r.pull.row(i);
      if (log_density) (*log_density)[i] = r.lse[i] - std::log(double(N)) - norm;
    }
  }
}

}  // namespace

ScoreSource score_source_from_name(const std::string& name) {
  if (name == "kernel") return ScoreSource::kernel;
  if (name == "flow") return ScoreSource::flow;
  throw InputError("mfc: unknown score source '" + name + "'; allowed: kernel, flow");
}

const char* score_source_name(ScoreSource s) { return s == ScoreSource::kernel ? "kernel" : "flow"; }

BandwidthRule bandwidth_rule_from_name(const std::string& name) {
  if (name == "silverman") return BandwidthRule::silverman;
  if (name == "scott") return BandwidthRule::scott;
  if (name == "fixed") return BandwidthRule::fixed;
  throw InputError("mfc: unknown bandwidth rule '" + name + "'; allowed: silverman, scott, fixed");
}

const char* bandwidth_rule_name(BandwidthRule r) {
  return r == BandwidthRule::silverman ? "silverman" : r == BandwidthRule::scott ? "scott" : "fixed";
}

double kernel_bandwidth(const Particles& X, const KernelScoreSettings& s) {
  WPROX_REQUIRE(s.scale > 0 && std::isfinite(s.scale), InputError,
                "mfc: bandwidth scale " << s.scale << " is out of range; allowed: > 0");
  if (s.rule == BandwidthRule::fixed) return s.scale;
  const long N = X.rows();
  const int d = int(X.cols());
  // Serial sums in row order: the same bits for any thread count.
  const Eigen::RowVectorXd mean = X.colwise().sum() / double(N);
  double ss = 0;
  for (long i = 0; i < N; ++i) ss += (X.row(i) - mean).squaredNorm();
  const double sigma = std::sqrt(ss / double(N * d));
  const double factor = s.rule == BandwidthRule::silverman ? 4.0 / ((d + 2.0) * double(N)) : 1.0 / double(N);
  const double h = s.scale * sigma * std::pow(factor, 1.0 / (d + 4.0));
  if (!(h > 0 && std::isfinite(h)))
    throw RunError(0, "kernel bandwidth " + std::to_string(h) + " (the particle cloud collapsed or diverged)");
  return h;
}

double kernel_score(const Particles& X, const KernelScoreSettings& s, Particles& score, Vector* log_density) {
  const double h = kernel_bandwidth(X, s);
  kde(X, h, s.leave_one_out, score, log_density);
  if (s.extrapolate) {
    // est(h) = exact + h^2 B + O(h^4): 2 est(h) - est(sqrt 2 h) = exact + O(h^4).
    Particles wide;
    Vector wide_log;
    kde(X, std::sqrt(2.0) * h, s.leave_one_out, wide, log_density ? &wide_log : nullptr);
    score = 2.0 * score - wide;
    if (log_density) *log_density = 2.0 * (*log_density) - wide_log;
  }
  return h;
}

void flow_initial(const MfcProblem& problem, const Particles& X, FlowState& st) {
  const long N = X.rows();
  const int d = int(X.cols());
  st.s.resize(N, d);
  st.H.resize(N, d * d);
  st.l.resize(N);
  parallel_for(
      N,
      [&](long b, long e) {
        for (long i = b; i < e; ++i)
          st.l[i] = problem.initial_log_density(X.row(i).data(), st.s.row(i).data(), st.H.row(i).data());
      },
      256);
}

void flow_rates(const SecondOrderJet& J, const FlowState& st, double nu, FlowState& rate) {
  const long N = st.s.rows();
  const int d = int(st.s.cols());
  rate.s.resize(N, d);
  rate.H.resize(N, d * d);
  rate.l.resize(N);
  const bool drive = J.drive.size() > 0;
  parallel_for(
      N,
      [&](long b, long e) {
        Matrix M(d, d), H(d, d);
        for (long i = b; i < e; ++i) {
          // M = A + nu H, both symmetric (row-major blocks read as such).
          for (int r = 0; r < d; ++r)
            for (int c = 0; c < d; ++c) {
              H(r, c) = st.H(i, r * d + c);
              M(r, c) = J.hess(r * d + c, i) + nu * H(r, c);
            }
          const Vector s = st.s.row(i).transpose();
          rate.s.row(i) = (M * s + J.grad_lap.col(i)).transpose();
          const Matrix MH = M * H;
          for (int r = 0; r < d; ++r)
            for (int c = 0; c < d; ++c)
              rate.H(i, r * d + c) = MH(r, c) + MH(c, r) + (drive ? J.drive(r * d + c, i) : 0.0);
          rate.l[i] = J.base.lap[i] + nu * H.trace();
        }
      },
      64);
}

}  // namespace wprox::mfc
