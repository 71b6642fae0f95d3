// Registers the method "tt-brwp": the noise-free particle sampler whose
// score comes from the regularized Wasserstein proximal's kernel formula
// evaluated on a tensor grid in tensor-train form (docs/tt-brwp.md).
#include <cmath>
#include <memory>
#include <optional>
#include <sstream>

#include <wprox/sampling.hpp>
#include <wprox/sdk.hpp>

#include "kernel_grid.hpp"
#include "tt_brwp_results.hpp"
#include "tt_brwp_settings.hpp"
#include "tt_brwp_step.hpp"

namespace wprox::tt_brwp {
namespace {

// The user's box for dimension d: one 'lo,hi' row for every axis, or d rows.
Box1 given_box(const RowMatrix& dom, int d) {
  WPROX_REQUIRE(dom.rows() == 1 || dom.rows() == d, InputError,
                "domain has " << dom.rows() << " rows but the target has dimension " << d
                              << "; give one 'lo,hi' row for every axis or " << d << " rows");
  Box1 b{Vector(d), Vector(d)};
  for (int k = 0; k < d; ++k) {
    b.lo[k] = dom(dom.rows() == 1 ? 0 : k, 0);
    b.hi[k] = dom(dom.rows() == 1 ? 0 : k, 1);
  }
  return b;
}

// The first particle coordinate outside the box, as a message; empty if none.
std::string outside(const Particles& X, const Box1& b) {
  for (Eigen::Index i = 0; i < X.rows(); ++i)
    for (Eigen::Index k = 0; k < X.cols(); ++k)
      if (!(X(i, k) >= b.lo[k] && X(i, k) <= b.hi[k])) {
        std::ostringstream os;
        os << "particle " << i << " has x" << k << " = " << X(i, k) << " outside the domain [" << b.lo[k] << ", "
           << b.hi[k] << "]";
        return os.str();
      }
  return "";
}

class TtBrwpRun : public SamplerRun {
 public:
  TtBrwpRun(const TargetProblem& t, const TtBrwpSettings& s, const RunContext& ctx)
      : SamplerRun(t, s, ctx, "tt-brwp"), settings_(s) {
    const int d = t.dim();
    const long N = X_.rows();
    WPROX_REQUIRE(N > d, InputError,
                  "particles = " << N << " but the target has dimension " << d
                                 << "; need more particles than dimensions for the density estimate's covariance");
    step_.h = s.h;
    step_.T = s.T.value_or(s.h);
    step_.beta = s.beta;
    step_.bandwidth = bandwidth_for(s, N, d);
    step_.tol = s.cross_tol;
    step_.max_rank = int(s.max_rank);
    const double bytes = step_bytes(d, int(s.grid), int(s.max_rank), N);
    WPROX_REQUIRE(bytes <= s.memory_gb * 1073741824.0, InputError,
                  "a step on this grid needs about " << bytes / 1073741824.0 << " GiB at dimension " << d
                                                      << ", grid = " << s.grid << ", max_rank = " << s.max_rank
                                                      << ", particles = " << N << "; memory_gb = " << s.memory_gb
                                                      << " allows less: lower grid, max_rank or particles");
    if (s.domain.size()) {
      fixed_box_ = given_box(s.domain, d);
      const std::string out = outside(X_, *fixed_box_);
      WPROX_REQUIRE(out.empty(), InputError, "domain excludes the initial particles: " << out);
    }
  }

  void finish() override {
    if (!grid_ || state_.smoothed.dim() == 0) return;
    // The density the last step's score came from, rho = E W, normalized.
    TTCrossResult r = tt_multiply_cross(grid_->E(), state_.smoothed,
                                        cross_options(step_.tol, step_.max_rank, X_, cross_seed(ctx_.seed, 3, 0)));
    if (!r.converged)
      throw RunError(steps_done(), "the cross of the final density E W did not reach cross_tol = " +
                                       std::to_string(step_.tol) + " (" + r.message + ")");
    density_ = std::move(r.tt);
    density_.scale(1.0 / tt_integral(density_));
  }

