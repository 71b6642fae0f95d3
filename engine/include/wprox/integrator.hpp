#pragma once
// Time integration of dy/dt = f(t, y) for a flat state of size() doubles
// (for particle systems: the N x d row-major particle buffer itself).
//
// VectorField contract: rhs() reads size() doubles from y and writes size()
// doubles to dydt; y and dydt never alias. It may be non-const (caches).
//
// Integrator contract: integrate(f, t0, t1, y) advances y (in place, size
// f.size()) from t0 to t1. Fixed-step schemes take `steps` equal steps;
// adaptive ones control the local error with (rtol, atol). A failure (a
// non-finite state, a SUNDIALS error) throws RunError with step 0; the
// caller, which knows its own step number, may rethrow.
#include <memory>
#include <string>

namespace wprox {

class VectorField {
 public:
  virtual ~VectorField() = default;
  virtual long size() const = 0;
  virtual void rhs(double t, const double* y, double* dydt) = 0;
};

struct IntegratorStats {
  long steps = 0;      // internal steps taken
  long rhs_evals = 0;  // calls of VectorField::rhs
};

class Integrator {
 public:
  virtual ~Integrator() = default;
  virtual void integrate(VectorField& f, double t0, double t1, double* y) = 0;
  virtual std::string name() const = 0;
  // Accumulated over all integrate() calls.
  const IntegratorStats& stats() const { return stats_; }

 protected:
  IntegratorStats stats_;
};

std::unique_ptr<Integrator> make_euler(long steps);
std::unique_ptr<Integrator> make_rk4(long steps);
// SUNDIALS CVODE; bdf=false uses Adams-Moulton (non-stiff), true BDF with a
// matrix-free GMRES linear solver. The state is wrapped, not copied.
std::unique_ptr<Integrator> make_cvode(double rtol, double atol, bool bdf = false);
// SUNDIALS ARKODE explicit Runge-Kutta with adaptive steps.
std::unique_ptr<Integrator> make_arkode_erk(double rtol, double atol);
// By name: "euler", "rk4" (with steps), "cvode", "cvode-bdf", "arkode" (with
// rtol, atol). An unknown name is an InputError listing the valid ones.
std::unique_ptr<Integrator> make_integrator(const std::string& name, long steps, double rtol, double atol);

}  // namespace wprox
