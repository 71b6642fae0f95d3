// Registers the method "tt-brwp": the noise-free particle sampler whose
// score comes from the regularized Wasserstein proximal's kernel formula
// evaluated on a tensor grid in tensor-train form (docs/tt-brwp.md).
#include <cmath>
#include <memory>
#include <optional>
#include <sstream>

#include <wprox/memory.hpp>
#include <wprox/sampling.hpp>
#include <wprox/sdk.hpp>

#include "target_grid.hpp"
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
    exact_ = full_grid(s.grid, d);
    kind_ = s.estimate == EstimateChoice::Gaussian    ? EstimateKind::Gaussian
            : s.estimate == EstimateChoice::Particles ? EstimateKind::Particles
            : exact_                                  ? EstimateKind::Particles
                                                      : EstimateKind::Gaussian;
    const double bytes = step_bytes(d, int(s.grid), int(s.max_rank), N);
    WPROX_REQUIRE(bytes <= s.memory_gb * 1073741824.0, InputError,
                  "a step on this grid needs about " << bytes / 1073741824.0 << " GiB at dimension " << d
                                                      << ", grid = " << s.grid << ", max_rank = " << s.max_rank
                                                      << ", particles = " << N << "; memory_gb = " << s.memory_gb
                                                      << " allows less: lower grid, max_rank or particles");
    require_memory(bytes, "a tt-brwp step on this grid", "lower grid, max_rank or particles");
    if (s.domain.size()) {
      fixed_box_ = given_box(s.domain, d);
      const std::string out = outside(X_, *fixed_box_);
      WPROX_REQUIRE(out.empty(), InputError, "domain excludes the initial particles: " << out);
    }
  }

  void finish() override {
    if (!grid_ || settings_.density == DensityOutput::Off || (settings_.density == DensityOutput::Auto && !exact_))
      return;
    // The density the last step's score came from, rho = E W, normalized,
    // as a TT in the original coordinates on the particles' range plus
    // margin heat-kernel standard deviations.
    const int d = int(X_.cols());
    const double heat_sd = std::sqrt(2.0 * grid_->T() / beta_);
    Box1 b;
    if (fixed_box_) {
      b = *fixed_box_;
    } else {
      b.lo = X_.colwise().minCoeff().transpose() - Vector::Constant(d, settings_.margin * heat_sd);
      b.hi = X_.colwise().maxCoeff().transpose() + Vector::Constant(d, settings_.margin * heat_sd);
    }
    std::vector<TTAxis> axes;
    for (int k = 0; k < d; ++k) axes.push_back(tt_axis_gauss_legendre(b.lo[k], b.hi[k], int(settings_.grid)));
    const Potential& V = target_.potential();
    const TTOracle log_density = [&](const RowMatrix& Y, Vector& values) {
      Vector lw;
      log_w(*grid_, state_, Y, lw);
      evaluate(V, Y, &values, nullptr);
      values = -0.5 * beta_ * values + lw;
    };
    const double tol = settings_.cross_tol;
    if (exact_) {
      const RowMatrix P = grid_points(axes);
      Vector v;
      log_density(P, v);
      const double top = v.maxCoeff();
      std::vector<double> e(static_cast<std::size_t>(P.rows()));
      for (Eigen::Index m = 0; m < P.rows(); ++m) e[std::size_t(m)] = std::exp(v[m] - top);
      double bound = 0;
      density_ = tt_svd(axes, e.data(), std::min(tol, kExactTol), int(settings_.max_rank), &bound);
      if (!(bound <= tol)) {
        std::ostringstream os;
        os << "the TT-SVD of the final density E W did not reach cross_tol = " << tol << " within max_rank = "
           << settings_.max_rank << " (reached " << bound << ")";
        throw RunError(steps_done(), os.str());
      }
    } else {
      TTCrossResult r = tt_cross_log(axes, log_density,
                                     cross_options(tol, int(settings_.max_rank), X_, cross_seed(ctx_.seed, 3, 0)));
      if (!r.converged) {
        std::ostringstream os;
        os << "the cross of the final density E W did not reach cross_tol = " << tol << " (" << r.message << ")";
        throw RunError(steps_done(), os.str());
      }
      density_ = std::move(r.tt);
    }
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
    out.set("T", grid_ ? grid_->T() : std::nan(""));
    out.set("estimate_gaussian", kind_ == EstimateKind::Gaussian ? 1.0 : 0.0);
    out.set("regrids", double(regrids_));
  }

 protected:
  // Checkpoints. Besides the particles (SamplerRun), a step reads the grid,
  // which is kept across steps until a regrid: it is a pure function of the
  // particles at the start of the step that built it and of that step's
  // number, so those are saved and the grid is built again on load. Every
  // other field of state_ is recomputed at the start of each step.
  void save_extra(StateWriter& w) const override {
    w.integer("regrids", regrids_);
    w.integer("grid.step", grid_ ? grid_step_ : 0);
    if (grid_) w.matrix("grid.particles", grid_particles_);
  }
  void load_extra(const StateReader& r) override {
    const long k = r.integer("grid.step");
    if (k > 0) {
      const Particles now = X_;
      X_ = r.matrix("grid.particles", X_.rows(), X_.cols());
      Particles G;
      start_step(G);
      long evaluations = 0;
      build_grid(k, G, evaluations);
      X_ = now;
    }
    regrids_ = r.integer("regrids");
  }

  // V (particles estimate: with its gradients and curvature in state_) and
  // grad V at the particles, as a step needs them first.
  void start_step(Particles& G) {
    const Potential& V = target_.potential();
    if (kind_ == EstimateKind::Particles) {
      evaluate(V, X_, &state_.values, &G);
      state_.grads = G;
      state_.curvature = local_curvature(V, X_);
    } else {
      evaluate(V, X_, nullptr, &G);
    }
  }

  void move(long k, Diagnostics& d) override {
    check_finite(X_, k);
    Particles G;
    start_step(G);
    long evaluations = 0;
    const bool rebuilt = ensure_grid(k, G, evaluations);
    build_step(*grid_, X_, beta_, settings_.cross_tol, int(settings_.max_rank), k, state_);
    evaluations += state_.evaluations;
    Particles grad_w;
    RowMatrix jac_w;
    score(*grid_, state_, X_, grad_w, k, kind_ == EstimateKind::Particles ? &jac_w : nullptr);
    move_particles(grid_->model(), state_, h_, beta_, G, grad_w, jac_w, X_);
    check_finite(X_, k);
    if (fixed_box_) {
      const std::string out = outside(X_, *fixed_box_);
      if (!out.empty()) throw RunError(k, "the particles left the given domain: " + out);
    }
    d.set("T", grid_->T());
    d.set("rank_E", double(grid_->residual().max_rank()));
    d.set("rank_W", double(state_.kind == EstimateKind::Gaussian
                               ? (state_.exact ? state_.tilde.max_rank() : grid_->inverse().max_rank())
                               : 0));
    d.set("evaluations", double(evaluations));
    d.set("tt_error", std::max(grid_->error(), state_.tt_error));
    d.set("clipped", double(state_.clipped));
    d.set("laplace", double(state_.laplace));
    d.set("regrid", rebuilt ? 1.0 : 0.0);
  }

 private:
  // Keeps a grid whose box holds every Gaussian mean the step integrates
  // against with margin/2 standard deviations to spare (the given box, or
  // the automatic one: those means plus margin sds, in the model's frame),
  // rebuilding it (with a new model fitted to the particles, and T if it
  // is automatic) when that fails or the needed region has shrunk to under
  // half the box on some axis. Fills state_ for the step. Returns whether
  // the grid was (re)built.
  bool ensure_grid(long k, const Particles& G, long& evaluations) {
    const Potential& V = target_.potential();
    if (grid_) {
      prepare(V, grid_->model(), grid_->T(), beta_, kind_, exact_, X_, G, k, state_);
      if (fixed_box_ || fits(needs(grid_->model(), grid_->T(), beta_, X_, state_), grid_->model(), grid_->T(),
                             grid_->box()))
        return false;
    }
    build_grid(k, G, evaluations);
    return true;
  }

  // A new grid for the particles at the start of step k (remembered for checkpoints).
  void build_grid(long k, const Particles& G, long& evaluations) {
    const Potential& V = target_.potential();
    grid_particles_ = X_;
    grid_step_ = k;
    // The Gaussian estimate factors the model out of every integral; the
    // particles estimate keeps E itself on the grid (flat model), so that
    // the grid's relative accuracy follows E, not a model's residual.
    TargetModel model = kind_ == EstimateKind::Gaussian ? fit_model(X_, G, k) : flat_model(X_, state_.values);
    if (fixed_box_) model = axis_aligned(model, fixed_box_->lo, fixed_box_->hi);
    const double lambda = kind_ == EstimateKind::Particles ? bulk_curvature(state_.curvature) : model.curvature_max();
    const double T = settings_.T ? *settings_.T : default_T(h_, lambda);
    prepare(V, model, T, beta_, kind_, exact_, X_, G, k, state_);
    Box1 box;
    if (fixed_box_) {
      box.lo = fixed_box_->lo - model.centre;
      box.hi = fixed_box_->hi - model.centre;
    } else {
      const Needs n = needs(model, T, beta_, X_, state_);
      // No particle in the bulk, or means that overflowed (particles near
      // 1e300): there is no box to build a grid on.
      if (n.means.rows() == 0 || !n.means.allFinite() || !n.sd.allFinite())
        throw RunError(k, "the particles' density estimate is empty or not finite (particles too far out?)");
      box = box_for(n, centre_sd(model, T), settings_.margin);
    }
    GridSettings gs;
    gs.beta = beta_;
    gs.T = T;
    gs.n = int(settings_.grid);
    gs.tol = settings_.cross_tol;
    gs.max_rank = int(settings_.max_rank);
    gs.want_inverse = kind_ == EstimateKind::Gaussian;
    const RowMatrix seeds = model.to_frame(X_);
    grid_ = std::make_unique<TargetGrid>(V, std::move(model), box, gs, seeds, cross_seed(ctx_.seed, 0, k), k);
    evaluations += grid_->evaluations();
    ++regrids_;
  }

  Vector centre_sd(const TargetModel& model, double T) const {
    return normalizer_constants(model.eta, beta_, T).lambda.cwiseSqrt().cwiseInverse();
  }

  bool fits(const Needs& n, const TargetModel& model, double T, const Box1& box) const {
    const Box1 want = box_for(n, centre_sd(model, T), settings_.margin);
    const Box1 tight = box_for(n, centre_sd(model, T), 0.5 * settings_.margin);
    for (Eigen::Index j = 0; j < box.lo.size(); ++j) {
      if (tight.lo[j] < box.lo[j] || tight.hi[j] > box.hi[j]) return false;
      if (box.hi[j] - box.lo[j] > 2.0 * (want.hi[j] - want.lo[j])) return false;
    }
    return true;
  }

  TtBrwpSettings settings_;
  bool exact_ = false;
  EstimateKind kind_ = EstimateKind::Gaussian;
  std::optional<Box1> fixed_box_;
  std::unique_ptr<TargetGrid> grid_;
  StepState state_;
  TensorTrain density_;
  long regrids_ = 0;
  Particles grid_particles_;  // the particles and the step the grid was built at
  long grid_step_ = 0;
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
