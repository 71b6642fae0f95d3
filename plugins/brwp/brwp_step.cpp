#include "brwp_step.hpp"

#include <cmath>
#include <sstream>

#include <wprox/agreement.hpp>

namespace wprox::brwp {
namespace {

// Beyond this magnitude a particle has left any target's support: the step
// size made the iteration unstable. Far below overflow, so the report comes
// before NaNs appear.
constexpr double kBlowUp = 1e100;

// Rows [first, first + X.rows()) of the particles.
void check_not_blown_up(const Particles& X, long step, double h, const char* when, long first = 0) {
  for (long r = 0; r < X.rows(); ++r) {
    const long i = first + r;
    const double a = X.row(r).cwiseAbs().maxCoeff();
    if (!(a <= kBlowUp)) {
      std::ostringstream os;
      os << "BRWP particles blew up " << when << ": particle " << i << " has max |x| = " << a
         << "; the step size h = " << h << " is too large for this target";
      throw RunError(step, os.str());
    }
  }
}

// The step on this rank's share of the particles (see brwp_step.hpp).
void sharded_step(const Potential& V, Particles& X, const StepSettings& s, long step, StepWorkspace& ws,
                  StepInfo* info, const Communicator& comm) {
  const BlockSplit split = kernel_ring_split(std::size_t(X.rows()), comm.size());
  const long first = long(split.begin(comm.rank())), n = long(split.count(comm.rank()));
  check_not_blown_up(X, step, s.h, "before the step");  // every particle, alike on every rank
  ws.own = X.middleRows(first, n);
  PotentialProxStats prox_stats;
  // A prox that fails on one rank's share is every rank's failure before
  // the ring below.
  agree(comm, [&] { neg_log_normalizer(V, ws.own, s.z, step, ws.own_b, &prox_stats, first); });
  evaluate(V, ws.own, nullptr, &ws.grad);
  kernel_sum_ring(comm, ws.own, ws.own_b, s.beta / (4.0 * s.T), X.rows(), info != nullptr, ws.kernel);
  if (info) {
    info->prox_iterations = long(comm.max(double(prox_stats.max_iterations)));
    // The self-weights' sum runs over all particles in the one-rank order.
    Vector own_w(n);
    for (long i = 0; i < n; ++i) own_w[i] = std::exp(ws.own_b[i] - ws.kernel.lse[i]);
    ws.self_weights.resize(X.rows());
    comm.all_gather(own_w.data(), std::size_t(n), ws.self_weights.data(), split.counts());
    info->mean_self_weight = deterministic_sum(X.rows(), [&](long i) { return ws.self_weights[i]; }) / double(X.rows());
  }
  const double a = 0.5 * s.h, r = s.h / (2.0 * s.T);
  ws.own += r * (ws.own - ws.kernel.mean) - a * ws.grad;
  X.middleRows(first, n) = ws.own;
  check_not_blown_up(ws.own, step, s.h, "after the step", first);
}

}  // namespace

void brwp_step(const Potential& V, Particles& X, const StepSettings& s, long step, StepWorkspace& ws, StepInfo* info,
               const Communicator& comm) {
  if (comm.size() > 1) return sharded_step(V, X, s, step, ws, info, comm);
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
