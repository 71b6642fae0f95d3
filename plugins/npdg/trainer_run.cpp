#include "trainer_run.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <sstream>

#include <wprox/checkpoint.hpp>
#include <wprox/errors.hpp>
#include <wprox/io/npy.hpp>

namespace wprox::npdg {
namespace {

constexpr long kSlice = 41, kLine = 101;

// The points of the picture: the (x1, x2) plane through the centre of the
// cube (dim >= 2) or the interval itself (dim 1), as columns.
Matrix slice_points(const EllipticProblem& p, Vector& axis) {
  const int d = p.dim();
  const long n = d == 1 ? kLine : kSlice;
  axis.resize(n);
  for (long i = 0; i < n; ++i) axis[i] = p.lower() + (p.upper() - p.lower()) * double(i) / double(n - 1);
  const double mid = 0.5 * (p.lower() + p.upper());
  if (d == 1) return axis.transpose();
  // Column i * n + j is (x1, x2) = (axis[i], axis[j]): x1 slowest, as
  // heatmap rows of constant x2 want after the transpose below.
  Matrix X = Matrix::Constant(d, n * n, mid);
  for (long i = 0; i < n; ++i)
    for (long j = 0; j < n; ++j) {
      X(0, i * n + j) = axis[i];
      X(1, i * n + j) = axis[j];
    }
  return X;
}

Layer curve(const std::string& label, const std::vector<double>& x, const std::vector<double>& y, int color) {
  Layer l;
  l.kind = Layer::Kind::Curve;
  l.label = label;
  l.color = color;
  l.x = x;
  l.y = y;
  return l;
}

// A grid layer over the slice; v holds n * n values with x1 slowest.
Layer grid_layer(Layer::Kind kind, const std::string& label, const Vector& axis, const Vector& v) {
  Layer l;
  l.kind = kind;
  l.label = label;
  l.nx = l.ny = axis.size();
  l.x0 = l.y0 = axis[0];
  l.x1 = l.y1 = axis[axis.size() - 1];
  l.z.resize(std::size_t(v.size()));
  for (long i = 0; i < l.nx; ++i)
    for (long j = 0; j < l.ny; ++j) l.z[std::size_t(j * l.nx + i)] = v[i * l.ny + j];
  return l;
}

}  // namespace

TrainerRun::TrainerRun(std::unique_ptr<Trainer> trainer, long iterations, const std::string& init)
    : Run(iterations), trainer_(std::move(trainer)) {
  if (init.empty()) return;
  const NpyArray a = read_npy(init);
  NetworkState s = trainer_->save_solution();
  WPROX_REQUIRE(long(a.data.size()) == s.parameters.size(), InputError,
                "init file '" << init << "' has " << a.data.size() << " parameters but the solution network (width "
                              << s.width << ", depth " << s.depth << ", " << s.activation << ", dim " << s.inputs
                              << ") has " << s.parameters.size()
                              << "; use the width, depth, activation and dim of the run that wrote it");
  for (std::size_t i = 0; i < a.data.size(); ++i) {
    WPROX_REQUIRE(std::isfinite(a.data[i]), InputError, "init file '" << init << "' contains NaN or Inf");
    s.parameters[long(i)] = a.data[i];
  }
  trainer_->load_solution(s);
}

void TrainerRun::do_step(long k, Diagnostics& d) {
  const auto t0 = std::chrono::steady_clock::now();
  trainer_->step(k, d);
  const double dt = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  seconds_.push_back((seconds_.empty() ? 0.0 : seconds_.back()) + dt);
  rel_l2_.push_back(d.get("rel_l2"));
  rel_h1_.push_back(d.get("rel_h1"));
}

void TrainerRun::finish() {
  // The error measured over the last quarter of the run against the best of
  // the first three quarters: less than 10 % better while still above
  // kStallFloor (5x the 1e-2 the methods are judged by) is a stall.
  constexpr double kStallFloor = 5e-2, kGain = 0.9;
  std::vector<double> e;
  for (double v : rel_l2_)
    if (std::isfinite(v)) e.push_back(v);
  if (e.size() < 20) return;
  const std::size_t split = e.size() * 3 / 4;
  double early = e[0], late = e[split];
  for (std::size_t i = 0; i < split; ++i) early = std::min(early, e[i]);
  for (std::size_t i = split; i < e.size(); ++i) late = std::min(late, e[i]);
  if (late < kStallFloor || late < kGain * early) return;
  const NetworkState s = trainer_->save_solution();
  std::ostringstream os;
  os.precision(3);
  os << "rel_l2 stalled at " << late << " over the last " << (e.size() - split)
     << " measurements (best before: " << early << "); the solution network (width " << s.width << ", depth "
     << s.depth << ", " << s.parameters.size()
     << " parameters) may be too small for this problem, or the step sizes too large";
  note(os.str());
}

void TrainerRun::save_state(StateWriter& w) const {
  trainer_->save_state(w);
  w.values("trace.seconds", seconds_);
  w.values("trace.rel_l2", rel_l2_);
  w.values("trace.rel_h1", rel_h1_);
}

void TrainerRun::load_state(const StateReader& r) {
  trainer_->load_state(r);
  seconds_ = r.values("trace.seconds");
  rel_l2_ = r.values("trace.rel_l2");
  rel_h1_ = r.values("trace.rel_h1");
  WPROX_REQUIRE(rel_l2_.size() == seconds_.size() && rel_h1_.size() == seconds_.size(), InputError,
                "checkpoint traces have different lengths");
}

void TrainerRun::metrics(Diagnostics& out) const {
  const ErrorRecord e = trainer_->current_error();
  out.set("rel_l2", e.rel_l2);
  out.set("rel_h1", e.rel_h1);
  out.set("iterations", double(steps_done()));
  out.set("parameters", double(trainer_->solution().parameter_count()));
  out.set("dim", double(trainer_->problem().dim()));
  const double total = seconds_.empty() ? 0.0 : seconds_.back();
  out.set("seconds_per_iteration", seconds_.empty() ? 0.0 : total / double(seconds_.size()));
  // The first iteration whose traced rel_l2 is at most 1e-2, and the
  // training time until then (NaN when never reached).
  double step = std::nan(""), time = std::nan("");
  for (std::size_t i = 0; i < rel_l2_.size(); ++i)
    if (rel_l2_[i] <= 1e-2) {
      step = double(i + 1);
      time = seconds_[i];
      break;
    }
  out.set("iterations_to_1e-2", step);
  out.set("seconds_to_1e-2", time);
}

Results TrainerRun::results() const {
  Results r;
  const Trainer& t = *trainer_;
  const EllipticProblem& p = t.problem();
  r.arrays.push_back(make_array("u_parameters", t.solution().parameters()));

  Vector axis;
  const Matrix X = slice_points(p, axis);
  const Vector u = t.solution().forward(X).row(0).transpose();
  Vector exact(X.cols());
  for (long j = 0; j < X.cols(); ++j) exact[j] = p.exact(X.col(j).data());
  const long n = axis.size();
  r.arrays.push_back(make_array("slice_axis", axis));
  const std::string method = t.method(), name = p.name();
  if (p.dim() == 1) {
    r.arrays.push_back(make_array("slice", u));
    r.arrays.push_back(make_array("slice_exact", exact));
    Picture pic;
    pic.name = "u_slice";
    pic.title = method + " on " + name + ": u_theta and the exact solution";
    pic.xlabel = "x1";
    pic.ylabel = "u";
    const std::vector<double> x(axis.data(), axis.data() + n);
    pic.layers.push_back(curve("u_theta", x, std::vector<double>(u.data(), u.data() + n), 0));
    pic.layers.push_back(curve("exact", x, std::vector<double>(exact.data(), exact.data() + n), 1));
    r.pictures.push_back(std::move(pic));
  } else {
    RowMatrix us(n, n), es(n, n);
    for (long i = 0; i < n; ++i)
      for (long j = 0; j < n; ++j) {
        us(i, j) = u[i * n + j];
        es(i, j) = exact[i * n + j];
      }
    r.arrays.push_back(make_array("slice", us));
    r.arrays.push_back(make_array("slice_exact", es));
    const std::string plane = p.dim() == 2 ? "" : " on the (x1, x2) plane through the centre";
    Picture pic;
    pic.name = "u_slice";
    pic.title = method + " on " + name + ": u_theta (colour), exact solution (contours)" + plane;
    pic.xlabel = "x1";
    pic.ylabel = "x2";
    pic.equal_axes = true;
    pic.layers.push_back(grid_layer(Layer::Kind::Heatmap, "u_theta", axis, u));
    pic.layers.push_back(grid_layer(Layer::Kind::Contour, "exact", axis, exact));
    r.pictures.push_back(std::move(pic));
    Picture err;
    err.name = "error_slice";
    err.title = method + " on " + name + ": u_theta - u*" + plane;
    err.xlabel = "x1";
    err.ylabel = "x2";
    err.equal_axes = true;
    err.layers.push_back(grid_layer(Layer::Kind::Heatmap, "u_theta - u*", axis, u - exact));
    r.pictures.push_back(std::move(err));
  }

  if (rel_l2_.empty()) return r;
  std::vector<double> steps(rel_l2_.size());
  for (std::size_t i = 0; i < steps.size(); ++i) steps[i] = double(i + 1);
  for (const bool by_time : {false, true}) {
    Picture pic;
    pic.name = by_time ? "errors_time" : "errors";
    pic.title = method + " on " + name + ": relative errors against the exact solution";
    pic.xlabel = by_time ? "training wall time (s)" : "iteration";
    pic.ylabel = "relative error";
    pic.log_y = true;
    const std::vector<double>& x = by_time ? seconds_ : steps;
    pic.layers.push_back(curve("rel_l2", x, rel_l2_, 0));
    pic.layers.push_back(curve("rel_h1", x, rel_h1_, 1));
    r.pictures.push_back(std::move(pic));
  }
  return r;
}

}  // namespace wprox::npdg