  Results results() const override {
    Results r = SamplerRun::results();
    if (density_.dim() > 0) {
      add_tt_arrays(density_, r);
      add_density_pictures(density_, X_, r);
    }
    return r;
  }

  void metrics(Diagnostics& out) const override {
    SamplerRun::metrics(out);
    out.set("bandwidth", step_.bandwidth);
    out.set("regrids", double(regrids_));
  }

 protected:
  void move(long k, Diagnostics& d) override {
    long evaluations = 0;
    const bool rebuilt = ensure_grid(k, evaluations);
    tt_brwp_step(target_.potential(), X_, *grid_, step_, ctx_.seed, k, state_);
    evaluations += state_.evaluations;
    if (fixed_box_) {
      const std::string out = outside(X_, *fixed_box_);
      if (!out.empty()) throw RunError(k, "the particles left the given domain: " + out);
    }
    d.set("rank_E", double(grid_->E().max_rank()));
    d.set("rank_ratio", double(state_.ratio.max_rank()));
    d.set("evaluations", double(evaluations));
    d.set("ratio_error", state_.ratio_error);
    d.set("clipped", double(state_.estimate.clipped));
    d.set("regrid", rebuilt ? 1.0 : 0.0);
  }

 private:
  // Keeps a grid that holds the particles: the given box, or the automatic
  // one (the particles' range plus margin), rebuilt when a particle comes
  // within half a margin of its edge or the cloud has shrunk to under half
  // its width on some axis. Returns whether it was (re)built.
  bool ensure_grid(long k, long& evaluations) {
    const int d = int(X_.cols());
    if (fixed_box_) {
      if (grid_) return false;
      build(*fixed_box_, k, evaluations);
      return true;
    }
    const double heat_sd = std::sqrt(2.0 * step_.T / step_.beta);
    const RowMatrix Xc = X_.rowwise() - X_.colwise().mean();
    Vector margin(d);
    for (int j = 0; j < d; ++j) {
      const double kernel_sd = std::sqrt(step_.bandwidth * Xc.col(j).squaredNorm() / double(X_.rows()));
      margin[j] = settings_.margin * std::max(kernel_sd, heat_sd);
    }
    const Box1 want = particle_box(X_, margin);
    bool ok = grid_ && grid_->holds(X_, 0.5 * margin);
    if (ok)
      for (int j = 0; j < d; ++j)
        if (grid_->box().hi[j] - grid_->box().lo[j] > 2.0 * (want.hi[j] - want.lo[j])) ok = false;
    if (ok) return false;
    build(want, k, evaluations);
    return true;
  }

  void build(const Box1& box, long k, long& evaluations) {
    grid_ = std::make_unique<KernelGrid>(target_.potential(), step_.beta, step_.T, box, int(settings_.grid),
                                         step_.tol, step_.max_rank, X_, cross_seed(ctx_.seed, 0, k), k);
    evaluations += grid_->evaluations();
    ++regrids_;
  }

  TtBrwpSettings settings_;
  StepSettings step_;
  std::optional<Box1> fixed_box_;
  std::unique_ptr<KernelGrid> grid_;
  StepState state_;
  TensorTrain density_;
  long regrids_ = 0;
};

void register_all(Registry& r) {
  r.add_method(make_method<TargetProblem>(
      "tt-brwp",
      "TT-BRWP: noise-free particle sampler, regularized Wasserstein proximal score computed in tensor-train form",
      "gaussian", tt_brwp_schema(), [](const TargetProblem& t, const TtBrwpSettings& s, const RunContext& ctx) {
        return std::make_unique<TtBrwpRun>(t, s, ctx);
      }));
}

}  // namespace
}  // namespace wprox::tt_brwp

WPROX_PLUGIN("tt_brwp", "0.1.0", wprox::tt_brwp::register_all)
