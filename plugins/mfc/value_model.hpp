#pragma once
// phi(t, x) as the characteristic solvers see it: a batch evaluation of phi,
// grad_x phi and Laplace_x phi at space-time points. Two implementations:
// the network being fitted (through the MLP's forward-mode jet) and an exact
// solution (for error-free references and for the time-discretization order
// tests, where plugging in the exact phi isolates the time stepping).
//
// second_order_jet() adds what the flow score needs (score.hpp): the Hessian
// of phi and grad Laplace phi by central differences of the first-order jet
// at x +- h e_j (1 + 2 d points per sample), and optionally the Hessian of
// s . grad phi + Laplace phi (s frozen per point; third and fourth derivatives
// of phi) from 2 d (d - 1) more points, all in one batch.
#include <wprox/data.hpp>
#include <wprox/mlp.hpp>

#include <wprox/kinds/mfc.hpp>

namespace wprox::mfc {

// Points are the columns of a (1 + d) x B matrix: row 0 is t, rows 1..d are x.
struct ValueJet {
  Vector u;     // phi (B)
  Matrix grad;  // grad_x phi (d x B)
  Vector lap;   // Laplace_x phi (B)
};

class ValueModel {
 public:
  virtual ~ValueModel() = default;
  virtual int dim() const = 0;
  // Thread safety: const, may run concurrently; the same bits for any thread count.
  virtual void eval(const Matrix& points, ValueJet& out) const = 0;
};

// The MLP phi_theta(t, x) with inputs (t, x_1..x_d). Holds a reference: the
// network must outlive this view; it sees the network's current parameters.
class NetworkValue : public ValueModel {
 public:
  explicit NetworkValue(const Mlp& net);  // InputError unless outputs = 1 and inputs >= 2
  int dim() const override { return net_.inputs() - 1; }
  void eval(const Matrix& points, ValueJet& out) const override;

 private:
  const Mlp& net_;
};

// An exact solution's phi. Holds a reference.
class SolutionValue : public ValueModel {
 public:
  SolutionValue(const MfcSolution& sol, int dim) : sol_(sol), d_(dim) {}
  int dim() const override { return d_; }
  void eval(const Matrix& points, ValueJet& out) const override;

 private:
  const MfcSolution& sol_;
  int d_;
};

// Second derivatives for the flow score, per sample b (d x d blocks stored as
// columns of d*d entries, row-major inside the block):
//   hess      nabla^2 phi                                 (d*d x B, symmetrized)
//   grad_lap  grad Laplace phi                            (d x B)
//   drive     nabla^2 [ s_b . grad phi + Laplace phi ]    (d*d x B, symmetrized; empty unless asked for)
// plus the first-order jet at the points themselves.
struct SecondOrderJet {
  ValueJet base;
  Matrix hess, grad_lap, drive;
};

// S: d x B, the frozen s of each sample (used only with drive). h: the
// difference step in x. Truncation error O(h^2) times fourth/sixth
// derivatives of phi; round-off O(eps |phi| / h^2): h = 1e-3 keeps both below
// ~1e-6 for phi of unit scale.
void second_order_jet(const ValueModel& model, const Matrix& points, const Matrix& S, double h, bool drive,
                      SecondOrderJet& out);

}  // namespace wprox::mfc
