// SUNDIALS adapters: CVODE (Adams or BDF + matrix-free GMRES) and ARKODE
// (explicit adaptive Runge-Kutta).
//
// The caller's state array is wrapped in an N_Vector, never copied. The
// solver memory (context, integrator, linear or nonlinear solver) is made on
// the first integrate() call and re-initialized, not rebuilt, on later calls
// of the same size: a segment-by-segment integration allocates once.
//
// Errors: integrators never print; SUNDIALS' own message for a failure is
// kept for the RunError. An exception thrown by the vector field inside the
// right-hand-side callback is stored and rethrown unchanged (type and
// message) after SUNDIALS returns, instead of becoming an anonymous flag.
#include <arkode/arkode_erkstep.h>
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>

#include <exception>
#include <string>

#include "wprox/errors.hpp"
#include "wprox/integrator.hpp"

namespace wprox {
namespace {

struct RhsData {
  VectorField* field = nullptr;
  long* evals = nullptr;
  std::string last_message;   // SUNDIALS' own words for the last error
  std::exception_ptr thrown;  // what the vector field threw, if anything
};

void keep_message(int code, const char* module, const char* function, char* msg, void* user) {
  if (code < 0) static_cast<RhsData*>(user)->last_message = std::string(module) + "/" + function + ": " + msg;
}

int rhs_thunk(sunrealtype t, N_Vector y, N_Vector ydot, void* user) {
  auto* d = static_cast<RhsData*>(user);
  try {
    d->field->rhs(t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot));
  } catch (...) {
    d->thrown = std::current_exception();
    return -1;  // unrecoverable: SUNDIALS stops and reports a failure
  }
  ++*d->evals;
  return 0;
}

void check(int flag, const char* what) {
  if (flag < 0) throw RunError(0, std::string(what) + " failed with SUNDIALS flag " + std::to_string(flag));
}

// What both adapters keep between calls: the context and the wrapped state.
class SundialsBase : public Integrator {
 protected:
  ~SundialsBase() override {
    if (y_) N_VDestroy(y_);
    if (ctx_) SUNContext_Free(&ctx_);
  }
  // Points the wrapped state at y; true when the solver memory must be
  // (re)built because there is none yet or the size changed.
  bool wrap(double* y, long n) {
    if (!ctx_ && SUNContext_Create(nullptr, &ctx_) != 0) throw RunError(0, "SUNContext_Create failed");
    const bool rebuild = !y_ || n != n_;
    if (rebuild) {
      if (y_) N_VDestroy(y_);
      y_ = N_VMake_Serial(n, y, ctx_);
      n_ = n;
    } else {
      N_VSetArrayPointer(y, y_);
    }
    return rebuild;
  }
  // After a failed solve: the vector field's own exception, else a RunError.
  [[noreturn]] void fail(const char* solver, double t, int flag) {
    if (data_.thrown) std::rethrow_exception(data_.thrown);
    throw RunError(0, std::string(solver) + " failed at t = " + std::to_string(t) + " (flag " + std::to_string(flag) +
                          ": " + data_.last_message + ")");
  }

  SUNContext ctx_ = nullptr;
  N_Vector y_ = nullptr;
  long n_ = -1;
  RhsData data_;
};

class Cvode : public SundialsBase {
 public:
  Cvode(double rtol, double atol, bool bdf) : rtol_(rtol), atol_(atol), bdf_(bdf) {}
  ~Cvode() override { release(); }
  std::string name() const override { return bdf_ ? "cvode-bdf" : "cvode"; }

  void integrate(VectorField& f, double t0, double t1, double* y) override {
    if (t1 == t0) return;
    data_ = RhsData{&f, &stats_.rhs_evals, {}, nullptr};
    if (wrap(y, f.size())) {
      release();
      build(t0);
    } else {
      check(CVodeReInit(mem_, t0, y_), "CVodeReInit");
    }
    sunrealtype t = t0;
    long before = 0, after = 0;
    CVodeGetNumSteps(mem_, &before);
    const int flag = CVode(mem_, t1, y_, &t, CV_NORMAL);
    CVodeGetNumSteps(mem_, &after);
    stats_.steps += after - before;
    if (flag < 0) fail("CVODE", t, flag);
  }

