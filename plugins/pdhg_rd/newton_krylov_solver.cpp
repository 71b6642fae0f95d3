#include "newton_krylov_solver.hpp"

#include <kinsol/kinsol.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_spgmr.h>

#include <cmath>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "slab_nvector.hpp"

namespace pdhg_rd {

struct NewtonKrylovSolver::Kinsol {
  SUNContext ctx = nullptr;
  void* mem = nullptr;
  N_Vector u = nullptr, uscale = nullptr, fscale = nullptr;
  SUNLinearSolver ls = nullptr;
  const WindowSystem* sys = nullptr;
  const wprox::BidiagonalPreconditioner* M = nullptr;
  std::unique_ptr<SlabVectorLayout> layout;
  std::string last_message;
  bool callback_failed = false;

  ~Kinsol() {
    if (mem) KINFree(&mem);
    if (ls) SUNLinSolFree(ls);
    if (u) N_VDestroy(u);
    if (uscale) N_VDestroy(uscale);
    if (fscale) N_VDestroy(fscale);
    if (ctx) SUNContext_Free(&ctx);
  }

  static Kinsol& self(void* data) { return *static_cast<Kinsol*>(data); }

  // The halo rows of every slot of x from the neighbouring ranks: the model
  // operators read them. They lie outside the slab, where the vector's
  // entries are not trusted, so refreshing them in KINSOL's vectors is safe.
  void exchange_halo(N_Vector x) const {
    double* p = N_VGetArrayPointer(x);
    for (int i = 0; i < sys->slots(); ++i) sys->slab().exchange_halo(p + i * sys->slot_size());
  }

