#include "npdg.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/checkpoint.hpp>
#include <wprox/errors.hpp>

#include "weak_form.hpp"

namespace wprox::npdg {

void validate(const NpdgSettings& s) {
  validate(s.solution, "npdg: solution network");
  validate(s.test, "npdg: test network");
  validate(s.sampling, "npdg");
  auto in = [](double v, double lo, double hi) { return v > lo && v <= hi; };
  WPROX_REQUIRE(s.iterations >= 1 && s.iterations <= 10000000, InputError,
                "npdg: iterations = " << s.iterations << " is outside the allowed range [1, 1e7]");
  WPROX_REQUIRE(in(s.tau_u, 0, 2), InputError, "npdg: tau_u = " << s.tau_u << " is outside the allowed range (0, 2]");
  WPROX_REQUIRE(in(s.tau_phi, 0, 2), InputError,
                "npdg: tau_phi = " << s.tau_phi << " is outside the allowed range (0, 2]");
  WPROX_REQUIRE(in(s.epsilon, 0, 100), InputError,
                "npdg: epsilon = " << s.epsilon << " is outside the allowed range (0, 100]");
  WPROX_REQUIRE(s.omega >= 0 && s.omega <= 1, InputError,
                "npdg: omega = " << s.omega << " is outside the allowed range [0, 1]");
  WPROX_REQUIRE(in(s.boundary_weight, 0, 1e6), InputError,
                "npdg: boundary_weight = " << s.boundary_weight << " is outside the allowed range (0, 1e6]");
  WPROX_REQUIRE(s.gram_points >= 0, InputError,
                "npdg: gram_points = " << s.gram_points << " must be >= 0 (0: all interior points)");
  WPROX_REQUIRE(s.minres_tol > 0 && s.minres_tol < 1, InputError,
                "npdg: minres_tol = " << s.minres_tol << " is outside the allowed range (0, 1)");
  WPROX_REQUIRE(s.minres_max_iter >= 1 && s.minres_max_iter <= 100000, InputError,
                "npdg: minres_max_iter = " << s.minres_max_iter << " is outside the allowed range [1, 1e5]");
  WPROX_REQUIRE(s.damping >= 0 && std::isfinite(s.damping), InputError,
                "npdg: damping = " << s.damping << " must be finite and >= 0");
  WPROX_REQUIRE(s.trust_ratio >= 0 && s.trust_ratio <= 10, InputError,
                "npdg: trust_ratio = " << s.trust_ratio << " is outside the allowed range [0, 10] (0: off)");
}

const NpdgSettings& NpdgSolver::checked(const NpdgSettings& s) {
  validate(s);
  return s;
}

NpdgSolver::NpdgSolver(const EllipticProblem& p, const NpdgSettings& s, std::uint64_t seed)
    : Trainer(p, checked(s).solution, s.sampling, seed, "npdg"),
      s_(s),
      phi_(p.dim(), p.lower(), p.upper(), jets_fit(p.dim(), s.test, s.sampling, "npdg", "test_width or test_depth"),
           derive_seed(seed, SeedPurpose::test), s.test_factor) {}

MinresResult NpdgSolver::solve(GramOperator& G, const Vector& g, Vector& d, long k, const char* which) const {
  if (!s_.warm_start || d.size() != g.size()) d = Vector::Zero(g.size());
  if (s_.damping > 0) G.set_damping(s_.damping * G.rayleigh_quotient(g));
  MinresOptions o;
  o.tol = s_.minres_tol;
  o.max_iter = s_.minres_max_iter;
  const MinresResult r = natural_gradient(G, g, d, o);
  if (!std::isfinite(r.relative_residual) || !d.allFinite())
    throw RunError(k, std::string("npdg: the ") + which + " Gram solve (MINRES) produced a non-finite value after " +
                          std::to_string(r.iterations) + " iterations");
  if (!r.converged && s_.strict_minres) {
    std::ostringstream os;
    os << "npdg: MINRES for the " << which << " Gram system stopped at relative residual " << r.relative_residual
       << " after " << r.iterations << " iterations (minres_tol = " << s_.minres_tol << ")";
    throw RunError(k, os.str());
  }
  return r;
}

NpdgSolver::Trial NpdgSolver::trial(double predicted_sq,
                                     const std::function<double(double scale)>& deviation_sq) const {
  Trial t;
  for (int h = 0;; ++h) {
    const double dev = deviation_sq(t.scale);
    t.ratio = predicted_sq > 0 ? std::sqrt(dev / predicted_sq) / t.scale : 0.0;
    if (s_.trust_ratio <= 0 || t.ratio <= s_.trust_ratio || h == kMaxHalvings) return t;
    t.scale *= 0.5;
  }
}

void NpdgSolver::step(long k, Diagnostics& diag) {
  points_.update(k);
  const InteriorData& in = points_.interior();
  const BoundaryData& bd = points_.boundary();
  const long n = in.X.cols(), nb = bd.X.cols();
  const long ng = s_.gram_points > 0 ? std::min(s_.gram_points, n) : n;
  const bool subset = ng < n;
  const Matrix X_g = subset ? Matrix(in.X.leftCols(ng)) : Matrix();

  // u (value, gradient) inside and u on the boundary, with tapes for both
  // products of the primal step (theta does not change before it).
  JetTape tu, tb, tu_g;
  const InputJet ju = u_.jet(in.X, value_and_gradient(), &tu);
  const InputJet jb = u_.jet(bd.X, s_.boundary_h1 ? value_and_gradient() : value_only(), &tb);
  const InputJet ju_g = subset ? u_.jet(X_g, value_and_gradient(), &tu_g) : InputJet();
  const JetTape& tape_ug = subset ? tu_g : tu;
  const WeakForm wf(p_, in, ju);
  const Matrix& A_n = wf.a_over_n();
  const Matrix A_g = subset ? broadcast(in.a.head(ng) / double(ng), p_.dim()) : A_n;
  const Vector bres = jb.u - bd.g;  // u - g on the boundary
  const Matrix bgrad = s_.boundary_h1 ? Matrix(bd.tangential.cwiseProduct(jb.grad) - bd.grad_g) : Matrix();
  const double wb_n = s_.boundary_weight / double(nb);
  const double penalty = 0.5 * wb_n * (bres.squaredNorm() + bgrad.squaredNorm());

  // Dual step: natural-gradient ascent of L(u, phi) - (eps/2)||phi||_D^2 in eta.
  TestFunction::Tape tp, tp_g;
  const InputJet jp = phi_.jet(in.X, &tp);
  const InputJet jp_g = subset ? phi_.jet(X_g, &tp_g) : InputJet();
  const TestFunction::Tape& tape_pg = subset ? tp_g : tp;
  const double saddle = wf.pairing(ju, jp) - 0.5 * s_.epsilon * wf.energy(jp) + penalty;
  const Vector g_eta = phi_.jet_vjp(tp, wf.dual_weights(ju, jp, s_.epsilon));
  GramOperator G_phi(phi_.parameter_count());
  G_phi.add([&](const Vector& v) { return phi_.jet_jvp(tape_pg, v); },
            [&](const InputJet& x) { return phi_.jet_vjp(tape_pg, x); }, Vector(), A_g);
  const MinresResult rp = solve(G_phi, g_eta, d_eta_, k, "test-function");
  // Linearization check in the D metric on the Gram points.
  const Matrix& X_m = subset ? X_g : in.X;
  const InputJet& jp_m = subset ? jp_g : jp;
  const Vector eta0 = phi_.network().parameters();
  const Vector step_eta = s_.tau_phi * d_eta_;
  const InputJet pred_phi = phi_.jet_jvp(tape_pg, step_eta);
  const double pred_phi_sq = A_g.cwiseProduct(pred_phi.grad).cwiseProduct(pred_phi.grad).sum();
  const Trial tphi = trial(pred_phi_sq, [&](double scale) {
    phi_.network().parameters() = eta0 + scale * step_eta;
    const Matrix dev = phi_.jet(X_m).grad - jp_m.grad - scale * pred_phi.grad;
    return A_g.cwiseProduct(dev).cwiseProduct(dev).sum();
  });

  // phi~ = phi+ + omega (phi+ - phi), in function space.
  const InputJet jp1 = phi_.jet(in.X);
  InputJet phi_t;
  phi_t.u = (1.0 + s_.omega) * jp1.u - s_.omega * jp.u;
  phi_t.grad = (1.0 + s_.omega) * jp1.grad - s_.omega * jp.grad;

  // Primal step: natural-gradient descent of L(u, phi~) + (lambda/2) B(u) in theta.
  InputJet wb;
  wb.u = wb_n * bres;
  if (s_.boundary_h1) wb.grad = wb_n * bgrad;
  const Vector g_theta = u_.jet_vjp(tu, wf.primal_weights(phi_t)) + u_.jet_vjp(tb, wb);
  GramOperator G_u(u_.parameter_count());
  G_u.add([&](const Vector& v) { return u_.jet_jvp(tape_ug, v); },
          [&](const InputJet& x) { return u_.jet_vjp(tape_ug, x); }, Vector(), A_g);
  G_u.add([&](const Vector& v) { return u_.jet_jvp(tb, v); }, [&](const InputJet& x) { return u_.jet_vjp(tb, x); },
          Vector::Constant(nb, wb_n), s_.boundary_h1 ? Matrix(wb_n * bd.tangential) : Matrix());
  const MinresResult ru = solve(G_u, g_theta, d_theta_, k, "solution");
  // Linearization check on the Gram points (energy) and the boundary points
  // (values; the tangential-gradient part of the metric is left out).
  const InputJet& ju_m = subset ? ju_g : ju;
  const Vector theta0 = u_.parameters();
  const Vector step_theta = -s_.tau_u * d_theta_;
  const InputJet pred_u = u_.jet_jvp(tape_ug, step_theta), pred_b = u_.jet_jvp(tb, step_theta);
  const double pred_u_sq = A_g.cwiseProduct(pred_u.grad).cwiseProduct(pred_u.grad).sum() + wb_n * pred_b.u.squaredNorm();
  const Trial tu_trial = trial(pred_u_sq, [&](double scale) {
    u_.parameters() = theta0 + scale * step_theta;
    const Matrix dev = u_.jet(X_m, value_and_gradient()).grad - ju_m.grad - scale * pred_u.grad;
    const Vector dev_b = u_.jet(bd.X, value_only()).u - jb.u - scale * pred_b.u;
    return A_g.cwiseProduct(dev).cwiseProduct(dev).sum() + wb_n * dev_b.squaredNorm();
  });
  if (!u_.parameters().allFinite() || !phi_.network().parameters().allFinite())
    throw RunError(k, "npdg: the network parameters became non-finite");
  total_u_ += ru.iterations;
  total_phi_ += rp.iterations;

  const ErrorRecord& e = monitor_.observe(k, u_);
  diag.set("rel_l2", e.rel_l2);
  diag.set("rel_h1", e.rel_h1);
  diag.set("saddle", saddle);
  diag.set("phi_energy", std::sqrt(wf.energy(jp1)));
  diag.set("boundary_rms", std::sqrt(bres.squaredNorm() / double(nb)));
  diag.set("phi_step_scale", tphi.scale);
  diag.set("phi_nonlinearity", tphi.ratio);
  diag.set("u_step_scale", tu_trial.scale);
  diag.set("u_nonlinearity", tu_trial.ratio);
  diag.set("minres_phi_iterations", double(rp.iterations));
  diag.set("minres_phi_residual", rp.relative_residual);
  diag.set("minres_u_iterations", double(ru.iterations));
  diag.set("minres_u_residual", ru.relative_residual);
}

void NpdgSolver::save_state(StateWriter& w) const {
  Trainer::save_state(w);
  w.vector("test.parameters", phi_.network().parameters());
  w.vector("d_theta", d_theta_);
  w.vector("d_eta", d_eta_);
  w.integer("minres_total_u", total_u_);
  w.integer("minres_total_phi", total_phi_);
}

void NpdgSolver::load_state(const StateReader& r) {
  Trainer::load_state(r);
  phi_.network().set_parameters(r.vector("test.parameters", phi_.parameter_count()));
  d_theta_ = r.vector("d_theta");
  d_eta_ = r.vector("d_eta");
  total_u_ = r.integer("minres_total_u");
  total_phi_ = r.integer("minres_total_phi");
}

}  // namespace wprox::npdg
