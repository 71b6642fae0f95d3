// Unit checks of the pieces under pdhg-hj / explicit-hj: the separable
// spectral transform, the grid's differences and their adjoints, the closed
// forms of HjLocalModel, and one implicit step against its own definition.
#include <cmath>
#include <random>
#include <vector>

#include <wprox/kinds/hj.hpp>
#include <wprox/spectral.hpp>

#include "explicit_scheme.hpp"
#include "hj_grid.hpp"
#include "implicit_step.hpp"
#include "testing.hpp"

using namespace wprox;
using namespace wprox::pdhg_hj;

namespace {

const double kPi = std::acos(-1.0);

// A small problem with a configurable model, for grid-level checks.
struct TestProblem : HjProblem {
  GridAxis ax[2];
  int d = 1;
  ControlCost cost = ControlCost::Quadratic;
  std::string name() const override { return "test"; }
  int dim() const override { return d; }
  GridAxis axis(int i) const override { return ax[i]; }
  double horizon() const override { return 1.0; }
  double viscosity() const override { return 0.0; }
  double initial(const double* x) const override {
    return std::sin(kPi * x[0]) + (d == 2 ? std::cos(kPi * x[1]) : 0.0);
  }
  ControlCost control_cost() const override { return cost; }
  double drift(int i, const double* x) const override { return i == 1 ? x[0] : 0.3 * std::cos(x[0]); }
  double gain(int i, const double* x) const override { return i == 1 ? 0.0 : -((x[0] - 1) * (x[0] - 1) + 0.1); }
};

std::vector<double> random_vector(long n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> nd;
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) x = nd(rng);
  return v;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

TestProblem mixed_problem(int d, Boundary b0, Boundary b1) {
  TestProblem p;
  p.d = d;
  p.ax[0] = {0, 0.0, 2.0, b0, "x"};
  p.ax[1] = {0, -1.0, 2.0, b1, "y"};
  return p;
}

}  // namespace

TEST_CASE("spectral transform: identity and the inverse of the discrete Laplacian") {
  // For every boundary combination, m = 1 is the identity and
  // m = 1/(1 - lambda) inverts (I - Lap) exactly (up to round-off ~1e-12
  // times the condition number, below 1e-9 on these grids).
  const Boundary bs[2] = {Boundary::Periodic, Boundary::Neumann};
  for (int d = 1; d <= 2; ++d)
    for (Boundary b0 : bs)
      for (Boundary b1 : bs) {
        if (d == 1 && b1 == Boundary::Neumann) continue;
        TestProblem p = mixed_problem(d, b0, b1);
        HjGrid g(p, 12, 7);
        SpectralTransform t(g.tensor);
        const std::vector<double> u = random_vector(g.size, 3);
        std::vector<double> ones(std::size_t(g.size), 1.0), out(u.size()), lap(u.size()), rhs(u.size());
        t.apply(u.data(), out.data(), ones.data());
        for (std::size_t i = 0; i < u.size(); ++i) CHECK(out[i] == doctest::Approx(u[i]).epsilon(1e-12));
        g.laplacian(u.data(), lap.data());
        for (std::size_t i = 0; i < u.size(); ++i) rhs[i] = u[i] - lap[i];
        std::vector<double> m = t.laplacian_symbol();
        for (double& v : m) v = 1.0 / (1.0 - v);
        t.apply(rhs.data(), out.data(), m.data());
        double worst = 0;
        for (std::size_t i = 0; i < u.size(); ++i) worst = std::max(worst, std::abs(out[i] - u[i]));
        CHECK(worst < 1e-9);
      }
}

TEST_CASE("grid: one-sided differences and their adjoints") {
  // <w, D u> = <D^T w, u> to round-off for both boundary kinds.
  for (Boundary b : {Boundary::Periodic, Boundary::Neumann}) {
    TestProblem p = mixed_problem(2, b, b == Boundary::Periodic ? Boundary::Neumann : Boundary::Periodic);
    HjGrid g(p, 9, 6);
    const std::vector<double> u = random_vector(g.size, 1), w = random_vector(g.size, 2);
    for (int a = 0; a < 2; ++a) {
      std::vector<double> du(u.size()), dtw(u.size(), 0.0);
      g.forward_diff(a, u.data(), du.data());
      g.add_forward_adjoint(a, w.data(), dtw.data());
      CHECK(dot(w, du) == doctest::Approx(dot(dtw, u)).epsilon(1e-12));
      std::fill(dtw.begin(), dtw.end(), 0.0);
      g.backward_diff(a, u.data(), du.data());
      g.add_backward_adjoint(a, w.data(), dtw.data());
      CHECK(dot(w, du) == doctest::Approx(dot(dtw, u)).epsilon(1e-12));
    }
    // The Laplacian is (D+ - D-)/h per axis and symmetric.
    std::vector<double> lu(u.size()), lw(u.size());
    g.laplacian(u.data(), lu.data());
    g.laplacian(w.data(), lw.data());
    CHECK(dot(w, lu) == doctest::Approx(dot(lw, u)).epsilon(1e-12));
  }
}

