#include "trajectories.hpp"

#include <algorithm>
#include <cmath>

namespace wprox::pdhg_hj {

namespace {

// Central-difference gradient of every level, stored [level][point][axis].
std::vector<double> gradients(const HjGrid& g, const std::vector<double>& phi, long levels) {
  std::vector<double> grad(std::size_t(levels * g.size * g.dim));
  for (long k = 0; k < levels; ++k) {
    const double* u = &phi[std::size_t(k * g.size)];
    for (long i = 0; i < g.size; ++i)
      for (int a = 0; a < g.dim; ++a) {
        const long nx = g.next[a][std::size_t(i)], pv = g.prev[a][std::size_t(i)];
        const double up = nx >= 0 ? u[nx] : u[i], dn = pv >= 0 ? u[pv] : u[i];
        grad[std::size_t((k * g.size + i) * g.dim + a)] = (up - dn) / (2.0 * g.h(a));
      }
  }
  return grad;
}

class FeedbackField : public VectorField {
 public:
  FeedbackField(const HjProblem& p, const HjGrid& g, std::vector<double> grad, long levels, double dt, long paths)
      : p_(p), g_(g), grad_(std::move(grad)), levels_(levels), dt_(dt), paths_(paths) {}
  long size() const override { return paths_ * g_.dim; }
  void rhs(double s, const double* y, double* dydt) override {
    const int d = g_.dim;
    const double T = (levels_ - 1) * dt_;
    const double t = std::clamp(T - s, 0.0, T);
    double lt = t / dt_;
    long k0 = std::min(long(std::floor(lt)), levels_ - 2);
    if (levels_ < 2) k0 = 0;
    const double wt = levels_ < 2 ? 0.0 : lt - k0;
    for (long q = 0; q < paths_; ++q) {
      const double* x = y + q * d;
      double xe[kMaxDim], w[kMaxDim], p[kMaxDim] = {0, 0, 0};
      long lo[kMaxDim], hi[kMaxDim];
      for (int a = 0; a < d; ++a) locate(a, x[a], xe[a], lo[a], hi[a], w[a]);
      for (int lev = 0; lev < 2; ++lev) {
        const long k = std::min(k0 + lev, levels_ - 1);
        const double wk = lev == 0 ? 1.0 - wt : wt;
        if (wk == 0.0) continue;
        // (Multi)linear interpolation over the 2^d corners of the cell.
        for (int corner = 0; corner < (1 << d); ++corner) {
          long idx = 0;
          double weight = wk;
          for (int a = 0; a < d; ++a) {
            const bool upper = (corner >> a) & 1;
            idx = idx * g_.n(a) + (upper ? hi[a] : lo[a]);
            weight *= upper ? w[a] : 1.0 - w[a];
          }
          if (weight == 0.0) continue;
          for (int a = 0; a < d; ++a) p[a] += weight * grad_[std::size_t((k * g_.size + idx) * d + a)];
        }
      }
      const HjLocalModel m = local_model(p_, xe, t);
      double alpha[kMaxDim];
      m.argmax_control(p, alpha);
      for (int i = 0; i < d; ++i) {
        double f = m.drift[i];
        for (int j = 0; j < d; ++j) f += m.gain[i][j] * alpha[j];
        dydt[q * d + i] = f;
      }
    }
  }

 private:
  // Grid cell containing x on axis a: lower index, upper index, weight of the upper.
  void locate(int a, double x, double& x_eval, long& lo, long& hi, double& w) const {
    const GridAxis& ax = g_.axis(a);
    const int n = g_.n(a);
    const double h = g_.h(a);
    if (ax.boundary == Boundary::Periodic) {
      const double L = ax.length();
      x_eval = x - L * std::floor((x - ax.lo) / L);
      const double xi = (x_eval - ax.lo) / h;
      lo = std::min(long(std::floor(xi)), long(n - 1));
      w = xi - lo;
      hi = (lo + 1) % n;
    } else {
      x_eval = std::clamp(x, ax.lo, ax.hi);
      const double xi = std::clamp((x_eval - ax.lo) / h - 0.5, 0.0, double(n - 1));
      lo = std::min(long(std::floor(xi)), long(n - 2));
      w = xi - lo;
      hi = lo + 1;
    }
  }

  const HjProblem& p_;
  const HjGrid& g_;
  std::vector<double> grad_;
  long levels_;
  double dt_;
  long paths_;
};

}  // namespace

Table optimal_trajectories(const HjProblem& problem, const HjGrid& grid, const std::vector<double>& phi, long levels,
                           double dt, const RowMatrix& starts, const TrajectorySettings& settings) {
  Table table;
  table.name = "trajectories";
  table.columns = {"trajectory", "s"};
  for (int a = 0; a < grid.dim; ++a) table.columns.push_back(grid.axis(a).name);
  const long paths = starts.rows();
  if (paths == 0 || levels < 1) return table;
  FeedbackField field(problem, grid, gradients(grid, phi, levels), levels, dt, paths);
  auto integrator = make_integrator(settings.integrator, settings.substeps, settings.rtol, settings.atol);
  std::vector<double> y(std::size_t(paths * grid.dim));
  for (long q = 0; q < paths; ++q)
    for (int a = 0; a < grid.dim; ++a) y[std::size_t(q * grid.dim + a)] = starts(q, a);
  const double T = (levels - 1) * dt;
  auto record = [&](double s) {
    for (long q = 0; q < paths; ++q) {
      std::vector<double> row = {double(q), s};
      for (int a = 0; a < grid.dim; ++a) row.push_back(y[std::size_t(q * grid.dim + a)]);
      table.rows.push_back(std::move(row));
    }
  };
  // Rows are written time by time, then sorted by path (stable: time order kept).
  record(0.0);
  for (long r = 1; r <= settings.records && T > 0; ++r) {
    const double s0 = T * double(r - 1) / settings.records, s1 = T * double(r) / settings.records;
    integrator->integrate(field, s0, s1, y.data());
    record(s1);
  }
  std::stable_sort(table.rows.begin(), table.rows.end(),
                   [](const std::vector<double>& a, const std::vector<double>& b) { return a[0] < b[0]; });
  return table;
}

std::vector<double> grid_controls(const HjProblem& problem, const HjGrid& g, const double* u, double t) {
  const int d = g.dim;
  std::vector<double> out(std::size_t(g.size * d));
  double pp[kMaxDim], pm[kMaxDim], up[kMaxDim], wn[kMaxDim];
  for (long i = 0; i < g.size; ++i) {
    g.all_slopes(i, u, pp, pm);
    const HjLocalModel m = problem.time_dependent() ? local_model(problem, &g.points[std::size_t(i * d)], t)
                                                    : g.model[std::size_t(i)];
    m.split_argmax(pp, pm, up, wn);
    for (int j = 0; j < d; ++j) out[std::size_t(i * d + j)] = up[j] + wn[j];
  }
  return out;
}

}  // namespace wprox::pdhg_hj
