// The mfc plugin: mean-field control by forward-backward score dynamics
// (docs/mean-field-control.md). Problems of kind "mfc" (mfc-lq, mfc-entropy:
// the Gaussian family with closed-form solutions) and the methods mfc-score
// and mfc-bsde (the forward-backward SDE baseline).
#include <wprox/sdk.hpp>

#include "mfc_run.hpp"
#include "schemas.hpp"

namespace {

using namespace wprox;
using namespace wprox::mfc;

void register_all(Registry& r) {
  r.add_problem(make_problem<MfcProblem>(
      "mfc-lq", "linear-quadratic mean-field control (c = 0): rho_t Gaussian, phi = p(t)|x|^2/2 + q(t) in closed form",
      gaussian_problem_schema(false), [](GaussianMfcParams p, const RunContext&) {
        p.c = 0.0;
        return std::make_shared<GaussianMfc>(p);
      }));
  r.add_problem(make_problem<MfcProblem>(
      "mfc-entropy", "mean-field control with an entropy cost c log rho: (p, s) by shooting (SUNDIALS), to 1e-10",
      gaussian_problem_schema(true),
      [](const GaussianMfcParams& p, const RunContext&) { return std::make_shared<GaussianMfc>(p); }));
  r.add_method(make_method<MfcProblem>(
      "mfc-score", "mean-field control by forward-backward score dynamics: O(dt) characteristics, phi by a network",
      "mfc-lq", score_method_schema(), [](const MfcProblem& p, const ScoreMethodSettings& s, const RunContext& ctx) {
        return std::make_unique<MfcRun>(p, std::make_unique<ScoreMethod>(p, s, ctx.seed), "mfc-score");
      }));
  r.add_method(make_method<MfcProblem>(
      "mfc-bsde", "mean-field control by the forward-backward SDE (BSDE) method: the O(sqrt dt) baseline", "mfc-lq",
      bsde_method_schema(), [](const MfcProblem& p, const BsdeMethodSettings& s, const RunContext& ctx) {
        return std::make_unique<MfcRun>(p, std::make_unique<BsdeMethod>(p, s, ctx.seed), "mfc-bsde");
      }));
}

}  // namespace

WPROX_PLUGIN("mfc", "0.2.0", register_all)
