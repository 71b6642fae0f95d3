// Unit checks of the pieces under pdhg-hj / newton-hj / explicit-hj: the
// separable spectral transform, the grid's differences and their adjoints
// (1-D to 3-D), the closed forms of HjLocalModel (diagonal and full control
// matrices), the cyclic band solver, the linearized scheme, and one
// implicit step by each solver against the scheme's own fixed point.
#include <cmath>
#include <random>
#include <vector>

#include <Eigen/Dense>
#include <wprox/kinds/hj.hpp>
#include <wprox/spectral.hpp>

#include "banded.hpp"
#include "explicit_scheme.hpp"
#include "hj_grid.hpp"
#include "implicit_scheme.hpp"
#include "newton_step.hpp"
#include "pdhg_step.hpp"
#include "testing.hpp"

using namespace wprox;
using namespace wprox::pdhg_hj;

namespace {

const double kPi = std::acos(-1.0);

// A small problem with a configurable model, for grid-level checks: a
// drift on every axis, a controlled first axis and an uncontrolled second
// one (diagonal G), or with `full` a state-dependent full control matrix.
struct TestProblem : HjProblem {
  GridAxis ax[3];
  int d = 1;
  bool full = false;
  ControlCost cost = ControlCost::Quadratic;
  std::string name() const override { return "test"; }
  int dim() const override { return d; }
  GridAxis axis(int i) const override { return ax[i]; }
  double horizon() const override { return 1.0; }
  double viscosity() const override { return 0.0; }
  double initial(const double* x) const override {
    return std::sin(kPi * x[0]) + (d >= 2 ? std::cos(kPi * x[1]) : 0.0) + (d == 3 ? 0.5 * std::sin(kPi * x[2]) : 0.0);
  }
  ControlCost control_cost() const override { return cost; }
  double drift(int i, const double* x, double) const override { return i == 1 ? x[0] : 0.3 * std::cos(x[0]); }
  double gain(int i, int j, const double* x, double) const override {
    if (full) return i == j ? 1.0 + 0.2 * i : 0.6 * std::sin(kPi * x[j]) - 0.1 * i;
    if (i != j) return 0.0;
    return i == 1 ? 0.0 : -((x[0] - 1) * (x[0] - 1) + 0.1);
  }
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

TestProblem mixed_problem(int d, Boundary b0, Boundary b1, Boundary b2 = Boundary::Periodic) {
  TestProblem p;
  p.d = d;
  p.ax[0] = {0, 0.0, 2.0, b0, "x"};
  p.ax[1] = {0, -1.0, 2.0, b1, "y"};
  p.ax[2] = {0, 0.0, 1.0, b2, "z"};
  return p;
}

HjGrid make_grid(const HjProblem& p, int n0, int n1 = 2, int n2 = 2) {
  const int n[3] = {n0, n1, n2};
  return HjGrid(p, n);
}

std::vector<double> initial_level(const HjProblem& p, const HjGrid& g) {
  std::vector<double> phi0(std::size_t(g.size));
  for (long i = 0; i < g.size; ++i) phi0[std::size_t(i)] = p.initial(&g.points[std::size_t(i * g.dim)]);
  return phi0;
}

// The fixed point of the implicit scheme by a different route: many
// explicit pseudo-time iterations psi <- psi - d dt F(psi) (a monotone
// contraction for d <= 1 / (1 + dt / CFL limit)), which converge to F = 0.
std::vector<double> pseudo_time_solution(const HjGrid& g, const std::vector<double>& phi0, double dt) {
  ExplicitScheme ex(g, 0.0);
  std::vector<double> psi = phi0;
  for (int it = 0; it < 400000; ++it) {
    std::vector<double> hstep = psi;
    const double d = 1.0 / (1.0 + dt / ex.cfl_limit(psi));
    ex.step(hstep, dt);  // hstep = psi - dt Hnum(psi)
    double change = 0;
    for (std::size_t i = 0; i < psi.size(); ++i) {
      const double next = psi[i] + d * (phi0[i] - psi[i] + (hstep[i] - psi[i]));
      change = std::max(change, std::abs(next - psi[i]));
      psi[i] = next;
    }
    if (change < 1e-14) break;
  }
  return psi;
}

}  // namespace

TEST_CASE("spectral transform: identity and the inverse of the discrete Laplacian") {
  // For every boundary combination, m = 1 is the identity and
  // m = 1/(1 - lambda) inverts (I - Lap) exactly (up to round-off ~1e-12
  // times the condition number, below 1e-9 on these grids).
  const Boundary bs[2] = {Boundary::Periodic, Boundary::Neumann};
  for (int d = 1; d <= 3; ++d)
    for (Boundary b0 : bs)
      for (Boundary b1 : bs) {
        if (d == 1 && b1 == Boundary::Neumann) continue;
        TestProblem p = mixed_problem(d, b0, b1, b0);
        HjGrid g = make_grid(p, 12, 7, 5);
        SpectralTransform t(g.tensor);
        const std::vector<double> u = random_vector(g.size, 3);
        std::vector<double> ones(std::size_t(t.modes()), 1.0), out(u.size()), lap(u.size()), rhs(u.size());
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

TEST_CASE("grid: one-sided differences, their adjoints and the Laplacian, 2-D and 3-D") {
  // <w, D u> = <D^T w, u> to round-off for both boundary kinds, and the
  // Laplacian is sum_a (D+_a - D-_a) / h_a and symmetric.
  for (int d = 2; d <= 3; ++d)
    for (Boundary b : {Boundary::Periodic, Boundary::Neumann}) {
      const Boundary other = b == Boundary::Periodic ? Boundary::Neumann : Boundary::Periodic;
      TestProblem p = mixed_problem(d, b, other, b);
      HjGrid g = make_grid(p, 9, 6, 4);
      const std::vector<double> u = random_vector(g.size, 1), w = random_vector(g.size, 2);
      std::vector<double> lap_sum(u.size(), 0.0);
      for (int a = 0; a < d; ++a) {
        std::vector<double> du(u.size()), dm(u.size()), dtw(u.size(), 0.0);
        g.forward_diff(a, u.data(), du.data());
        g.add_forward_adjoint(a, w.data(), dtw.data());
        CHECK(dot(w, du) == doctest::Approx(dot(dtw, u)).epsilon(1e-12));
        std::fill(dtw.begin(), dtw.end(), 0.0);
        g.backward_diff(a, u.data(), dm.data());
        g.add_backward_adjoint(a, w.data(), dtw.data());
        CHECK(dot(w, dm) == doctest::Approx(dot(dtw, u)).epsilon(1e-12));
        for (std::size_t i = 0; i < u.size(); ++i) lap_sum[i] += (du[i] - dm[i]) / g.h(a);
      }
      std::vector<double> lu(u.size()), lw(u.size()), pp(3), pm(3);
      g.laplacian(u.data(), lu.data());
      g.laplacian(w.data(), lw.data());
      CHECK(dot(w, lu) == doctest::Approx(dot(lw, u)).epsilon(1e-12));
      for (long i = 0; i < g.size; ++i) {
        CHECK(lu[std::size_t(i)] == doctest::Approx(lap_sum[std::size_t(i)]).epsilon(1e-10));
        CHECK(g.all_slopes(i, u.data(), pp.data(), pm.data()) == doctest::Approx(lu[std::size_t(i)]).epsilon(1e-10));
      }
    }
}

TEST_CASE("control model, diagonal G: upwind Hamiltonian, argmax and prox closed forms") {
  // Checked against brute-force maximization over a fine control grid
  // (spacing 1e-4 on [-5, 5]: the max of a smooth concave function on the
  // grid is within (spacing)^2 * curvature ~ 1e-8 of the true max), per
  // axis as in the Engquist-Osher split.
  for (ControlCost cost : {ControlCost::Quadratic, ControlCost::Box})
    for (double b : {0.0, 0.7, -0.4})
      for (double s : {-1.3, 0.5}) {
        HjLocalModel m;
        m.cost = cost;
        m.dim = 1;
        m.drift[0] = b;
        m.gain[0][0] = s;
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
            CHECK(m.upwind_hamiltonian(&pp, &pm) == doctest::Approx(expect).epsilon(1e-7));
            double u, w, vp, vm;
            m.split_argmax(&pp, &pm, &u, &w);
            m.split_velocity(&u, &w, &vp, &vm);
            CHECK(vp >= 0.0);
            CHECK(vm <= 0.0);
            CHECK(-vp * pp - vm * pm - m.split_cost(&u, &w) ==
                  doctest::Approx(m.upwind_hamiltonian(&pp, &pm)).epsilon(1e-12));
            CHECK(m.upwind_hamiltonian(&pp, &pp) == doctest::Approx(m.hamiltonian(&pp)).epsilon(1e-12));
            // Prox: maximizer of rho(-q a - ell(a)) - (a - a0)^2/(2 sigma) on the half line.
            const double rho = 1.7, sigma = 0.3, a0 = 0.25;
            for (bool upper : {true, false})
              for (double q : {-0.9, 0.4}) {
                double best = -HUGE_VAL, arg = 0;
                for (int k = -50000; k <= 50000; ++k) {
                  const double a = k * 1e-4;
                  if (m.running_cost(a) == HUGE_VAL || (upper ? a < 0 : a > 0)) continue;
                  const double v = rho * (-q * a - m.running_cost(a)) - (a - a0) * (a - a0) / (2 * sigma);
                  if (v > best) best = v, arg = a;
                }
                CHECK(m.prox_control(q, rho * sigma, a0, upper) == doctest::Approx(arg).epsilon(2e-4));
              }
          }
      }
}

TEST_CASE("control model, full G: monotone, consistent, the supremum over split controls, envelope derivatives") {
  // A full 3 x 3 control matrix with entries of both signs and a drift.
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  for (ControlCost cost : {ControlCost::Quadratic, ControlCost::Box})
    for (int trial = 0; trial < 20; ++trial) {
      HjLocalModel m;
      m.cost = cost;
      m.dim = 3;
      m.diagonal = false;
      for (int i = 0; i < 3; ++i) {
        m.drift[i] = U(rng);
        for (int j = 0; j < 3; ++j) m.gain[i][j] = U(rng);
      }
      double pp[3], pm[3];
      for (int i = 0; i < 3; ++i) pp[i] = 2 * U(rng), pm[i] = 2 * U(rng);
      const double h = m.upwind_hamiltonian(pp, pm);
      // Consistency: Hnum(p, p) = -b.p + sum_j ell*(-(G^T p)_j).
      CHECK(m.upwind_hamiltonian(pp, pp) == doctest::Approx(m.hamiltonian(pp)).epsilon(1e-12));
      // The maximizers attain it and every admissible split stays below it
      // (random samples; the maximum is attained, so <= to round-off).
      double u[3], w[3], vp[3], vm[3];
      m.split_argmax(pp, pm, u, w);
      m.split_velocity(u, w, vp, vm);
      double at_max = -m.split_cost(u, w);
      for (int i = 0; i < 3; ++i) at_max -= vp[i] * pp[i] + vm[i] * pm[i];
      CHECK(at_max == doctest::Approx(h).epsilon(1e-12));
      for (int k = 0; k < 2000; ++k) {
        double us[3], ws[3], sp[3], sm[3];
        const double range = cost == ControlCost::Box ? 1.0 : 4.0;
        for (int j = 0; j < 3; ++j) us[j] = range * (0.5 + 0.5 * U(rng)), ws[j] = -range * (0.5 + 0.5 * U(rng));
        m.split_velocity(us, ws, sp, sm);
        double v = -m.split_cost(us, ws);
        for (int i = 0; i < 3; ++i) {
          CHECK(sp[i] >= 0.0);
          CHECK(sm[i] <= 0.0);
          v -= sp[i] * pp[i] + sm[i] * pm[i];
        }
        CHECK(v <= h + 1e-12);
      }
      // Monotone (nonincreasing in p+, nondecreasing in p-), with the
      // envelope derivatives -v+ and -v- where H is differentiable.
      for (int i = 0; i < 3; ++i) {
        const double e = 1e-6;
        double qp[3] = {pp[0], pp[1], pp[2]}, qm[3] = {pm[0], pm[1], pm[2]};
        qp[i] += e;
        const double dplus = (m.upwind_hamiltonian(qp, pm) - h) / e;
        qm[i] += e;
        const double dminus = (m.upwind_hamiltonian(pp, qm) - h) / e;
        CHECK(dplus <= 1e-9);
        CHECK(dminus >= -1e-9);
        if (cost == ControlCost::Quadratic) {
          CHECK(dplus == doctest::Approx(-vp[i]).epsilon(1e-4).scale(1.0));
          CHECK(dminus == doctest::Approx(-vm[i]).epsilon(1e-4).scale(1.0));
        }
      }
    }
}

TEST_CASE("cyclic band solver agrees with a dense solve") {
  // Random diagonally dominant band matrices, cyclic and not, half-bandwidth
  // 1 and 2, small (dense path) and large.
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  for (int b : {1, 2})
    for (bool cyclic : {true, false})
      for (int n : {3, 9, 40}) {
        std::vector<Eigen::Triplet<double>> tr;
        Eigen::MatrixXd dense = Eigen::MatrixXd::Zero(n, n);
        for (int i = 0; i < n; ++i) {
          double off = 0;
          for (int k = -b; k <= b; ++k) {
            if (k == 0) continue;
            int j = i + k;
            if (j < 0 || j >= n) {
              if (!cyclic) continue;
              j = (j + n) % n;
            }
            const double v = U(rng);
            dense(i, j) += v;
            tr.emplace_back(i, j, v);
            off += std::abs(v);
          }
          dense(i, i) += off + 0.5;
          tr.emplace_back(i, i, off + 0.5);
        }
        SparseMatrix a(n, n);
        a.setFromTriplets(tr.begin(), tr.end());
        CyclicBanded band;
        band.factor(a, b);
        Eigen::VectorXd rhs = Eigen::VectorXd::Random(n), x = rhs;
        band.solve(x.data());
        const Eigen::VectorXd expect = dense.partialPivLu().solve(rhs);
        CHECK((x - expect).lpNorm<Eigen::Infinity>() < 1e-12);
      }
}

TEST_CASE("linearization: A phi - rhs is F(phi) at the maximizing controls; the coupling gives what they see") {
  for (bool full : {false, true})
    for (ControlCost cost : {ControlCost::Quadratic, ControlCost::Box}) {
      TestProblem p = mixed_problem(2, Boundary::Periodic, Boundary::Neumann);
      p.full = full;
      p.cost = cost;
      HjGrid g = make_grid(p, 10, 7);
      const std::vector<double> phi0 = initial_level(p, g), phi = random_vector(g.size, 5);
      const double dt = 0.3, visc = 0.05;
      SplitState split;
      split.resize(g);
      split.maximize(g, phi.data());
      const SparseMatrix a = upwind_matrix(g, visc, dt, split.vp, split.vm);
      const std::vector<double> rhs = split.rhs(g, phi0.data(), dt);
      const Eigen::VectorXd r =
          a * Eigen::Map<const Eigen::VectorXd>(phi.data(), g.size) - Eigen::Map<const Eigen::VectorXd>(rhs.data(), g.size);
      double worst = 0.0;
      for (long i = 0; i < g.size; ++i) worst = std::max(worst, std::abs(r[i]));
      CHECK(dt * worst == doctest::Approx(implicit_residual(g, visc, phi0.data(), phi.data(), dt)).epsilon(1e-10));
      // Row sums of A are 1/dt, off-diagonals <= 0 (an M-matrix).
      for (int col = 0; col < a.outerSize(); ++col)
        for (SparseMatrix::InnerIterator it(a, col); it; ++it)
          if (it.row() != it.col()) CHECK(it.value() <= 0.0);
      const Eigen::VectorXd sums = a * Eigen::VectorXd::Ones(g.size);
      for (long i = 0; i < g.size; ++i) CHECK(sums[i] == doctest::Approx(1.0 / dt).epsilon(1e-10));
      const SparseMatrix k = control_coupling(g);
      const Eigen::VectorXd q = k * Eigen::Map<const Eigen::VectorXd>(phi.data(), g.size);
      double pp[3], pm[3], qu[3], qw[3];
      for (long i = 0; i < g.size; ++i) {
        g.all_slopes(i, phi.data(), pp, pm);
        g.model[std::size_t(i)].split_slopes(pp, pm, qu, qw);
        for (int j = 0; j < 2; ++j) {
          CHECK(q[2 * (i * 2 + j)] == doctest::Approx(qu[j]).epsilon(1e-10).scale(1.0));
          CHECK(q[2 * (i * 2 + j) + 1] == doctest::Approx(qw[j]).epsilon(1e-10).scale(1.0));
        }
      }
    }
}

TEST_CASE("implicit step: PDHG (both metrics) and policy iteration return the solution of the implicit scheme") {
  // The residual bound is the stopping rule; check it independently and
  // compare with the pseudo-time fixed point. Both are within dt|F| of the
  // unique solution (1e-10 each) plus the pseudo-time stopping error.
  for (bool full : {false, true})
    for (ControlCost cost : {ControlCost::Quadratic, ControlCost::Box}) {
      CAPTURE(full);
      TestProblem p = mixed_problem(2, Boundary::Periodic, Boundary::Neumann);
      p.full = full;
      p.cost = cost;
      HjGrid g = make_grid(p, 16, 12);
      const std::vector<double> phi0 = initial_level(p, g);
      const double dt = 0.2;  // several times the explicit CFL limit on this grid
      CHECK(dt > ExplicitScheme(g, 0.0).cfl_limit(phi0));
      const std::vector<double> psi = pseudo_time_solution(g, phi0, dt);
      for (Preconditioner pre : {Preconditioner::Linearized, Preconditioner::Spectral}) {
        PdhgSettings set;
        set.tol = 1e-10;
        set.preconditioner = pre;
        set.ratio = pre == Preconditioner::Linearized ? 8.0 : 1.0;
        set.control_step = cost == ControlCost::Quadratic ? 0.0 : 1.0;
        PdhgImplicitStep solver(g, 0.0, set);
        std::vector<double> phi = phi0;
        const StepStats st = solver.solve(phi0, dt, phi, 1);
        CHECK(st.residual <= 1e-10);
        CHECK(solver.residual(phi0, phi, dt) <= 1e-10);
        double worst = 0;
        for (std::size_t i = 0; i < psi.size(); ++i) worst = std::max(worst, std::abs(psi[i] - phi[i]));
        CHECK(worst < 1e-8);
      }
      NewtonSettings ns;
      ns.tol = 1e-10;
      NewtonImplicitStep newton(g, 0.0, ns);
      std::vector<double> phi = phi0;
      const NewtonStats st = newton.solve(phi0, dt, phi, 1);
      CHECK(st.residual <= 1e-10);
      CHECK(st.iterations <= 20);
      double worst = 0;
      for (std::size_t i = 0; i < psi.size(); ++i) worst = std::max(worst, std::abs(psi[i] - phi[i]));
      CHECK(worst < 1e-8);
    }
}

TEST_CASE("implicit step in 1-D and 3-D: PDHG and policy iteration agree with the pseudo-time fixed point") {
  for (int d : {1, 3}) {
    TestProblem p = mixed_problem(d, Boundary::Periodic, Boundary::Neumann, Boundary::Periodic);
    HjGrid g = d == 1 ? make_grid(p, 40) : make_grid(p, 8, 6, 5);
    const std::vector<double> phi0 = initial_level(p, g);
    const double dt = 0.2;
    const std::vector<double> psi = pseudo_time_solution(g, phi0, dt);
    PdhgSettings set;
    set.tol = 1e-10;
    PdhgImplicitStep pdhg(g, 0.0, set);
    std::vector<double> phi = phi0;
    pdhg.solve(phi0, dt, phi, 1);
    NewtonSettings ns;
    ns.tol = 1e-10;
    NewtonImplicitStep newton(g, 0.0, ns);
    std::vector<double> phn = phi0;
    newton.solve(phi0, dt, phn, 1);
    double worst = 0;
    for (std::size_t i = 0; i < psi.size(); ++i)
      worst = std::max({worst, std::abs(psi[i] - phi[i]), std::abs(psi[i] - phn[i])});
    CHECK(worst < 1e-8);
  }
}
