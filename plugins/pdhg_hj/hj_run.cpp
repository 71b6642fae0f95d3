#include "hj_run.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <wprox/checkpoint.hpp>
#include <wprox/io/csv.hpp>
#include <wprox/io/npy.hpp>
#include <wprox/memory.hpp>
#include <wprox/picture_helpers.hpp>

namespace wprox::pdhg_hj {

namespace {
// Caps of the size parameters. Per axis and in time: what an int holds with
// room to spare (a 1-D grid of 1e7 points is already far beyond any use).
// Together: the grid points (the implicit methods factor and iterate on
// sparse matrices of that order) and phi's nt x points values, checked
// against the machine's memory in read_common.
constexpr double kMaxAxis = 1e7, kMaxLevels = 1e6, kMaxPoints = 1e8, kMaxRecords = 1e6;
// Doubles per grid point besides phi's levels: the split controls and
// velocities (4 dim), rho and work vectors, the sparse matrices and their
// factors; a generous round figure for an estimate.
constexpr double kWorkPerPoint = 64;
}  // namespace

SettingsSchema<HjOptions> common_schema() {
  using S = HjOptions;
  return SettingsSchema<S>()
      .integer("nx", &S::nx, 40, "grid points on the first axis", Range::closed(2, kMaxAxis))
      .integer("ny", &S::ny, 0, "grid points on the second axis of a 2-D or 3-D problem (0: same as nx)",
               Range::closed(0, kMaxAxis))
      .integer("nz", &S::nz, 0, "grid points on the third axis of a 3-D problem (0: same as nx)",
               Range::closed(0, kMaxAxis))
      .integer("time_levels", &S::nt, 11, "time levels t_k = k T / (time_levels - 1), k = 0 .. time_levels-1",
               Range::closed(2, kMaxLevels))
      .alias("nt", "time_levels")  // the name before the common vocabulary (docs/parameters.md)
      .matrix("starts", &S::starts, "",
              "starting points of the optimal trajectories, one row per point (1-D: a list); "
              "empty: an even spread over the domain")
      .path("starts_file", &S::starts_file,
            "starting points as .csv or .npy, one row of coordinates per point (replaces starts)")
      .choice("traj_integrator", &S::traj_integrator, "rk4", {"rk4", "euler", "cvode", "arkode"},
              "engine integrator for the trajectories")
      .integer("traj_records", &S::traj_records, 200, "recorded points per trajectory (and rk4/euler steps)",
               Range::closed(1, kMaxRecords))
      .check([](const S& s) {
        WPROX_REQUIRE(s.ny != 1, InputError, "ny = 1 is too small: need ny >= 2 (or 0 for ny = nx)");
        WPROX_REQUIRE(s.nz != 1, InputError, "nz = 1 is too small: need nz >= 2 (or 0 for nz = nx)");
      });
}

SettingsSchema<HjOptions> implicit_schema() {
  using S = HjOptions;
  return SettingsSchema<S>().choice(
      "time_scheme", &S::time_scheme, "euler", {"euler", "bdf2"},
      "implicit time scheme: euler (backward Euler: first order, monotone, converges to the viscosity solution) or "
      "bdf2 (second order where the solution is smooth, e.g. viscous problems; not monotone, may overshoot at kinks)");
}

namespace {

// 10 points in 1-D, a 4 x 4 grid in 2-D, 3 x 3 x 3 in 3-D, at cell centres.
RowMatrix default_starts(const HjProblem& p) {
  const int d = p.dim();
  const int per_axis = d == 1 ? 10 : (d == 2 ? 4 : 3);
  long n = 1;
  for (int a = 0; a < d; ++a) n *= per_axis;
  RowMatrix s(n, d);
  for (long q = 0; q < n; ++q) {
    long r = q;
    for (int a = d - 1; a >= 0; --a) {
      const GridAxis ax = p.axis(a);
      const long j = r % per_axis;
      r /= per_axis;
      s(q, a) = ax.lo + (double(j) + 0.5) * ax.length() / per_axis;
    }
  }
  return s;
}

RowMatrix read_starts_file(const std::string& path) {
  const bool npy = path.size() >= 4 && path.compare(path.size() - 4, 4, ".npy") == 0;
  if (npy) return read_npy_matrix(path);
  return read_csv(path).values;
}

}  // namespace

HjCommon read_common(const HjProblem& problem, const HjOptions& o) {
  HjCommon c;
  const int d = problem.dim();
  c.n[0] = int(o.nx);
  c.n[1] = o.ny == 0 ? c.n[0] : int(o.ny);
  c.n[2] = o.nz == 0 ? c.n[0] : int(o.nz);
  c.nt = int(o.nt);
  // The schema's caps keep each value within an int; their product is
  // checked here, before the grid and phi are allocated.
  double points = 1;
  for (int a = 0; a < d; ++a) points *= double(c.n[a]);
  WPROX_REQUIRE(points <= kMaxPoints, InputError,
                "the grid has " << points << " points (nx" << (d > 1 ? " * ny" : "") << (d > 2 ? " * nz" : "")
                                << "), more than the " << kMaxPoints << " allowed; use fewer points per axis");
  require_memory(8.0 * points * (double(c.nt) + kWorkPerPoint),
                 "a grid of " + std::to_string(long(points)) + " points with time_levels = " + std::to_string(c.nt),
                 "lower nx, ny, nz or time_levels");
  RowMatrix s;
  std::string source = "starts";
  if (!o.starts_file.empty()) {
    source = "starts_file";
    s = read_starts_file(o.starts_file);
  } else if (o.starts.size()) {
    s = o.starts;
  }
  if (s.size() == 0) {
    s = default_starts(problem);
  } else if (d == 1 && s.cols() != 1 && s.rows() == 1) {
    s = RowMatrix(s.transpose());  // a 1-D list given as one row
  }
  WPROX_REQUIRE(s.cols() == d, DimensionMismatch,
                source << ": points have " << s.cols() << " coordinates, problem '" << problem.name() << "' has " << d);
  for (long q = 0; q < s.rows(); ++q)
    for (int a = 0; a < d; ++a) {
      const GridAxis ax = problem.axis(a);
      WPROX_REQUIRE(std::isfinite(s(q, a)) && s(q, a) >= ax.lo && s(q, a) <= ax.hi, InputError,
                    source << ": point " << q << " has " << ax.name << " = " << s(q, a) << ", outside the domain ["
                           << ax.lo << ", " << ax.hi << "]");
    }
  c.starts = s;
  c.trajectories.integrator = o.traj_integrator;
  c.trajectories.records = o.traj_records;
  c.bdf2 = o.time_scheme == "bdf2";
  return c;
}

ImplicitHjRun::ImplicitStep ImplicitHjRun::implicit_step(long k) const {
  ImplicitStep s;
  const double* prev = level(k - 1);
  if (!common_.bdf2 || k < 2) {
    s.phi0.assign(prev, prev + grid_.size);
    s.dt = dt();
    return s;
  }
  const double* older = level(k - 2);
  s.phi0.resize(std::size_t(grid_.size));
  for (long i = 0; i < grid_.size; ++i) s.phi0[std::size_t(i)] = (4.0 * prev[i] - older[i]) / 3.0;
  s.dt = 2.0 * dt() / 3.0;
  return s;
}

HjRun::HjRun(const HjProblem& problem, HjCommon common)
    : Run(common.nt - 1), problem_(problem), common_(std::move(common)), grid_(problem, common_.n) {
  phi_.assign(std::size_t(long(common_.nt) * grid_.size), 0.0);
  double* g = level(0);
  for (long i = 0; i < grid_.size; ++i) g[i] = problem_.initial(&grid_.points[std::size_t(i * grid_.dim)]);
}

void HjRun::save_state(StateWriter& w) const { w.values("phi", phi_); }

void HjRun::load_state(const StateReader& r) {
  std::vector<double> phi = r.values("phi");
  WPROX_REQUIRE(phi.size() == phi_.size(), InputError,
                "checkpoint phi has " << phi.size() << " values, the space-time grid " << phi_.size());
  phi_ = std::move(phi);
}

namespace {

std::vector<std::size_t> level_shape(const HjGrid& g, long levels) {
  std::vector<std::size_t> shape = {std::size_t(levels)};
  for (int a = 0; a < g.dim; ++a) shape.push_back(std::size_t(g.n(a)));
  return shape;
}

// The plane of a 3-D field through the middle of the last axis (a 2-D
// field as is), with the grid of its first two axes.
std::vector<double> plane(const HjGrid& g, const double* u) {
  if (g.dim == 2) return std::vector<double>(u, u + g.size);
  const long n0 = g.n(0), n1 = g.n(1), n2 = g.n(2), mid = n2 / 2;
  std::vector<double> out(std::size_t(n0 * n1));
  for (long i = 0; i < n0 * n1; ++i) out[std::size_t(i)] = u[i * n2 + mid];
  return out;
}
TensorGrid plane_grid(const HjGrid& g) { return TensorGrid({g.axis(0), g.axis(1)}); }

std::string plane_label(const HjGrid& g) {
  if (g.dim == 2) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, " (%s = %.3g)", g.axis(2).name.c_str(), g.coordinate(2, g.n(2) / 2));
  return buf;
}

// The plotted domain of the trajectories picture: (x, s) in 1-D, the first
// two axes otherwise; a periodic axis wraps.
PeriodicBox trajectory_box(const HjGrid& g, double horizon) {
  PeriodicBox b;
  const GridAxis& a0 = g.axis(0);
  b.x0 = a0.lo, b.x1 = a0.hi, b.wrap_x = a0.boundary == Boundary::Periodic;
  if (g.dim == 1) {
    b.y0 = 0.0, b.y1 = horizon > 0 ? horizon : 1.0, b.wrap_y = false;
  } else {
    const GridAxis& a1 = g.axis(1);
    b.y0 = a1.lo, b.y1 = a1.hi, b.wrap_y = a1.boundary == Boundary::Periodic;
  }
  return b;
}

// Up to `count` level indices spread evenly over [0, levels - 1].
std::vector<long> spread_levels(long levels, int count) {
  std::vector<long> out;
  for (int j = 0; j < count; ++j) {
    const long k = levels <= 1 ? 0 : long(std::lround(double(j) * (levels - 1) / (count - 1)));
    if (out.empty() || out.back() != k) out.push_back(k);
  }
  return out;
}

std::string time_label(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "t = %.3g", t);
  return buf;
}

