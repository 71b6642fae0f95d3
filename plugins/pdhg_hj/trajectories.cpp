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
    const double T = (levels_ - 1) * dt_;
    const double t = std::clamp(T - s, 0.0, T);
    double lt = t / dt_;
    long k0 = std::min(long(std::floor(lt)), levels_ - 2);
    if (levels_ < 2) k0 = 0;
    const double wt = levels_ < 2 ? 0.0 : lt - k0;
    for (long q = 0; q < paths_; ++q) {
      const double* x = y + q * g_.dim;
      double xe[2];
      long base[2], nb[2];
      double w[2];
      for (int a = 0; a < g_.dim; ++a) locate(a, x[a], xe[a], base[a], nb[a], w[a]);
      for (int a = 0; a < g_.dim; ++a) {
        double p = 0.0;
        for (int lev = 0; lev < 2; ++lev) {
          const long k = std::min(k0 + lev, levels_ - 1);
          const double wk = lev == 0 ? 1.0 - wt : wt;
          if (wk == 0.0) continue;
          p += wk * interpolate(k, a, base, nb, w);
        }
        const HjLocalModel m = local_model(p_, a, xe);
        dydt[q * g_.dim + a] = m.drift + m.gain * m.argmax_control(p);
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
  double interpolate(long k, int a, const long* lo, const long* hi, const double* w) const {
    const long stride = g_.dim == 2 ? g_.n(1) : 1;
    auto at = [&](long i0, long i1) {
      const long idx = g_.dim == 2 ? i0 * stride + i1 : i0;
      return grad_[std::size_t((k * g_.size + idx) * g_.dim + a)];
    };
    if (g_.dim == 1) return (1 - w[0]) * at(lo[0], 0) + w[0] * at(hi[0], 0);
    return (1 - w[0]) * ((1 - w[1]) * at(lo[0], lo[1]) + w[1] * at(lo[0], hi[1])) +
           w[0] * ((1 - w[1]) * at(hi[0], lo[1]) + w[1] * at(hi[0], hi[1]));
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

std::vector<double> grid_control(const HjGrid& g, const double* u, int a) {
  std::vector<double> out(std::size_t(g.size));
  for (long i = 0; i < g.size; ++i) {
    const auto [p_plus, p_minus] = g.slopes(a, i, u);
    double a1, a2;
    g.model[std::size_t(i * g.dim + a)].split_argmax(p_plus, p_minus, a1, a2);
    out[std::size_t(i)] = a1 + a2;
  }
  return out;
}

}  // namespace wprox::pdhg_hj
