#include "rd_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

#include <wprox/checkpoint.hpp>
#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>

#include "row_reductions.hpp"

namespace pdhg_rd {
namespace {

std::string fmt_time(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", t);
  return buf;
}

// Times closer than this (relative to the run length) are the same time:
// stepping by ht accumulates round-off in t.
double same_time_tol(double t_final) { return 1e-10 * std::max(1.0, t_final); }

}  // namespace

RdRun::RdRun(const wprox::PdeProblem& p, const StepControl& c, const SolverFactory& make_solver, std::string method,
             const wprox::Communicator& comm)
    : wprox::Run(std::max(1L, long(std::ceil(p.t_final() / (c.nt * c.ht) - 1e-9)))),
      method_(std::move(method)),
      problem_(p.name()),
      grid_(p.grid()),
      model_(p.model_ptr()),
      c_(c),
      t_final_(p.t_final()),
      snapshot_times_(p.snapshot_times()),
      transform_(comm.slab_transform(p.grid())),
      // The model's stencils reach order / 2 rows (one Laplacian per 2 orders).
      slab_(comm, transform_, std::max(1, (p.model().order() + 1) / 2)),
      sys_(*model_, p.grid(), c.nt, slab_),
      u_(p.initial().data),
      ht_cap_(c.ht_first > 0 ? c.ht_first : std::numeric_limits<double>::infinity()) {
  WPROX_REQUIRE(long(u_.size()) == grid_.size(), wprox::DimensionMismatch,
                "initial field has " << u_.size() << " values, the grid " << grid_.size());
  solver_ = make_solver(sys_, transform_, transform_->laplacian_symbol());
  U_.resize(std::size_t(sys_.size()));
  scratch_.resize(std::size_t(std::max(1, model_->scratch_fields())) * grid_.size());
  mass0_ = mass(u_.data());
  take_snapshots();
}

double RdRun::mass(const double* u) const {
  const double h = grid_.h();
  const long len = grid_.size() / grid_.n(0);
  return h * h * wprox::deterministic_sum(grid_.n(0), [&](long r) { return row_sum(u + r * len, len); });
}

void RdRun::take_snapshots() {
  while (next_snapshot_ < snapshot_times_.size() && snapshot_times_[next_snapshot_] <= t_ + same_time_tol(t_final_)) {
    snapshots_.emplace_back(snapshot_times_[next_snapshot_], u_);
    ++next_snapshot_;
  }
}

void RdRun::do_step(long k, wprox::Diagnostics& diag) {
  const double stop = next_snapshot_ < snapshot_times_.size() ? snapshot_times_[next_snapshot_] : t_final_;
  const int nt = c_.nt;
  const long m = grid_.size();
  double h = std::min({c_.ht, ht_cap_, (stop - t_) / nt});
  long retries = 0;
  SolveStats st;
  for (;;) {
    if (h != ht_configured_) {
      sys_.set_step(h);
      solver_->set_step(h);
      ht_configured_ = h;
    }
    sys_.set_start(u_.data());
    for (int s = 0; s < nt; ++s) {
      std::copy(u_.begin(), u_.end(), U_.begin() + s * m);
      slab_.poison_outside(U_.data() + s * m);
    }
    st = solver_->solve(U_.data());
    iterations_ += st.iterations;
    linear_iterations_ += st.linear_iterations;
    if (st.converged) break;
    const bool can_retry = c_.adaptive && 0.5 * h >= c_.ht_min && std::isfinite(h);
    if (!can_retry) {
      std::ostringstream os;
      os.precision(6);
      os << "window t = " << t_ << " .. " << t_ + nt * h << " (h = " << h << ", steps_per_window = " << nt
         << "): residual ||F/h||_inf = " << st.residual << " after " << st.iterations << " iterations: " << st.why;
      if (c_.adaptive) os << "; h cannot be halved below h_min = " << c_.ht_min;
      throw wprox::RunError(k, os.str());
    }
    solver_->discard_last();
    h *= 0.5;
    c_.ht = h;
    ++retries;
  }
  retries_ += retries;
  max_residual_ = std::max(max_residual_, st.residual);
  std::copy(U_.end() - m, U_.end(), u_.begin());
  slab_.gather_field(u_.data());
  t_ += nt * h;
  if (std::fabs(t_ - stop) <= same_time_tol(t_final_)) t_ = stop;
  take_snapshots();
  // Adaptive growth waits while the start-up cap binds: the cap then hands
  // over to the step the solver last succeeded with, not a grown one.
  const bool capped = ht_cap_ < c_.ht;
  if (c_.adaptive && !capped && st.iterations <= c_.quick_iterations) c_.ht = std::min(c_.ht * c_.grow, c_.ht_max);
  if (k == 1) startup_iterations_ = st.iterations;
  if (t_ >= c_.startup_time && ht_cap_ < c_.ht_max && st.iterations <= startup_iterations_) ht_cap_ *= 2.0;

  diag.set("t", t_);
  diag.set("h", h);
  diag.set("iterations", double(st.iterations));
  if (solver_->reports_linear_iterations()) diag.set("linear_iterations", double(st.linear_iterations));
  diag.set("residual", st.residual);
  diag.set("mass", mass(u_.data()));
  diag.set("energy", model_->energy(u_.data(), scratch_.data()));
  diag.set("retries", double(retries));

  if (finished())
    set_total_steps(k);
  else
    set_total_steps(k + std::max(1L, long(std::ceil((t_final_ - t_) / (nt * c_.ht) - 1e-9))));
}

// Everything a window reads or changes: the field, the clock, the step
// controller (the adapted ht, the start-up cap and the first window's
// iterations it compares with), the snapshots taken, the totals, and the
// solver's warm start. ht_configured_ is not state: a restored run
// configures the step afresh, which depends on the step alone.
void RdRun::save_state(wprox::StateWriter& w) const {
  w.values("u", u_);
  w.scalar("t", t_);
  w.scalar("ht", c_.ht);
  w.scalar("ht_cap", ht_cap_);
  w.integer("startup_iterations", startup_iterations_);
  w.integer("iterations", iterations_);
  w.integer("linear_iterations", linear_iterations_);
  w.integer("retries", retries_);
  w.scalar("max_residual", max_residual_);
  w.integer("snapshots", long(snapshots_.size()));
  for (std::size_t i = 0; i < snapshots_.size(); ++i) {
    w.scalar("snapshot" + std::to_string(i) + ".t", snapshots_[i].first);
    w.values("snapshot" + std::to_string(i), snapshots_[i].second);
  }
  solver_->save_state(w);
}

void RdRun::load_state(const wprox::StateReader& r) {
  std::vector<double> u = r.values("u");
  WPROX_REQUIRE(u.size() == u_.size(), wprox::InputError,
                "checkpoint field u has " << u.size() << " values, the grid " << u_.size());
  u_ = std::move(u);
  t_ = r.scalar("t");
  c_.ht = r.scalar("ht");
  ht_cap_ = r.scalar("ht_cap");
  startup_iterations_ = r.integer("startup_iterations");
  iterations_ = r.integer("iterations");
  linear_iterations_ = r.integer("linear_iterations");
  retries_ = r.integer("retries");
  max_residual_ = r.scalar("max_residual");
  const long n = r.integer("snapshots");
  WPROX_REQUIRE(n >= 0 && std::size_t(n) <= snapshot_times_.size(), wprox::InputError,
                "checkpoint has " << n << " snapshots, the problem " << snapshot_times_.size());
  snapshots_.clear();
  for (long i = 0; i < n; ++i) {
    std::vector<double> s = r.values("snapshot" + std::to_string(i));
    WPROX_REQUIRE(s.size() == u_.size(), wprox::InputError, "checkpoint snapshot " << i << " has the wrong size");
    snapshots_.emplace_back(r.scalar("snapshot" + std::to_string(i) + ".t"), std::move(s));
  }
  next_snapshot_ = std::size_t(n);
  ht_configured_ = -1.0;
  solver_->load_state(r);
}

void RdRun::metrics(wprox::Diagnostics& out) const {
  const long steps = steps_done();
  out.set("t", t_);
  out.set("iterations_total", double(iterations_));
  out.set("iterations_per_window", steps > 0 ? double(iterations_) / steps : 0.0);
  if (solver_->reports_linear_iterations()) out.set("linear_iterations_total", double(linear_iterations_));
  out.set("max_residual", max_residual_);
  out.set("retries_total", double(retries_));
  const double m = mass(u_.data());
  out.set("mass_initial", mass0_);
  out.set("mass_final", m);
  out.set("mass_drift", std::fabs(m - mass0_));
  std::vector<double> scratch(scratch_.size());
  out.set("energy_final", model_->energy(u_.data(), scratch.data()));
}

wprox::Results RdRun::results() const {
  wprox::Results r;
  const std::vector<std::size_t> shape{std::size_t(grid_.n(0)), std::size_t(grid_.n(1))};
  r.arrays.push_back({"u_final", shape, u_});
  for (const auto& [time, u] : snapshots_) {
    const std::string stem = "u_t" + fmt_time(time);
    r.arrays.push_back({stem, shape, u});
    // The label names the colour bar (a lone heatmap gets no legend).
    wprox::Layer heat = wprox::heatmap_layer(grid_, u.data(), "u");
    wprox::Picture pic;
    pic.name = stem;
    pic.title = problem_ + ", " + method_ + ": u at t = " + fmt_time(time);
    pic.xlabel = "x";
    pic.ylabel = "y";
    pic.equal_axes = true;
    pic.layers.push_back(std::move(heat));
    r.pictures.push_back(std::move(pic));
  }
  return r;
}

}  // namespace pdhg_rd
