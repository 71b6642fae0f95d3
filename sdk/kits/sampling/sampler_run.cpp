#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

#include "wprox/agreement.hpp"
#include "wprox/chain_diagnostics.hpp"
#include "wprox/checkpoint.hpp"
#include "wprox/picture_helpers.hpp"
#include "wprox/sampling.hpp"

namespace wprox {

namespace {
constexpr long kGrid = 64;          // grid cells per axis for 2-D KL / TV
constexpr double kSmoothCells = 2;  // blur of both densities, in grid cells
}  // namespace

TargetDiagnostics::TargetDiagnostics(const TargetProblem& t, double beta)
    : t_(t), beta_(beta), exact_(t.exact_moments(beta)) {
  if (t.dim() == 2 && t.box()) {
    target_grid_ = target_grid_density(t, beta, kGrid);
    target_blurred_ = smooth_grid_density(*target_grid_, kSmoothCells);
  }
}

double TargetDiagnostics::measure(const Particles& X, Diagnostics& d) const {
  double off_grid = 0;
  if (exact_) {
    const Vector m = sample_mean(X);
    const Matrix C = sample_covariance(X);
    d.set("mean_err", (m - exact_->mean).norm());
    d.set("cov_err", (C - exact_->covariance).norm() / exact_->covariance.norm());
  }
  if (target_grid_) {
    const GridDensity hist = particle_grid_density(X, *target_grid_);
    off_grid = hist.off_grid;
    const GridDensity p = smooth_grid_density(hist, kSmoothCells);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    d.set("kl", off_grid > kMaxOffGrid ? nan : grid_kl(p, *target_blurred_));
    d.set("tv", off_grid > kMaxOffGrid ? nan : grid_tv(p, *target_blurred_));
  }
  t_.report(X, d);
  return off_grid;
}

void TargetDiagnostics::skipped(const Particles& X, Diagnostics& d) const {
  // The target's report() decides its own names: learn them from a
  // measurement of the first two particles, then record NaN for each.
  Diagnostics names;
  measure(X.topRows(std::min<long>(X.rows(), 2)), names);
  for (const auto& item : names.items()) d.set(item.first, std::numeric_limits<double>::quiet_NaN());
}

Results sampler_results(const TargetProblem& t, double beta, const Particles& X, const std::string& title) {
  Results r;
  r.arrays.push_back(make_array("particles", X));
  if (X.cols() >= 2) {
    Picture pic;
    pic.name = "particles";
    // In more than two dimensions the picture is a projection: say which.
    const std::string note = projection_note(0, 1, X.cols());
    pic.title = note.empty() ? title : title + " (" + note + ")";
    pic.xlabel = "x1";
    pic.ylabel = "x2";
    pic.equal_axes = true;
    if (t.dim() == 2 && t.box()) {
      const GridDensity q = target_grid_density(t, beta, 96);
      Layer c;
      c.kind = Layer::Kind::Contour;
      c.label = "target density";
      c.nx = c.ny = q.n;
      const double dx = (q.x1 - q.x0) / q.n, dy = (q.y1 - q.y0) / q.n;
      c.x0 = q.x0 + dx / 2, c.x1 = q.x1 - dx / 2, c.y0 = q.y0 + dy / 2, c.y1 = q.y1 - dy / 2;
      c.z = q.p;
      const double mx = *std::max_element(q.p.begin(), q.p.end());
      for (double f : {0.05, 0.1, 0.2, 0.4, 0.6, 0.8}) c.levels.push_back(f * mx);
      c.color = 7;
      pic.layers.push_back(c);
    }
    Layer pts;
    pts.kind = Layer::Kind::Points;
    pts.label = "particles";
    pts.x.resize(X.rows());
    pts.y.resize(X.rows());
    for (long i = 0; i < X.rows(); ++i) pts.x[i] = X(i, 0), pts.y[i] = X(i, 1);
    pts.color = 0;
    pic.layers.push_back(pts);
    r.pictures.push_back(pic);
  }
  return r;
}

SamplerRun::SamplerRun(const TargetProblem& t, const SamplerSettings& s, const RunContext& ctx,
                       const std::string& method)
    : Run(s.steps),
      target_(t),
      X_(initial_particles(s, t.dim(), ctx.seed)),
      beta_(s.beta),
      h_(s.h),
      ctx_(ctx),
      method_(method),
      diagnostics_every_(s.diagnostics_every),
      record_every_(s.record_every),
      diagnostics_(t, s.beta) {
  // The target's centre and scale, for the range guard.
  const auto moments = t.exact_moments(s.beta);
  if (const auto box = t.box()) {
    centre_ = 0.5 * (box->lo + box->hi);
    scale_ = 0.5 * (box->hi - box->lo).maxCoeff();
  } else if (moments) {
    centre_ = moments->mean;
    scale_ = std::sqrt(moments->covariance.diagonal().maxCoeff());
  } else {
    centre_ = sample_mean(X_);
    scale_ = std::sqrt(sample_covariance(X_).diagonal().maxCoeff());
  }
  if (!(scale_ > 0) || !std::isfinite(scale_)) scale_ = 1;
}

void SamplerRun::check_particles(long k) const {
  check_finite(X_, k);
  const double limit = kRangeFactor * scale_;
  for (long i = 0; i < X_.rows(); ++i) {
    const double r = (X_.row(i).transpose() - centre_).norm();
    if (r > limit) {
      std::ostringstream os;
      os.precision(3);
      os << "particle " << i << " is " << r << " from the target's centre, beyond " << kRangeFactor
         << " times the target's scale (" << scale_ << "); the step size h = " << h_ << " is probably too large";
      throw RunError(k, os.str());
    }
  }
}

void SamplerRun::measure(Diagnostics& d) const {
  const double off = diagnostics_.measure(X_, d);
  if (off > TargetDiagnostics::kMaxOffGrid && !off_grid_noted_) {
    off_grid_noted_ = true;
    std::ostringstream os;
    os.precision(3);
    os << "kl and tv are NaN where more than " << 100 * TargetDiagnostics::kMaxOffGrid
       << "% of the particles are outside the target's box (first at step " << steps_done() + 1 << ": " << 100 * off
       << "%)";
    note(os.str());
  }
}

void SamplerRun::save_state(StateWriter& w) const {
  w.matrix("particles", X_);
  if (!history_.empty()) w.values("history", history_);
  save_extra(w);
}

void SamplerRun::load_state(const StateReader& r) {
  X_ = r.matrix("particles", X_.rows(), X_.cols());
  if (r.has("history")) history_ = r.values("history");
  load_extra(r);
}

BlockSplit SamplerRun::split() const {
  const Communicator& comm = ctx_.communicator();
  return BlockSplit{std::size_t(X_.rows()), shards_particles() ? comm.size() : 1, shard_grain()};
}

long SamplerRun::own_begin() const {
  const BlockSplit s = split();
  return s.ranks == 1 ? 0 : long(s.begin(ctx_.communicator().rank()));
}

long SamplerRun::own_count() const {
  const BlockSplit s = split();
  return s.ranks == 1 ? X_.rows() : long(s.count(ctx_.communicator().rank()));
}

void SamplerRun::gather_particles() {
  const BlockSplit s = split();
  if (s.ranks == 1) return;
  // Counts in doubles (rows of d); the own rows are copied out first because
  // a gather's send and receive buffers must not overlap.
  const std::size_t d = std::size_t(X_.cols());
  std::vector<std::size_t> counts = s.counts();
  for (auto& c : counts) c *= d;
  const std::vector<double> mine(X_.data() + std::size_t(own_begin()) * d,
                                 X_.data() + std::size_t(own_begin() + own_count()) * d);
  ctx_.communicator().all_gather(mine.data(), mine.size(), X_.data(), counts);
}

void SamplerRun::do_step(long k, Diagnostics& d) {
  // A sharded move may fail on some ranks only (a particle of this rank's
  // share): agreed before the gather, so no rank is left waiting in it.
  if (split().ranks > 1)
    agree(ctx_.communicator(), [&] { move(k, d); });
  else
    move(k, d);
  gather_particles();
  check_particles(k);
  if (record_every_ > 0 && k % record_every_ == 0) history_.insert(history_.end(), X_.data(), X_.data() + X_.size());
  if (k % diagnostics_every_ == 0 || k == total_steps())
    measure(d);
  else
    diagnostics_.skipped(X_, d);
}

Results SamplerRun::results() const {
  Results r = sampler_results(target_, beta_, X_,
                              method_ + " on " + target_.name() + " after " + std::to_string(steps_done()) + " steps");
  if (!history_.empty()) {
    Array a;
    a.name = "history";
    a.shape = {history_.size() / std::size_t(X_.size()), std::size_t(X_.rows()), std::size_t(X_.cols())};
    a.data = history_;
    r.arrays.push_back(std::move(a));
  }
  return r;
}

std::string SamplerRun::headline() const {
  const std::string own = target_.headline();
  if (!own.empty()) return own;
  if (target_.dim() == 2 && target_.box()) return "kl";
  if (target_.exact_moments(beta_)) return "mean_err";
  return "";
}

void SamplerRun::metrics(Diagnostics& out) const {
  diagnostics_.measure(X_, out);  // the off-grid note was made by the steps
  const Vector m = sample_mean(X_);
  const Matrix C = sample_covariance(X_);
  // The first coordinates only: summary.json stays readable in high
  // dimension (particles.npy has everything). NAME[i] and NAME[i][j] become
  // JSON arrays in summary.json.
  const long shown = std::min<long>(m.size(), 5);
  for (long i = 0; i < shown; ++i) out.set("mean[" + std::to_string(i) + "]", m[i]);
  for (long i = 0; i < shown; ++i)
    for (long j = 0; j < shown; ++j) out.set("cov[" + std::to_string(i) + "][" + std::to_string(j) + "]", C(i, j));
  out.set("particles", double(X_.rows()));
  chain_metrics(out);
}

void SamplerRun::chain_metrics(Diagnostics& out) const {
  // Each particle is a chain and each record a draw; at least 8 records are
  // needed (4 per half-chain, for the ESS).
  const long n = X_.rows(), d = X_.cols(), records = long(history_.size()) / std::max<long>(1, n * d);
  if (!independent_chains() || records < 8) return;
  for (long j = 0; j < std::min<long>(d, 5); ++j) {
    RowMatrix draws(n, records);
    for (long r = 0; r < records; ++r)
      for (long i = 0; i < n; ++i) draws(i, r) = history_[std::size_t((r * n + i) * d + j)];
    const ChainSummary c = chain_summary(draws);
    const std::string idx = "[" + std::to_string(j) + "]";
    out.set("rhat" + idx, c.rhat);
    out.set("ess_bulk" + idx, c.ess_bulk);
    out.set("ess_tail" + idx, c.ess_tail);
  }
}

}  // namespace wprox
