// The pieces of the training loops: the test function's jets, the Gram
// operator against a densely formed J^T W J, the loss gradients against
// finite differences, and saving/restoring networks.
//
// Tolerances.
//  * Central differences with step h of a function F: truncation
//    h^2 |F'''| / 6, round-off eps |F|_abs / h. In the parameters (h = 1e-6,
//    O(1) weights, |F'''| = O(10)): ~1e-11 + 1e-10 |F|_abs; checked at
//    1e-6 |F|_abs (|F|_abs: the sum of the magnitudes of F's terms).
//    In x (h = 1e-6) the same, for the smooth boundary factor, and for the
//    distance factor at points whose two nearest faces differ by > 2h (no
//    kink crossed).
//  * J^T W J v by products against the dense matrix: the same sums in
//    another order: 1e-12 relative.
//  * MINRES on the dense Gram (condition number kappa computed from its
//    eigenvalues): relative error <= kappa (tol + 1e-9), see test_minres.cpp.
#include <doctest/doctest.h>

#include <cmath>

#include <Eigen/Eigenvalues>
#include <wprox/errors.hpp>
#include <wprox/random.hpp>

#include "cosine_problem.hpp"
#include "gram.hpp"
#include "pinn.hpp"
#include "test_function.hpp"
#include "weak_form.hpp"

using namespace wprox;
using namespace wprox::npdg;

namespace {

Vector normal(long n, std::uint64_t seed) {
  Vector v(n);
  RandomStream(seed, 5).normal(v.data(), n);
  return v;
}

// sum of w . jet over value and gradient, with the magnitudes of its terms.
double pairing(const InputJet& w, const InputJet& j, double* magnitude) {
  double s = 0, a = 0;
  if (w.u.size()) {
    s += w.u.dot(j.u);
    a += w.u.cwiseProduct(j.u).cwiseAbs().sum();
  }
  if (w.grad.size()) {
    s += w.grad.cwiseProduct(j.grad).sum();
    a += w.grad.cwiseProduct(j.grad).cwiseAbs().sum();
  }
  *magnitude = a;
  return s;
}

BoundaryData boundary_set(const EllipticProblem& p, long n, std::uint64_t seed) {
  std::vector<int> axis;
  Matrix Y = sample_boundary(p, n, seed, 0, &axis);
  return boundary_data(p, std::move(Y), std::move(axis));
}

NetworkSettings small(int width, int depth) {
  NetworkSettings s;
  s.width = width;
  s.depth = depth;
  return s;
}

}  // namespace

TEST_CASE("test function: zero on the boundary, gradient and parameter products match differences") {
  const auto p = make_elliptic_nd([] {
    CosineSettings s;
    s.dim = 3;
    return s;
  }());
  for (BoundaryFactor f : {BoundaryFactor::smooth, BoundaryFactor::distance}) {
    CAPTURE(boundary_factor_name(f));
    TestFunction phi(3, 0.0, 1.0, small(6, 2), 11, f);
    CHECK(phi.jet(sample_boundary(*p, 50, 1, 0)).u.cwiseAbs().maxCoeff() == 0.0);

    const Matrix X = sample_interior(*p, 40, 2, 0);
    TestFunction::Tape tape;
    const InputJet j = phi.jet(X, &tape);
    // grad phi by central differences in x, away from kinks of the distance.
    double worst_x = 0;
    for (long c = 0; c < X.cols(); ++c) {
      std::vector<double> dist;
      for (int i = 0; i < 3; ++i) dist.insert(dist.end(), {X(i, c), 1.0 - X(i, c)});
      std::sort(dist.begin(), dist.end());
      if (f == BoundaryFactor::distance && dist[1] - dist[0] < 1e-4) continue;
      for (int i = 0; i < 3; ++i) {
        Matrix Y = X.col(c);
        const double h = 1e-6;
        Y(i, 0) += h;
        const double up = phi.jet(Y).u[0];
        Y(i, 0) -= 2 * h;
        const double dn = phi.jet(Y).u[0];
        worst_x = std::max(worst_x, std::abs((up - dn) / (2 * h) - j.grad(i, c)));
      }
    }
    MESSAGE("grad phi vs central differences: " << worst_x);
    CHECK(worst_x < 1e-6);

    // J v and J^T w against central differences of the pairing in theta.
    InputJet w;
    w.u = normal(40, 3);
    w.grad = normal(120, 4).reshaped(3, 40);
    const Vector g = phi.jet_vjp(tape, w);
    const Vector v = normal(phi.parameter_count(), 6);
    const InputJet jv = phi.jet_jvp(tape, v);
    double mag = 0, mag2 = 0;
    const double wJv = pairing(w, jv, &mag);
    CHECK(std::abs(wJv - g.dot(v)) <= 1e-12 * (mag + std::abs(g.dot(v))));  // adjoint identity
    Vector& th = phi.network().parameters();
    const Vector th0 = th;
    const double h = 1e-6;
    th = th0 + h * v;
    const double fp = pairing(w, phi.jet(X), &mag2);
    th = th0 - h * v;
    const double fm = pairing(w, phi.jet(X), &mag2);
    th = th0;
    CHECK(std::abs((fp - fm) / (2 * h) - wJv) <= 1e-6 * mag2);
  }
}

