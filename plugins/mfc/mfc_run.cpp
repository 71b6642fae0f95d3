#include "mfc_run.hpp"

#include <algorithm>
#include <cmath>

namespace wprox::mfc {
namespace {

constexpr long kTimes = 41, kPoints = 101, kShownPaths = 20;

// Half-width of the x-range pictured: 3 standard deviations of the widest
// rho_t (exact when known, else the particles').
double half_width(const MfcProblem& p, const Paths& paths) {
  double var = 0.0;
  if (const MfcSolution* s = p.solution()) {
    for (long j = 0; j < kTimes; ++j) var = std::max(var, s->variance_per_dim(p.horizon() * double(j) / (kTimes - 1)));
  } else {
    for (const Particles& X : paths.x) var = std::max(var, sample_covariance(X).diagonal().maxCoeff());
  }
  return 3.0 * std::sqrt(std::max(var, 1e-12));
}

Layer curve(const std::string& label, const Vector& x, const RowMatrix& f, long row, int color) {
  Layer l;
  l.kind = Layer::Kind::Curve;
  l.label = label;
  l.color = color;
  for (long b = 0; b < x.size(); ++b) {
    l.x.push_back(x[b]);
    l.y.push_back(f(row, b));
  }
  return l;
}

}  // namespace

MfcRun::MfcRun(const MfcProblem& problem, std::unique_ptr<FixedPointMethod> method, std::string name)
    : Run(method->outer_iterations()), problem_(problem), method_(std::move(method)), name_(std::move(name)) {}

Results MfcRun::results() const {
  Results r;
  const int d = problem_.dim();
  const Paths& paths = method_->paths();
  const double T = problem_.horizon(), w = half_width(problem_, paths);
  Vector t(kTimes), x(kPoints);
  for (long a = 0; a < kTimes; ++a) t[a] = T * double(a) / double(kTimes - 1);
  for (long b = 0; b < kPoints; ++b) x[b] = -w + 2.0 * w * double(b) / double(kPoints - 1);
  Particles line = Particles::Zero(kPoints, d);
  line.col(0) = x;
  const RowMatrix phi = method_->value_on(t, line);
  // A run that failed before its first fit has no value function to show.
  if (phi.rows() != kTimes || phi.cols() != kPoints || !std::isfinite(w)) return r;
  r.arrays.push_back(make_array("phi", phi));
  r.arrays.push_back(make_array("t", t));
  r.arrays.push_back(make_array("x", x));
  const MfcSolution* exact = problem_.solution();
  RowMatrix phi_exact;
  if (exact) {
    phi_exact.resize(kTimes, kPoints);
    for (long a = 0; a < kTimes; ++a)
      for (long b = 0; b < kPoints; ++b) phi_exact(a, b) = exact->phi(t[a], line.row(b).data());
    r.arrays.push_back(make_array("phi_exact", phi_exact));
  }
  const std::string where = d == 1 ? "" : " on the line x = (x1, 0, ..., 0)";
  for (long row : {0L, (kTimes - 1) / 2}) {
    Picture p;
    p.name = row == 0 ? "phi_t0" : "phi_half";
    p.title = name_ + " on " + problem_.name() + ": phi at t = " + std::to_string(t[row]).substr(0, 4) + where;
    p.xlabel = "x1";
    p.ylabel = "phi";
    p.layers.push_back(curve("fitted phi_theta", x, phi, row, 0));
    if (exact) p.layers.push_back(curve("exact phi", x, phi_exact, row, 1));
    r.pictures.push_back(std::move(p));
  }
  if (paths.x.empty()) return r;

  // Variance per coordinate of the last sweep's cloud against time.
  Table var{"variance", {"t", "variance", "exact"}, {}};
  Picture vp;
  vp.name = "variance";
  vp.title = name_ + " on " + problem_.name() + ": variance per coordinate of the particles";
  vp.xlabel = "t";
  vp.ylabel = "variance";
  Layer particles, truth;
  particles.kind = truth.kind = Layer::Kind::Curve;
  particles.label = "particles";
  truth.label = "exact s(t)";
  truth.color = 1;
  for (std::size_t k = 0; k < paths.x.size(); ++k) {
    const double tk = double(k) * paths.dt;
    // A run that failed before its first sweep leaves empty clouds.
    const double v = paths.x[k].rows() >= 2 && paths.x[k].cols() >= 1
                         ? sample_covariance(paths.x[k]).diagonal().mean()
                         : std::nan("");
    const double e = exact ? exact->variance_per_dim(tk) : std::nan("");
    var.rows.push_back({tk, v, e});
    particles.x.push_back(tk);
    particles.y.push_back(v);
    if (exact) {
      truth.x.push_back(tk);
      truth.y.push_back(e);
    }
  }
  vp.layers.push_back(particles);
  if (exact) vp.layers.push_back(truth);
  r.tables.push_back(std::move(var));
  r.pictures.push_back(std::move(vp));

  // The first paths of the last sweep.
  Table traj{"trajectories", {"path", "t"}, {}};
  for (int j = 0; j < d; ++j) traj.columns.push_back("x" + std::to_string(j + 1));
  Picture tp;
  tp.name = "trajectories";
  tp.title = name_ + " on " + problem_.name() + ": characteristics of the last sweep (x1)";
  tp.xlabel = "t";
  tp.ylabel = "x1";
  const long shown = std::min<long>(kShownPaths, paths.particles());
  for (long i = 0; i < shown; ++i) {
    Layer l;
    l.kind = Layer::Kind::Curve;
    l.label = i == 0 ? "path" : "";
    for (std::size_t k = 0; k < paths.x.size(); ++k) {
      std::vector<double> row{double(i), double(k) * paths.dt};
      for (int j = 0; j < d; ++j) row.push_back(paths.x[k](i, j));
      traj.rows.push_back(std::move(row));
      l.x.push_back(double(k) * paths.dt);
      l.y.push_back(paths.x[k](i, 0));
    }
    tp.layers.push_back(std::move(l));
  }
  r.tables.push_back(std::move(traj));
  r.pictures.push_back(std::move(tp));
  return r;
}

void MfcRun::metrics(Diagnostics& out) const {
  out.set("outer_iterations", double(steps_done()));
  out.set("sT_particles", method_->sT_particles());
  if (method_->has_errors()) {
    const ValueErrors& e = method_->errors();
    out.set("err_phi", e.phi);
    out.set("err_grad", e.grad);
    out.set("err_lap", e.lap);
    out.set("p0_fit", e.p0_fit);
  }
  if (const MfcSolution* s = problem_.solution()) {
    out.set("p0_exact", s->mean_laplacian_per_dim(0.0));
    out.set("sT_exact", s->variance_per_dim(problem_.horizon()));
  }
}

}  // namespace wprox::mfc