TEST_CASE("control model: upwind Hamiltonian, argmax and prox closed forms") {
  // Checked against brute-force maximization over a fine control grid
  // (spacing 1e-4 on [-5, 5]: the max of a smooth concave function on the
  // grid is within (spacing)^2 * curvature ~ 1e-8 of the true max).
  for (ControlCost cost : {ControlCost::Quadratic, ControlCost::Box})
    for (double b : {0.0, 0.7, -0.4})
      for (double s : {-1.3, 0.5}) {
        HjLocalModel m{cost, b, s};
        for (double pp : {-1.2, 0.0, 0.9})
          for (double pm : {-0.8, 0.3}) {
            double best1 = -HUGE_VAL, best2 = -HUGE_VAL;
            for (int k = -50000; k <= 50000; ++k) {
              const double a = k * 1e-4;
              if (m.running_cost(a) == HUGE_VAL) continue;
              if (s * a >= 0) best1 = std::max(best1, -pp * s * a - m.running_cost(a));
              if (s * a <= 0) best2 = std::max(best2, -pm * s * a - m.running_cost(a));
            }
            const double expect = -std::max(b, 0.0) * pp - std::min(b, 0.0) * pm + best1 + best2;
            CHECK(m.upwind_hamiltonian(pp, pm) == doctest::Approx(expect).epsilon(1e-7));
            double a1, a2;
            m.split_argmax(pp, pm, a1, a2);
            const double via_argmax = -(std::max(b, 0.0) + s * a1) * pp - (std::min(b, 0.0) + s * a2) * pm -
                                      m.running_cost(a1) - m.running_cost(a2);
            CHECK(via_argmax == doctest::Approx(m.upwind_hamiltonian(pp, pm)).epsilon(1e-12));
            // Consistency with H at p+ = p- = p.
            CHECK(m.upwind_hamiltonian(pp, pp) == doctest::Approx(m.hamiltonian(pp)).epsilon(1e-12));
            // Prox: maximizer of rho(-p s a - ell(a)) - (a - a0)^2/(2 sigma) on the half line.
            const double rho = 1.7, sigma = 0.3, a0 = 0.25;
            for (bool upper : {true, false}) {
              double best = -HUGE_VAL, arg = 0;
              for (int k = -50000; k <= 50000; ++k) {
                const double a = k * 1e-4;
                if (m.running_cost(a) == HUGE_VAL || (upper ? s * a < 0 : s * a > 0)) continue;
                const double v = rho * (-pp * s * a - m.running_cost(a)) - (a - a0) * (a - a0) / (2 * sigma);
                if (v > best) best = v, arg = a;
              }
              CHECK(m.prox_control(pp, rho, a0, sigma, upper) == doctest::Approx(arg).epsilon(2e-4));
            }
          }
      }
}

TEST_CASE("implicit step: PDHG returns the solution of the implicit scheme") {
  // The residual bound is the stopping rule; check it independently and
  // compare with the fixed point of the scheme found by a different route:
  // many explicit pseudo-time iterations phi <- phi - d F(phi) (a monotone
  // contraction for d <= 1 / (1/dt + CFL rate)), which converge to F = 0.
  for (ControlCost cost : {ControlCost::Quadratic, ControlCost::Box}) {
    TestProblem p = mixed_problem(2, Boundary::Periodic, Boundary::Neumann);
    p.cost = cost;
    HjGrid g(p, 16, 12);
    std::vector<double> phi0(std::size_t(g.size));
    for (long i = 0; i < g.size; ++i) phi0[std::size_t(i)] = p.initial(&g.points[std::size_t(i * 2)]);
    const double dt = 0.2;  // several times the explicit CFL limit on this grid
    PdhgSettings set;
    set.tol = 1e-10;
    PdhgImplicitStep solver(g, 0.0, set);
    std::vector<double> phi = phi0;
    const StepStats st = solver.solve(phi0, dt, phi, 1);
    CHECK(st.residual <= 1e-10);
    CHECK(solver.residual(phi0, phi, dt) <= 1e-10);
    ExplicitScheme ex(g, 0.0);
    CHECK(dt > ex.cfl_limit(phi0));
    // Pseudo-time: psi <- psi - d * dt * F(psi) = psi - d * (psi - phi0 + dt * Hnum(psi)).
    std::vector<double> psi = phi0;
    for (int it = 0; it < 200000; ++it) {
      std::vector<double> hstep = psi;
      const double lim = ex.cfl_limit(psi);
      const double d = 1.0 / (1.0 + dt / lim);
      ex.step(hstep, dt);  // hstep = psi - dt Hnum(psi)
      double change = 0;
      for (std::size_t i = 0; i < psi.size(); ++i) {
        const double next = psi[i] + d * (phi0[i] - psi[i] + (hstep[i] - psi[i]));
        change = std::max(change, std::abs(next - psi[i]));
        psi[i] = next;
      }
      if (change < 1e-13) break;
    }
    double worst = 0;
    for (std::size_t i = 0; i < psi.size(); ++i) worst = std::max(worst, std::abs(psi[i] - phi[i]));
    // Both are within dt*|F| of the unique solution: 1e-10 each, plus the
    // pseudo-time stopping error.
    CHECK(worst < 1e-8);
  }
}