// A 1-D field stored level by level (levels x n) drawn as one curve per
// level at up to five evenly spread times.
Picture curves_over_time(const HjGrid& g, const double* levels_data, long levels, double dt, Picture p) {
  int color = 0;
  for (long k : spread_levels(levels, 5)) {
    Layer l;
    l.kind = Layer::Kind::Curve;
    l.label = time_label(k * dt);
    l.color = color++;
    for (int j = 0; j < g.n(0); ++j) {
      l.x.push_back(g.coordinate(0, j));
      l.y.push_back(levels_data[std::size_t(k * g.n(0) + j)]);
    }
    p.layers.push_back(std::move(l));
  }
  return p;
}

}  // namespace

Results HjRun::results() const {
  Results r;
  const long L = levels();
  const std::size_t used = std::size_t(L * grid_.size);
  r.arrays.push_back({"phi", level_shape(grid_, L), std::vector<double>(phi_.begin(), phi_.begin() + long(used))});
  Array t{"t", {std::size_t(L)}, {}};
  for (long k = 0; k < L; ++k) t.data.push_back(k * dt());
  r.arrays.push_back(t);
  for (int a = 0; a < grid_.dim; ++a) {
    Array x{grid_.axis(a).name, {std::size_t(grid_.n(a))}, {}};
    for (int j = 0; j < grid_.n(a); ++j) x.data.push_back(grid_.coordinate(a, j));
    r.arrays.push_back(x);
  }
  // The feedback control of every control component that moves something
  // (a column of G not 0 at some point), at every level; component j is
  // named after axis j.
  std::vector<std::vector<double>> controls(std::size_t(grid_.dim));
  for (long k = 0; k < L; ++k) {
    const std::vector<double> ck = grid_controls(problem_, grid_, level(k), time(k));
    for (int j = 0; j < grid_.dim; ++j)
      for (long i = 0; i < grid_.size; ++i) controls[std::size_t(j)].push_back(ck[std::size_t(i * grid_.dim + j)]);
  }
  for (int j = 0; j < grid_.dim; ++j) {
    bool active = false;
    for (long i = 0; i < grid_.size && !active; ++i) active = !grid_.model[std::size_t(i)].column_zero(j);
    if (active) r.arrays.push_back({"control_" + grid_.axis(j).name, level_shape(grid_, L), controls[std::size_t(j)]});
  }

  const bool done = traj_done_;
  const Table& traj = traj_;
  if (done) r.tables.push_back(traj);

  // Pictures: phi at several times, and the trajectories.
  const std::string& xname = grid_.axis(0).name;
  if (grid_.dim == 1) {
    Picture p;
    p.name = "phi";
    p.title = "phi(" + xname + ", t): " + problem_.name();
    p.xlabel = xname;
    p.ylabel = "phi";
    r.pictures.push_back(curves_over_time(grid_, level(0), L, dt(), std::move(p)));
  } else {
    const std::vector<long> ks = spread_levels(L, 3);
    for (std::size_t m = 0; m < ks.size(); ++m) {
      Picture p;
      p.name = "phi_" + std::to_string(m);
      p.title = "phi at " + time_label(ks[m] * dt()) + plane_label(grid_) + ": " + problem_.name();
      p.xlabel = xname;
      p.ylabel = grid_.axis(1).name;
      p.equal_axes = true;
      const std::vector<double> u = plane(grid_, level(ks[m]));
      p.layers.push_back(heatmap_layer(plane_grid(grid_), u.data(), "phi"));
      r.pictures.push_back(std::move(p));
    }
  }
  if (done && !traj.rows.empty()) {
    Picture p;
    p.name = "trajectories";
    p.title = "optimal trajectories: " + problem_.name();
    if (grid_.dim == 1) {
      // Over the value with the time-to-go of each point of the path: phi(x, T - s).
      p.xlabel = xname;
      p.ylabel = "s";
      Layer bg;
      bg.kind = Layer::Kind::Heatmap;
      bg.label = "phi(x, T - s)";
      bg.nx = grid_.n(0);
      bg.ny = L;
      bg.x0 = grid_.coordinate(0, 0);
      bg.x1 = grid_.coordinate(0, grid_.n(0) - 1);
      bg.y0 = 0.0;
      bg.y1 = (L - 1) * dt();
      for (long m = 0; m < L; ++m) {
        const double* u = level(L - 1 - m);
        bg.z.insert(bg.z.end(), u, u + grid_.n(0));
      }
      p.layers.push_back(std::move(bg));
    } else {
      p.xlabel = xname;
      p.ylabel = grid_.axis(1).name;
      p.equal_axes = true;
      const std::vector<double> u = plane(grid_, level(L - 1));
      p.layers.push_back(heatmap_layer(plane_grid(grid_), u.data(), "phi(., T)" + plane_label(grid_)));
    }
    Layer starts;
    starts.kind = Layer::Kind::Points;
    starts.label = "start";
    starts.color = 1;
    const long paths = common_.starts.rows();
    for (long q = 0; q < paths; ++q) {
      Layer l;
      l.kind = Layer::Kind::Curve;
      l.color = 2;
      for (const auto& row : traj.rows) {
        if (long(row[0]) != q) continue;
        l.x.push_back(row[2]);
        l.y.push_back(grid_.dim == 1 ? row[1] : row[3]);
      }
      if (!l.x.empty()) {
        starts.x.push_back(l.x.front());
        starts.y.push_back(l.y.front());
      }
      // The table keeps each path continuous; the picture shows it in the
      // domain, a path leaving through a periodic side coming back in on the
      // opposite one (the plotted s axis never wraps).
      wrap_periodic(l, trajectory_box(grid_, (L - 1) * dt()));
      if (q == 0) l.label = "path";
      p.layers.push_back(std::move(l));
    }
    p.layers.push_back(std::move(starts));
    r.pictures.push_back(std::move(p));
  }
  if (grid_.dim == 1) {
    for (const Array& a : r.arrays) {
      if (a.name.rfind("control_", 0) != 0) continue;
      Picture p;
      p.name = a.name;
      p.title = "feedback control: " + problem_.name();
      p.xlabel = xname;
      p.ylabel = "alpha";
      r.pictures.push_back(curves_over_time(grid_, a.data.data(), L, dt(), std::move(p)));
    }
  }
  return r;
}

