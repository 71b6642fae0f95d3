#include "gram.hpp"

#include <wprox/errors.hpp>

namespace wprox::npdg {

GramOperator::GramOperator(long n, double damping) : n_(n), damping_(0.0) { set_damping(damping); }

void GramOperator::set_damping(double damping) {
  WPROX_REQUIRE(damping >= 0.0, InputError, "Gram operator: damping = " << damping << " must be >= 0");
  damping_ = damping;
}

double GramOperator::rayleigh_quotient(const Vector& v) const {
  const double vv = v.squaredNorm();
  if (vv == 0.0) return 0.0;
  Vector y;
  apply(v, y);
  return (v.dot(y) - damping_ * vv) / vv;
}

void GramOperator::add(Jvp jvp, Vjp vjp, Vector value_weight, Matrix grad_weight) {
  terms_.push_back({std::move(jvp), std::move(vjp), std::move(value_weight), std::move(grad_weight)});
}

void GramOperator::apply(const Vector& v, Vector& y) const {
  WPROX_REQUIRE(v.size() == n_, DimensionMismatch,
                "Gram operator: vector of " << v.size() << " entries, the operator has " << n_);
  y = damping_ * v;
  for (const Term& t : terms_) {
    const InputJet jv = t.jvp(v);
    InputJet w;
    if (t.value_weight.size()) w.u = t.value_weight.cwiseProduct(jv.u);
    if (t.grad_weight.size()) w.grad = t.grad_weight.cwiseProduct(jv.grad);
    y += t.vjp(w);
  }
}

MinresResult natural_gradient(const GramOperator& G, const Vector& g, Vector& d, const MinresOptions& options) {
  if (d.size() != g.size()) d = Vector::Zero(g.size());
  return minres(G.map(), g, d, options);
}

}  // namespace wprox::npdg