 private:
  void build(double t0) {
    mem_ = CVodeCreate(bdf_ ? CV_BDF : CV_ADAMS, ctx_);
    if (!mem_) throw RunError(0, "CVodeCreate failed");
    check(CVodeInit(mem_, rhs_thunk, t0, y_), "CVodeInit");
    check(CVodeSStolerances(mem_, rtol_, atol_), "CVodeSStolerances");
    check(CVodeSetUserData(mem_, &data_), "CVodeSetUserData");
    check(CVodeSetErrHandlerFn(mem_, keep_message, &data_), "CVodeSetErrHandlerFn");
    check(CVodeSetMaxNumSteps(mem_, 1000000), "CVodeSetMaxNumSteps");
    if (bdf_) {
      // Stiff: Newton iterations with matrix-free GMRES.
      ls_ = SUNLinSol_SPGMR(y_, SUN_PREC_NONE, 0, ctx_);
      check(CVodeSetLinearSolver(mem_, ls_, nullptr), "CVodeSetLinearSolver");
    } else {
      // Non-stiff Adams: fixed-point iterations need no Jacobian.
      nls_ = SUNNonlinSol_FixedPoint(y_, 0, ctx_);
      check(CVodeSetNonlinearSolver(mem_, nls_), "CVodeSetNonlinearSolver");
    }
  }
  void release() {
    if (mem_) CVodeFree(&mem_);
    if (ls_) SUNLinSolFree(ls_);
    if (nls_) SUNNonlinSolFree(nls_);
    mem_ = nullptr;
    ls_ = nullptr;
    nls_ = nullptr;
  }

  double rtol_, atol_;
  bool bdf_;
  void* mem_ = nullptr;
  SUNLinearSolver ls_ = nullptr;
  SUNNonlinearSolver nls_ = nullptr;
};

class ArkodeErk : public SundialsBase {
 public:
  ArkodeErk(double rtol, double atol) : rtol_(rtol), atol_(atol) {}
  ~ArkodeErk() override {
    if (mem_) ERKStepFree(&mem_);
  }
  std::string name() const override { return "arkode"; }

  void integrate(VectorField& f, double t0, double t1, double* y) override {
    if (t1 == t0) return;
    data_ = RhsData{&f, &stats_.rhs_evals, {}, nullptr};
    if (wrap(y, f.size())) {
      if (mem_) ERKStepFree(&mem_);
      mem_ = ERKStepCreate(rhs_thunk, t0, y_, ctx_);
      if (!mem_) throw RunError(0, "ERKStepCreate failed");
      check(ERKStepSStolerances(mem_, rtol_, atol_), "ERKStepSStolerances");
      check(ERKStepSetUserData(mem_, &data_), "ERKStepSetUserData");
      check(ERKStepSetErrHandlerFn(mem_, keep_message, &data_), "ERKStepSetErrHandlerFn");
      check(ERKStepSetMaxNumSteps(mem_, 1000000), "ERKStepSetMaxNumSteps");
    } else {
      check(ERKStepReInit(mem_, rhs_thunk, t0, y_), "ERKStepReInit");
    }
    sunrealtype t = t0;
    long before = 0, after = 0;
    ERKStepGetNumSteps(mem_, &before);
    const int flag = ERKStepEvolve(mem_, t1, y_, &t, ARK_NORMAL);
    ERKStepGetNumSteps(mem_, &after);
    stats_.steps += after - before;
    if (flag < 0) fail("ARKODE", t, flag);
  }

 private:
  double rtol_, atol_;
  void* mem_ = nullptr;
};

}  // namespace

std::unique_ptr<Integrator> make_cvode(double rtol, double atol, bool bdf) {
  WPROX_REQUIRE(rtol > 0 && atol > 0, InputError,
                "cvode: tolerances must be positive (rtol = " << rtol << ", atol = " << atol << ")");
  return std::make_unique<Cvode>(rtol, atol, bdf);
}

std::unique_ptr<Integrator> make_arkode_erk(double rtol, double atol) {
  WPROX_REQUIRE(rtol > 0 && atol > 0, InputError,
                "arkode: tolerances must be positive (rtol = " << rtol << ", atol = " << atol << ")");
  return std::make_unique<ArkodeErk>(rtol, atol);
}

}  // namespace wprox