// The optimal trajectories need phi at every level up to T: only a run that
// reached T has them.
void HjRun::finish() {
  if (!finished() || steps_done() != common_.nt - 1) return;
  traj_ = optimal_trajectories(problem_, grid_, phi_, levels(), dt(), common_.starts, common_.trajectories);
  traj_done_ = true;
}

void HjRun::metrics(Diagnostics& out) const {
  const long L = levels();
  out.set("levels", double(L));
  out.set("dt", dt());
  for (int a = 0; a < grid_.dim; ++a) out.set("h_" + grid_.axis(a).name, grid_.h(a));
  if (problem_.has_exact()) {
    // Relative l1 over the space-time grid and the max error.
    double num = 0.0, den = 0.0, worst = 0.0;
    for (long k = 0; k < L; ++k)
      for (long i = 0; i < grid_.size; ++i) {
        const double e = problem_.exact(&grid_.points[std::size_t(i * grid_.dim)], k * dt());
        const double d = std::abs(level(k)[i] - e);
        num += d;
        den += std::abs(e);
        worst = std::max(worst, d);
      }
    out.set("l1_rel_error_exact", den > 0 ? num / den : num);
    out.set("linf_error_exact", worst);
  }
  method_metrics(out);
}

void ImplicitHjRun::count_iterations(long iterations) {
  total_ += iterations;
  max_ = std::max(max_, iterations);
}

void ImplicitHjRun::save_state(StateWriter& w) const {
  HjRun::save_state(w);
  w.integer("total_iterations", total_);
  w.integer("max_iterations", max_);
}

void ImplicitHjRun::load_state(const StateReader& r) {
  HjRun::load_state(r);
  total_ = r.integer("total_iterations");
  max_ = r.integer("max_iterations");
}

void ImplicitHjRun::method_metrics(Diagnostics& out) const {
  out.set("total_iterations", double(total_));
  out.set("max_iterations", double(max_));
  out.set("mean_iterations", steps_done() > 0 ? double(total_) / double(steps_done()) : 0.0);
}

}  // namespace wprox::pdhg_hj
