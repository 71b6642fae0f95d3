#include "wan.hpp"

#include <cmath>

#include <wprox/checkpoint.hpp>
#include <wprox/errors.hpp>

#include "weak_form.hpp"

namespace wprox::npdg {

void validate(const WanSettings& s) {
  validate(s.solution, "wan: solution network");
  validate(s.test, "wan: test network");
  validate(s.sampling, "wan");
  WPROX_REQUIRE(s.iterations >= 1 && s.iterations <= 10000000, InputError,
                "wan: iterations = " << s.iterations << " is outside the allowed range [1, 1e7]");
  WPROX_REQUIRE(s.lr_u > 0 && s.lr_u <= 1 && s.lr_phi > 0 && s.lr_phi <= 1, InputError,
                "wan: lr_u = " << s.lr_u << " and lr_phi = " << s.lr_phi << " must lie in (0, 1]");
  WPROX_REQUIRE(s.beta1 >= 0 && s.beta1 < 1 && s.beta2 >= 0 && s.beta2 < 1, InputError,
                "wan: beta1 = " << s.beta1 << " and beta2 = " << s.beta2 << " must lie in [0, 1)");
  WPROX_REQUIRE(s.boundary_weight > 0 && s.boundary_weight <= 1e6, InputError,
                "wan: boundary_weight = " << s.boundary_weight << " is outside the allowed range (0, 1e6]");
}

const WanSettings& WanSolver::checked(const WanSettings& s) {
  validate(s);
  return s;
}

WanSolver::WanSolver(const EllipticProblem& p, const WanSettings& s, std::uint64_t seed)
    : Trainer(p, checked(s).solution, s.sampling, seed, "wan"),
      s_(s),
      phi_(p.dim(), p.lower(), p.upper(), jets_fit(p.dim(), s.test, s.sampling, "wan", "test_width or test_depth"),
           derive_seed(seed, SeedPurpose::test), s.test_factor),
      adam_u_(u_.parameter_count(), s.lr_u, s.beta1, s.beta2),
      adam_phi_(phi_.parameter_count(), s.lr_phi, s.beta1, s.beta2) {}

void WanSolver::step(long k, Diagnostics& diag) {
  points_.update(k);
  const InteriorData& in = points_.interior();
  const BoundaryData& bd = points_.boundary();
  const long n = in.X.cols(), nb = bd.X.cols();

  JetTape tu, tb;
  const InputJet ju = u_.jet(in.X, value_and_gradient(), &tu);
  const InputJet jb = u_.jet(bd.X, value_only(), &tb);
  const WeakForm wf(p_, in, ju);
  const Vector bres = jb.u - bd.g;

  // Test function: Adam descends -(log I^2 - log mean phi^2), I = L(u, phi).
  TestFunction::Tape tp;
  const InputJet jp = phi_.jet(in.X, &tp);
  const double I0 = wf.pairing(ju, jp), N0 = jp.u.squaredNorm() / double(n);
  if (!(I0 != 0.0 && N0 > 0.0 && std::isfinite(I0) && std::isfinite(N0)))
    throw RunError(k, "wan: the weak residual I = " + std::to_string(I0) + " or mean phi^2 = " + std::to_string(N0) +
                          " leaves log I^2 - log mean phi^2 undefined");
  InputJet w = wf.dual_weights(ju, jp, 0.0);  // J^T w = grad_eta I
  w.u = (2.0 / I0) * w.u - (2.0 / (N0 * double(n))) * jp.u;
  w.grad *= 2.0 / I0;
  adam_phi_.update(phi_.network().parameters(), -phi_.jet_vjp(tp, w));

  // Solution: Adam descends log I^2 + lambda mean (u - g)^2 against the new phi.
  const InputJet jp1 = phi_.jet(in.X);
  const double I1 = wf.pairing(ju, jp1), N1 = jp1.u.squaredNorm() / double(n);
  if (!(I1 != 0.0 && std::isfinite(I1)))
    throw RunError(k, "wan: the weak residual I = " + std::to_string(I1) + " leaves log I^2 undefined");
  InputJet wu = wf.primal_weights(jp1);  // J^T wu = grad_theta I
  if (wu.u.size()) wu.u *= 2.0 / I1;
  wu.grad *= 2.0 / I1;
  InputJet wb;
  wb.u = (2.0 * s_.boundary_weight / double(nb)) * bres;
  adam_u_.update(u_.parameters(), u_.jet_vjp(tu, wu) + u_.jet_vjp(tb, wb));
  if (!u_.parameters().allFinite() || !phi_.network().parameters().allFinite())
    throw RunError(k, "wan: the network parameters became non-finite");

  const ErrorRecord& e = monitor_.observe(k, u_);
  diag.set("rel_l2", e.rel_l2);
  diag.set("rel_h1", e.rel_h1);
  diag.set("weak_residual", std::abs(I1) / std::sqrt(N1));
  diag.set("boundary_rms", std::sqrt(bres.squaredNorm() / double(nb)));
}

void WanSolver::save_state(StateWriter& w) const {
  Trainer::save_state(w);
  save_training(w, "solution", u_, adam_u_);
  save_training(w, "test", phi_.network(), adam_phi_);
}

void WanSolver::load_state(const StateReader& r) {
  Trainer::load_state(r);
  load_training(r, "solution", u_, adam_u_);
  load_training(r, "test", phi_.network(), adam_phi_);
}

}  // namespace wprox::npdg
