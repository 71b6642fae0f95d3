// SUNDIALS adapters: CVODE (Adams or BDF + matrix-free GMRES) and ARKODE
// (explicit adaptive Runge-Kutta). The caller's state array is wrapped in an
// N_Vector (N_VMake_Serial), never copied in or out by us.
#include <arkode/arkode_erkstep.h>
#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_spgmr.h>
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>

#include <string>

#include "wprox/errors.hpp"
#include "wprox/integrator.hpp"

namespace wprox {
namespace {

struct RhsData {
  VectorField* field;
  long* evals;
  std::string last_message;  // SUNDIALS' own words for the last error
};

// Integrators never print: SUNDIALS messages are kept for the RunError.
void keep_message(int code, const char* module, const char* function, char* msg, void* user) {
  if (code < 0)
    static_cast<RhsData*>(user)->last_message = std::string(module) + "/" + function + ": " + msg;
}

int rhs_thunk(sunrealtype t, N_Vector y, N_Vector ydot, void* user) {
  auto* d = static_cast<RhsData*>(user);
  try {
    d->field->rhs(t, N_VGetArrayPointer(y), N_VGetArrayPointer(ydot));
  } catch (...) {
    return -1;  // unrecoverable: SUNDIALS stops and reports a failure
  }
  ++*d->evals;
  return 0;
}

// Owns a SUNContext and the wrapped state for one integrate() call.
struct SunState {
  SUNContext ctx = nullptr;
  N_Vector y = nullptr;
  SunState(double* data, long n) {
    if (SUNContext_Create(nullptr, &ctx) != 0) throw RunError(0, "SUNContext_Create failed");
    y = N_VMake_Serial(n, data, ctx);
  }
  ~SunState() {
    if (y) N_VDestroy(y);
    if (ctx) SUNContext_Free(&ctx);
  }
};

void check(int flag, const char* what) {
  if (flag < 0) throw RunError(0, std::string(what) + " failed with SUNDIALS flag " + std::to_string(flag));
}

class Cvode : public Integrator {
 public:
  Cvode(double rtol, double atol, bool bdf) : rtol_(rtol), atol_(atol), bdf_(bdf) {}
  std::string name() const override { return bdf_ ? "cvode-bdf" : "cvode"; }

  void integrate(VectorField& f, double t0, double t1, double* y) override {
    if (t1 == t0) return;
    SunState s(y, f.size());
    RhsData data{&f, &stats_.rhs_evals, {}};
    void* mem = CVodeCreate(bdf_ ? CV_BDF : CV_ADAMS, s.ctx);
    SUNLinearSolver ls = nullptr;
    SUNNonlinearSolver nls = nullptr;
    struct Guard {
      void*& mem;
      SUNLinearSolver& ls;
      SUNNonlinearSolver& nls;
      ~Guard() {
        if (mem) CVodeFree(&mem);
        if (ls) SUNLinSolFree(ls);
        if (nls) SUNNonlinSolFree(nls);
      }
    } guard{mem, ls, nls};
    check(CVodeInit(mem, rhs_thunk, t0, s.y), "CVodeInit");
    check(CVodeSStolerances(mem, rtol_, atol_), "CVodeSStolerances");
    check(CVodeSetUserData(mem, &data), "CVodeSetUserData");
    check(CVodeSetErrHandlerFn(mem, keep_message, &data), "CVodeSetErrHandlerFn");
    check(CVodeSetMaxNumSteps(mem, 1000000), "CVodeSetMaxNumSteps");
    if (bdf_) {
      // Stiff: Newton iterations with matrix-free GMRES.
      ls = SUNLinSol_SPGMR(s.y, SUN_PREC_NONE, 0, s.ctx);
      check(CVodeSetLinearSolver(mem, ls, nullptr), "CVodeSetLinearSolver");
    } else {
      // Non-stiff Adams: fixed-point iterations need no Jacobian.
      nls = SUNNonlinSol_FixedPoint(s.y, 0, s.ctx);
      check(CVodeSetNonlinearSolver(mem, nls), "CVodeSetNonlinearSolver");
    }
    sunrealtype t = t0;
    const int flag = CVode(mem, t1, s.y, &t, CV_NORMAL);
    long nsteps = 0;
    CVodeGetNumSteps(mem, &nsteps);
    stats_.steps += nsteps;
    if (flag < 0)
      throw RunError(0, "CVODE failed at t = " + std::to_string(t) + " (flag " + std::to_string(flag) + ": " +
                            data.last_message + ")");
  }

 private:
  double rtol_, atol_;
  bool bdf_;
};

class ArkodeErk : public Integrator {
 public:
  ArkodeErk(double rtol, double atol) : rtol_(rtol), atol_(atol) {}
  std::string name() const override { return "arkode"; }

  void integrate(VectorField& f, double t0, double t1, double* y) override {
    if (t1 == t0) return;
    SunState s(y, f.size());
    RhsData data{&f, &stats_.rhs_evals, {}};
    void* mem = ERKStepCreate(rhs_thunk, t0, s.y, s.ctx);
    struct Guard {
      void*& mem;
      ~Guard() {
        if (mem) ERKStepFree(&mem);
      }
    } guard{mem};
    check(ERKStepSStolerances(mem, rtol_, atol_), "ERKStepSStolerances");
    check(ERKStepSetUserData(mem, &data), "ERKStepSetUserData");
    check(ERKStepSetErrHandlerFn(mem, keep_message, &data), "ERKStepSetErrHandlerFn");
    check(ERKStepSetMaxNumSteps(mem, 1000000), "ERKStepSetMaxNumSteps");
    sunrealtype t = t0;
    const int flag = ERKStepEvolve(mem, t1, s.y, &t, ARK_NORMAL);
    long nsteps = 0;
    ERKStepGetNumSteps(mem, &nsteps);
    stats_.steps += nsteps;
    if (flag < 0)
      throw RunError(0, "ARKODE failed at t = " + std::to_string(t) + " (flag " + std::to_string(flag) + ": " +
                            data.last_message + ")");
  }

 private:
  double rtol_, atol_;
};

}  // namespace

std::unique_ptr<Integrator> make_cvode(double rtol, double atol, bool bdf) {
  WPROX_REQUIRE(rtol > 0 && atol > 0, InputError, "cvode: tolerances must be positive (rtol = " << rtol << ", atol = " << atol << ")");
  return std::make_unique<Cvode>(rtol, atol, bdf);
}

std::unique_ptr<Integrator> make_arkode_erk(double rtol, double atol) {
  WPROX_REQUIRE(rtol > 0 && atol > 0, InputError, "arkode: tolerances must be positive (rtol = " << rtol << ", atol = " << atol << ")");
  return std::make_unique<ArkodeErk>(rtol, atol);
}

}  // namespace wprox