TEST_CASE("Gram operator: J^T W J v equals the dense matrix built from JVPs; MINRES matches a dense solve") {
  // 1-D, u = network (width 4, depth 1: 13 parameters), 60 interior points
  // with gradient weight a/n and 2 boundary points with value weight
  // lambda/2: the primal metric of npdg. J is formed column by column from
  // J e_k (one JVP each). The 13 functions d u / d theta_k are nearly
  // dependent on [0, 1] (smooth functions of one variable), so J^T W J is
  // singular to rounding; the damping mu = 1e-6 lambda_max bounds the
  // condition number of G + mu I by 1e6 (+1).
  const auto p = make_elliptic_nd([] {
    CosineSettings s;
    s.dim = 1;
    return s;
  }());
  const Mlp u = make_network(1, small(4, 1), 21);
  const long P = u.parameter_count(), n = 60;
  const InteriorData in = interior_data(*p, sample_interior(*p, n, 3, 0));
  const BoundaryData bd = boundary_set(*p, 2, 3);
  JetTape ti, tb;
  u.jet(in.X, value_and_gradient(), &ti);
  u.jet(bd.X, value_only(), &tb);
  const double lambda = 10.0;
  const Vector wi = in.a / double(n), wb = Vector::Constant(2, lambda / 2.0);
  GramOperator G0(P);
  G0.add([&](const Vector& v) { return u.jet_jvp(ti, v); }, [&](const InputJet& x) { return u.jet_vjp(ti, x); },
        Vector(), broadcast(wi, 1));
  G0.add([&](const Vector& v) { return u.jet_jvp(tb, v); }, [&](const InputJet& x) { return u.jet_vjp(tb, x); }, wb,
         Matrix());

  Matrix Jg(n, P), Jb(2, P);
  for (long k = 0; k < P; ++k) {
    const Vector e = Vector::Unit(P, k);
    Jg.col(k) = u.jet_jvp(ti, e).grad.row(0).transpose();
    Jb.col(k) = u.jet_jvp(tb, e).u;
  }
  const Matrix D = Jg.transpose() * wi.asDiagonal() * Jg + Jb.transpose() * wb.asDiagonal() * Jb;
  const Vector v = normal(P, 9);
  Vector y;
  G0.apply(v, y);
  CHECK((y - D * v).norm() <= 1e-12 * (D.cwiseAbs() * v.cwiseAbs()).norm());

  const double mu = 1e-6 * Eigen::SelfAdjointEigenSolver<Matrix>(D).eigenvalues().maxCoeff();
  GramOperator G(P, mu);
  G.add([&](const Vector& v) { return u.jet_jvp(ti, v); }, [&](const InputJet& x) { return u.jet_vjp(ti, x); },
        Vector(), broadcast(wi, 1));
  G.add([&](const Vector& v) { return u.jet_jvp(tb, v); }, [&](const InputJet& x) { return u.jet_vjp(tb, x); }, wb,
        Matrix());
  G.apply(v, y);
  const Matrix Dm = D + mu * Matrix::Identity(P, P);
  CHECK((y - Dm * v).norm() <= 1e-12 * (Dm.cwiseAbs() * v.cwiseAbs()).norm());
  Eigen::SelfAdjointEigenSolver<Matrix> es(Dm);
  const double kappa = es.eigenvalues().maxCoeff() / es.eigenvalues().minCoeff();
  REQUIRE(es.eigenvalues().minCoeff() > 0);
  const Vector b = normal(P, 10), exact = es.eigenvectors() * (es.eigenvalues().cwiseInverse().asDiagonal() *
                                                                 (es.eigenvectors().transpose() * b));
  MinresOptions o;
  o.tol = 1e-10;
  o.max_iter = 2000;
  Vector x = Vector::Zero(P);
  const MinresResult r = natural_gradient(G, b, x, o);
  const double err = (x - exact).norm() / exact.norm();
  MESSAGE("13-parameter Gram: kappa = " << kappa << ", " << r.iterations << " MINRES steps, relative error " << err);
  CHECK(r.converged);
  CHECK(err <= kappa * (o.tol + 1e-9));
}

