#pragma once
// Gram (metric) operators of natural-gradient steps, applied matrix-free.
//
// A function-space metric <v, w>_M = sum_t mean over the points of set t of
// [c_t v w + C_t grad v . grad w] pulls back to the parameters as
//
//   G = sum_t J_t^T W_t J_t  (+ damping I),
//
// J_t the Jacobian of the jet quantities (value, gradient) of set t with
// respect to the parameters and W_t the diagonal weights (the 1/n of the
// mean folded in). G v costs one jet_jvp and one jet_vjp per term on the
// recorded tapes; J is never formed. G is symmetric positive semidefinite
// (definite with damping > 0); MINRES solves G d = g (natural_gradient()).
//
// A term refers to tapes owned by the caller (through the closures): they
// must outlive the operator and the parameters must not change while it is
// in use. apply() is const; it parallelizes inside the jets (deterministic).
#include <functional>
#include <vector>

#include <wprox/minres.hpp>
#include <wprox/mlp.hpp>

namespace wprox::npdg {

class GramOperator {
 public:
  using Jvp = std::function<InputJet(const Vector& v)>;
  using Vjp = std::function<Vector(const InputJet& w)>;

  // n parameters. InputError when damping < 0.
  explicit GramOperator(long n, double damping = 0.0);

  // Adds J^T W J: W multiplies the value by value_weight (one entry per
  // point) and the gradient entrywise by grad_weight (the gradient's shape);
  // an empty weight leaves that quantity out of the metric.
  void add(Jvp jvp, Vjp vjp, Vector value_weight, Matrix grad_weight);

  void set_damping(double damping);  // InputError when < 0
  double damping() const { return damping_; }
  // v' G0 v / v' v for G0 = G without the damping: the metric's scale along
  // v (one product). 0 for v = 0.
  double rayleigh_quotient(const Vector& v) const;

  // y = G v. DimensionMismatch when v has the wrong size.
  void apply(const Vector& v, Vector& y) const;
  SymmetricMap map() const {
    return [this](const Vector& v, Vector& y) { apply(v, y); };
  }
  long size() const { return n_; }

 private:
  struct Term {
    Jvp jvp;
    Vjp vjp;
    Vector value_weight;
    Matrix grad_weight;
  };
  long n_;
  double damping_;
  std::vector<Term> terms_;
};

// Solves G d = g by MINRES, d entering as the initial guess (a warm start;
// zeros for none) and leaving as the natural gradient.
MinresResult natural_gradient(const GramOperator& G, const Vector& g, Vector& d, const MinresOptions& options);

}  // namespace wprox::npdg
