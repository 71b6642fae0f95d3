#include "pinn.hpp"

#include <cmath>

#include <wprox/checkpoint.hpp>
#include <wprox/errors.hpp>

namespace wprox::npdg {

void validate(const PinnSettings& s) {
  validate(s.solution, "pinn-adam: solution network");
  validate(s.sampling, "pinn-adam");
  WPROX_REQUIRE(s.iterations >= 1 && s.iterations <= 10000000, InputError,
                "pinn-adam: iterations = " << s.iterations << " is outside the allowed range [1, 1e7]");
  WPROX_REQUIRE(s.learning_rate > 0 && s.learning_rate <= 1, InputError,
                "pinn-adam: lr = " << s.learning_rate << " is outside the allowed range (0, 1]");
  WPROX_REQUIRE(s.beta1 >= 0 && s.beta1 < 1 && s.beta2 >= 0 && s.beta2 < 1, InputError,
                "pinn-adam: beta1 = " << s.beta1 << " and beta2 = " << s.beta2 << " must lie in [0, 1)");
  WPROX_REQUIRE(s.boundary_weight > 0 && s.boundary_weight <= 1e6, InputError,
                "pinn-adam: boundary_weight = " << s.boundary_weight << " is outside the allowed range (0, 1e6]");
}

PinnTerms pinn_terms(const EllipticProblem& p, const InteriorData& in, const BoundaryData& bd, const InputJet& ju,
                     const InputJet& jb, double lambda) {
  const long n = in.X.cols(), nb = bd.X.cols();
  // R = -a Lap u - grad a . grad u + r(u) - f, and r'(u) where nonlinear.
  Vector R = -in.a.cwiseProduct(ju.lap) - in.grad_a.cwiseProduct(ju.grad).colwise().sum().transpose() - in.f;
  Vector dr;
  if (!p.linear()) {
    dr.resize(n);
    for (long j = 0; j < n; ++j) {
      R[j] += p.reaction(ju.u[j]);
      dr[j] = p.reaction_derivative(ju.u[j]);
    }
  }
  const Vector bres = jb.u - bd.g;
  PinnTerms t;
  t.residual_sq = R.squaredNorm() / double(n);
  t.boundary_sq = bres.squaredNorm() / double(nb);
  t.loss = t.residual_sq + lambda * t.boundary_sq;
  // d loss / d(u, grad u, Lap u) at point j = (2/n) R_j (r'(u_j), -grad a_j, -a_j).
  const Vector c = (2.0 / double(n)) * R;
  t.w_in.lap = -in.a.cwiseProduct(c);
  t.w_in.grad = -in.grad_a * c.asDiagonal();
  if (dr.size()) t.w_in.u = dr.cwiseProduct(c);
  t.w_bd.u = (2.0 * lambda / double(nb)) * bres;
  return t;
}

const PinnSettings& PinnAdam::checked(const PinnSettings& s) {
  validate(s);
  return s;
}

PinnAdam::PinnAdam(const EllipticProblem& p, const PinnSettings& s, std::uint64_t seed)
    : Trainer(p, checked(s).solution, s.sampling, seed, "pinn-adam"),
      s_(s),
      adam_(u_.parameter_count(), s.learning_rate, s.beta1, s.beta2) {}

void PinnAdam::step(long k, Diagnostics& diag) {
  points_.update(k);
  const InteriorData& in = points_.interior();
  const BoundaryData& bd = points_.boundary();
  JetTape tu, tb;
  const InputJet ju = u_.jet(in.X, with_laplacian(), &tu);
  const InputJet jb = u_.jet(bd.X, value_only(), &tb);
  const PinnTerms t = pinn_terms(p_, in, bd, ju, jb, s_.boundary_weight);
  if (!std::isfinite(t.loss)) throw RunError(k, "pinn-adam: the loss is not finite (" + std::to_string(t.loss) + ")");
  adam_.update(u_.parameters(), u_.jet_vjp(tu, t.w_in) + u_.jet_vjp(tb, t.w_bd));
  if (!u_.parameters().allFinite()) throw RunError(k, "pinn-adam: the network parameters became non-finite");

  const ErrorRecord& e = monitor_.observe(k, u_);
  diag.set("rel_l2", e.rel_l2);
  diag.set("rel_h1", e.rel_h1);
  diag.set("loss", t.loss);
  diag.set("residual_rms", std::sqrt(t.residual_sq));
  diag.set("boundary_rms", std::sqrt(t.boundary_sq));
}

void PinnAdam::save_state(StateWriter& w) const {
  Trainer::save_state(w);
  save_training(w, "solution", u_, adam_);
}

void PinnAdam::load_state(const StateReader& r) {
  Trainer::load_state(r);
  load_training(r, "solution", u_, adam_);
}

}  // namespace wprox::npdg