TEST_CASE("weak-form and PINN gradient weights give the parameter gradients (central differences)") {
  for (bool semilinear : {false, true}) {
    CosineSettings cs = semilinear ? semilinear_nd_defaults() : elliptic_nd_defaults();
    cs.dim = 2;
    const auto p = semilinear ? make_semilinear_nd(cs) : make_elliptic_nd(cs);
    CAPTURE(p->name());
    Mlp u = make_network(2, small(5, 2), 1);
    TestFunction phi(2, 0.0, 1.0, small(5, 2), 2);
    const InteriorData in = interior_data(*p, sample_interior(*p, 30, 1, 0));
    const BoundaryData bd = boundary_set(*p, 12, 1);
    const double eps = 0.7, lambda = 3.0;
    // F(theta, eta) = L(u, phi) - (eps/2) ||phi||_D^2 (+ PINN loss separately).
    auto F = [&]() {
      const InputJet ju = u.jet(in.X, value_and_gradient());
      const WeakForm wf(*p, in, ju);
      const InputJet jp = phi.jet(in.X);
      return wf.pairing(ju, jp) - 0.5 * eps * wf.energy(jp);
    };
    JetTape tu;
    TestFunction::Tape tp;
    const InputJet ju = u.jet(in.X, value_and_gradient(), &tu);
    const InputJet jp = phi.jet(in.X, &tp);
    const WeakForm wf(*p, in, ju);
    const Vector g_eta = phi.jet_vjp(tp, wf.dual_weights(ju, jp, eps));
    // The primal weights give grad_theta L(u, psi) at a fixed psi (= phi
    // here); the energy term does not depend on theta.
    const Vector g_theta = u.jet_vjp(tu, wf.primal_weights(jp));
    const double scale = std::abs(wf.pairing(ju, jp)) + wf.energy(jp) + 1.0;
    auto check = [&](Vector& th, const Vector& g, const char* what) {
      const Vector v = normal(th.size(), 31), th0 = th;
      const double h = 1e-6;
      th = th0 + h * v;
      const double fp = F();
      th = th0 - h * v;
      const double fm = F();
      th = th0;
      MESSAGE(what << ": directional derivative " << g.dot(v) << " vs difference " << (fp - fm) / (2 * h));
      CHECK(std::abs((fp - fm) / (2 * h) - g.dot(v)) <= 1e-6 * scale * v.cwiseAbs().sum());
    };
    check(phi.network().parameters(), g_eta, "grad_eta");
    check(u.parameters(), g_theta, "grad_theta");

    // PINN: loss = mean R^2 + lambda mean (u - g)^2.
    auto loss = [&]() {
      return pinn_terms(*p, in, bd, u.jet(in.X, with_laplacian()), u.jet(bd.X, value_only()), lambda).loss;
    };
    JetTape tl, tb;
    const PinnTerms t =
        pinn_terms(*p, in, bd, u.jet(in.X, with_laplacian(), &tl), u.jet(bd.X, value_only(), &tb), lambda);
    const Vector g = u.jet_vjp(tl, t.w_in) + u.jet_vjp(tb, t.w_bd);
    const Vector v = normal(u.parameter_count(), 41), th0 = u.parameters();
    const double h = 1e-6;
    u.parameters() = th0 + h * v;
    const double lp = loss();
    u.parameters() = th0 - h * v;
    const double lm = loss();
    u.parameters() = th0;
    MESSAGE("PINN gradient: " << g.dot(v) << " vs difference " << (lp - lm) / (2 * h));
    CHECK(std::abs((lp - lm) / (2 * h) - g.dot(v)) <= 1e-6 * (t.loss + 1.0) * v.cwiseAbs().sum());
  }
}

TEST_CASE("network state: save and load rebuild the same function; a mismatched architecture is refused") {
  Mlp a = make_network(4, small(7, 3), 5);
  a.parameters() = normal(a.parameter_count(), 2);
  const NetworkState s = save_network(a);
  const Mlp b = load_network(s);
  Matrix X(4, 9);
  RandomStream(1, 1).normal(X.data(), X.size());
  CHECK((a.forward(X) - b.forward(X)).norm() == 0.0);
  Mlp c = make_network(4, small(8, 3), 5);
  CHECK_THROWS_AS(restore_network(c, s), InputError);
  NetworkState bad = s;
  bad.parameters.conservativeResize(3);
  CHECK_THROWS_AS(load_network(bad), InputError);
  bad = s;
  bad.activation = "relu";
  CHECK_THROWS_AS(load_network(bad), InputError);
}
