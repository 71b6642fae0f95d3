#include "brwp_step.hpp"

#include <cmath>
#include <sstream>

namespace wprox::brwp {
namespace {

// Beyond this magnitude a particle has left any target's support: the step
// size made the iteration unstable. Far below overflow, so the report comes
// before NaNs appear.
constexpr double kBlowUp = 1e100;

void check_not_blown_up(const Particles& X, long step, double h, const char* when) {
  for (long i = 0; i < X.rows(); ++i) {
    const double a = X.row(i).cwiseAbs().maxCoeff();
    if (!(a <= kBlowUp)) {
      std::ostringstream os;
      os << "BRWP particles blew up " << when << ": particle " << i << " has max |x| = " << a
         << "; the step size h = " << h << " is too large for this target";
      throw RunError(step, os.str());
    }
  }
}

}  // namespace

void brwp_step(const Potential& V, Particles& X, const StepSettings& s, long step, StepWorkspace& ws, StepInfo* info) {
  check_not_blown_up(X, step, s.h, "before the step");
  PotentialProxStats prox_stats;
  neg_log_normalizer(V, X, s.z, step, ws.b, &prox_stats);
  evaluate(V, X, nullptr, &ws.grad);
  KernelRequest req;
  req.mean = true;
  req.lse = info != nullptr;
  req.symmetry = KernelRequest::Symmetry::QueriesAreSources;
  kernel_sum(X, KernelSources::isotropic(X, s.beta / (4.0 * s.T), ws.b), req, ws.kernel);
  if (info) {
    // w_ii = exp(b_i - lse_i), the weight of a particle's own term.
    info->prox_iterations = prox_stats.max_iterations;
    info->mean_self_weight =
        deterministic_sum(X.rows(), [&](long i) { return std::exp(ws.b[i] - ws.kernel.lse[i]); }) / double(X.rows());
  }
  const double a = 0.5 * s.h, r = s.h / (2.0 * s.T);
  X += r * (X - ws.kernel.mean) - a * ws.grad;
  check_not_blown_up(X, step, s.h, "after the step");
}

}  // namespace wprox::brwp
