#include "weak_form.hpp"

#include "trainer.hpp"

namespace wprox::npdg {

WeakForm::WeakForm(const EllipticProblem& p, const InteriorData& in, const InputJet& ju)
    : n_(in.X.cols()), a_n_(broadcast(in.a / double(in.X.cols()), p.dim())), r_minus_f_(-in.f) {
  if (p.linear()) return;
  dr_.resize(n_);
  for (long j = 0; j < n_; ++j) {
    r_minus_f_[j] += p.reaction(ju.u[j]);
    dr_[j] = p.reaction_derivative(ju.u[j]);
  }
}

double WeakForm::pairing(const InputJet& ju, const InputJet& phi) const {
  return a_n_.cwiseProduct(ju.grad).cwiseProduct(phi.grad).sum() + r_minus_f_.dot(phi.u) / double(n_);
}

double WeakForm::energy(const InputJet& phi) const { return a_n_.cwiseProduct(phi.grad).cwiseProduct(phi.grad).sum(); }

InputJet WeakForm::dual_weights(const InputJet& ju, const InputJet& phi, double eps) const {
  InputJet w;
  w.u = r_minus_f_ / double(n_);
  w.grad = a_n_.cwiseProduct(ju.grad - eps * phi.grad);
  return w;
}

InputJet WeakForm::primal_weights(const InputJet& psi) const {
  InputJet w;
  w.grad = a_n_.cwiseProduct(psi.grad);
  if (dr_.size()) w.u = dr_.cwiseProduct(psi.u) / double(n_);
  return w;
}

}  // namespace wprox::npdg