  static int residual(N_Vector uu, N_Vector fval, void* data) {
    Kinsol& k = self(data);
    k.exchange_halo(uu);
    k.sys->residual(N_VGetArrayPointer(uu), N_VGetArrayPointer(fval));
    return 0;
  }
  static int jtimes(N_Vector v, N_Vector Jv, N_Vector uu, sunbooleantype*, void* data) {
    Kinsol& k = self(data);
    // uu's halo too: KINSOL may pass an iterate whose residual it has not
    // evaluated through this object (a copy).
    k.exchange_halo(uu);
    k.exchange_halo(v);
    k.sys->jacobian_apply(N_VGetArrayPointer(uu), N_VGetArrayPointer(v), N_VGetArrayPointer(Jv));
    return 0;
  }
  static int psolve(N_Vector, N_Vector, N_Vector, N_Vector, N_Vector vv, void* data) {
    Kinsol& k = self(data);
    double* x = N_VGetArrayPointer(vv);
    k.M->solve_m(x, x);
    return 0;
  }
  static void on_error(int, const char* module, const char* function, char* msg, void* data) {
    self(data).last_message = std::string(module) + "/" + function + ": " + msg;
  }
};

namespace {
void check(int flag, const char* what) {
  if (flag < 0)
    throw wprox::RunError(0, std::string("KINSOL setup failed in ") + what + " (flag " + std::to_string(flag) + ")");
}
}  // namespace

NewtonKrylovSolver::NewtonKrylovSolver(const WindowSystem& sys, std::shared_ptr<const wprox::SlabTransform> t,
                                       std::vector<double> laplacian_symbol, NewtonKrylovSettings s)
    : sys_(sys), t_(std::move(t)), lambda_(std::move(laplacian_symbol)), s_(s), k_(std::make_unique<Kinsol>()) {
  const sunindextype n = sys.size();
  F_.resize(n);
  Kinsol& k = *k_;
  k.sys = &sys_;
  check(SUNContext_Create(nullptr, &k.ctx), "SUNContext_Create");
  // Vectors whose reductions cover this rank's slab and combine over the
  // ranks in the one-rank order (slab_nvector.hpp); with one rank the same
  // order over the whole window.
  k.layout = std::make_unique<SlabVectorLayout>(sys.slab(), sys.slot_size() / sys.slab().cols(), sys.slots());
  k.u = k.layout->make(k.ctx);
  k.uscale = k.layout->make(k.ctx);
  k.fscale = k.layout->make(k.ctx);
  if (!k.u || !k.uscale || !k.fscale) throw std::bad_alloc();
  N_VConst(1.0, k.uscale);
  k.mem = KINCreate(k.ctx);
  if (!k.mem) throw wprox::RunError(0, "KINSOL: KINCreate failed");
  check(KINSetErrHandlerFn(k.mem, &Kinsol::on_error, &k), "KINSetErrHandlerFn");
  check(KINSetUserData(k.mem, &k), "KINSetUserData");
  check(KINInit(k.mem, &Kinsol::residual, k.u), "KINInit");
  k.ls = SUNLinSol_SPGMR(k.u, SUN_PREC_RIGHT, s_.krylov_dim, k.ctx);
  if (!k.ls) throw wprox::RunError(0, "KINSOL: SUNLinSol_SPGMR failed (krylov_dim too large for memory?)");
  check(SUNLinSol_SPGMRSetMaxRestarts(k.ls, s_.max_restarts), "SPGMRSetMaxRestarts");
  check(KINSetLinearSolver(k.mem, k.ls, nullptr), "KINSetLinearSolver");
  check(KINSetJacTimesVecFn(k.mem, &Kinsol::jtimes), "KINSetJacTimesVecFn");
  check(KINSetPreconditioner(k.mem, nullptr, &Kinsol::psolve), "KINSetPreconditioner");
  check(KINSetFuncNormTol(k.mem, s_.tol), "KINSetFuncNormTol");
  // Stop on the residual only: a tiny scaled step is not convergence here.
  check(KINSetScaledStepTol(k.mem, 1e-300), "KINSetScaledStepTol");
  check(KINSetNumMaxIters(k.mem, s_.max_newton), "KINSetNumMaxIters");
}

NewtonKrylovSolver::~NewtonKrylovSolver() = default;

void NewtonKrylovSolver::set_step(double ht) {
  std::vector<double> xhat(lambda_.size());
  for (std::size_t k = 0; k < xhat.size(); ++k) xhat[k] = sys_.model().implicit_symbol(lambda_[k], ht);
  M_ = std::make_unique<wprox::BidiagonalPreconditioner>(t_, xhat, sys_.slots());
  k_->M = M_.get();
  N_VConst(1.0 / ht, k_->fscale);
}

SolveStats NewtonKrylovSolver::solve(double* U) {
  Kinsol& k = *k_;
  const long n = sys_.size();
  double* u = N_VGetArrayPointer(k.u);
  std::memcpy(u, U, sizeof(double) * n);
  k.last_message.clear();
  const int flag = KINSol(k.mem, k.u, s_.linesearch ? KIN_LINESEARCH : KIN_NONE, k.uscale, k.fscale);
  std::memcpy(U, u, sizeof(double) * n);
  for (int i = 0; i < sys_.slots(); ++i) sys_.slab().exchange_halo(U + i * sys_.slot_size());
  SolveStats st;
  long nni = 0, nli = 0;
  KINGetNumNonlinSolvIters(k.mem, &nni);
  KINGetNumLinIters(k.mem, &nli);
  st.iterations = nni;
  // KINSOL leaves the linear counter of the previous solve in place when the
  // initial guess already passes the test.
  st.linear_iterations = flag == KIN_INITIAL_GUESS_OK ? 0 : nli;
  st.residual = sys_.residual(U, F_.data());
  st.converged = flag >= 0 && st.residual < s_.tol;
  if (!st.converged) {
    std::ostringstream os;
    os << "KINSOL flag " << flag;
    if (!k.last_message.empty()) os << " (" << k.last_message << ")";
    if (!std::isfinite(st.residual)) os << ", the iterate is not finite";
    st.why = os.str();
  }
  return st;
}

}  // namespace pdhg_rd
