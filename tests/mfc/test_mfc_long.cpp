// Full-budget runs of mfc-score and mfc-bsde (label "long", minutes): the
// numbers compared with the slides in docs/mean-field-control.md §8.
//
//   lq       a = 1, b = 0.5, nu = 1, s0 = 0.7, T = 1: 1000 particles, 50 steps,
//            40 outer iterations x 400 Adam steps, both methods;
//   entropy  a = c = nu = 1, b = 0.5, s0 = 1, T = 1 (the slides' example):
//            1000 particles, 50 steps, 30 x 300, mfc-score with the kernel
//            and the flow score, mfc-bsde.
//
// Tolerances as in test_mfc_methods.cpp: p(0) within the scheme's own O(dt)
// bias (the quadratic-ansatz fixed point) plus 3x the fit's Laplacian error;
// s(T) within the exact-phi sweep's value (score) or Euler-Maruyama's
// variance plus 3 sigma of sampling (BSDE), plus what the gradient error can
// move it; the errors of phi, grad phi, Laplace phi below twice the values
// these seeds reach (a regression bound: the network's optimization error has
// no closed-form bound).
#include "mfc_runs.hpp"

using namespace mfc_test;

namespace {

struct Bound {
  double phi, grad, lap;
};

FitSettings fit(long iterations) {
  FitSettings f;  // width 32, depth 2, gelu, lr 3e-3 -> 3e-4, batch 256
  f.fit_iterations = iterations;
  return f;
}

void print(const std::string& what, const RunRecord& r, const GaussianProfile& g) {
  MESSAGE(what << ": err phi " << 100 * r.last.phi << " %, grad " << 100 * r.last.grad << " %, Laplace "
               << 100 * r.last.lap << " %; p0 fit " << r.last.p0_fit << " (exact " << g.p(0) << "), s(T) particles "
               << r.sT_particles << " (exact " << g.s(g.params().T) << "); " << r.seconds << " s");
}

void check_bounds(const RunRecord& r, const Bound& b) {
  CHECK(r.last.phi < 0.5 * r.first.phi);
  CHECK(r.last.phi < b.phi);
  CHECK(r.last.grad < b.grad);
  CHECK(r.last.lap < b.lap);
}

void check_score(const GaussianMfc& P, const ScoreMethod& m, const RunRecord& r, const Bound& b) {
  const GaussianProfile& g = P.profile();
  const auto fp = score_fixed_point(g.params(), m.settings().time_steps);
  CHECK(std::abs(r.last.p0_fit - g.p(0)) <= std::abs(fp.P[0] - g.p(0)) + 3 * r.last.lap * g.p(0));
  const double ref = exact_phi_variance_T(P, m, 1);
  MESSAGE("  s(T) with the exact phi and the same score estimate: " << ref);
  CHECK(std::abs(r.sT_particles - ref) <= variance_from_grad_error(g, r.last.grad));
  check_bounds(r, b);
}

void check_bsde(const GaussianMfc& P, const BsdeMethod& m, const RunRecord& r, const Bound& b) {
  const GaussianProfile& g = P.profile();
  const auto fp = bsde_fixed_point(g.params(), m.settings().time_steps);
  CHECK(std::abs(r.last.p0_fit - g.p(0)) <= std::abs(fp.P[0] - g.p(0)) + 3 * r.last.lap * g.p(0));
  const double mc = 3 * 2 * g.s(1) / std::sqrt(double(m.settings().particles * P.dim()));
  CHECK(std::abs(r.sT_particles - fp.variance_T) <= mc + variance_from_grad_error(g, r.last.grad));
  check_bounds(r, b);
}

}  // namespace

TEST_CASE("lq, full budget: mfc-score and mfc-bsde in 1-D and 2-D") {
  const Bound score_bound[2] = {{0.02, 0.04, 0.07}, {0.025, 0.072, 0.10}};
  const Bound bsde_bound[2] = {{0.028, 0.044, 0.08}, {0.02, 0.06, 0.08}};
  for (int d : {1, 2}) {
    GaussianMfcParams prm;
    prm.dim = d;
    const GaussianMfc P(prm);
    ScoreMethodSettings s;
    s.outer_iterations = 40, s.fit = fit(400);
    ScoreMethod sm(P, s, 1);
    const RunRecord rs = run(sm);
    print("mfc-score lq " + std::to_string(d) + "-D", rs, P.profile());
    check_score(P, sm, rs, score_bound[d - 1]);

    BsdeMethodSettings b;
    b.outer_iterations = 40, b.fit = fit(400);
    BsdeMethod bm(P, b, 1);
    const RunRecord rb = run(bm);
    print("mfc-bsde lq " + std::to_string(d) + "-D", rb, P.profile());
    check_bsde(P, bm, rb, bsde_bound[d - 1]);
  }
}

TEST_CASE("entropy, full budget: mfc-score (kernel and flow score) and mfc-bsde in 1-D and 2-D") {
  const Bound kernel_bound[2] = {{0.021, 0.047, 0.092}, {0.038, 0.072, 0.106}};
  const Bound flow_bound[2] = {{0.019, 0.043, 0.089}, {0.031, 0.045, 0.068}};
  // mfc-bsde entropy 1-D varies most from seed to seed: over seeds 1-10
  // (CLI, same settings) its errors of phi / grad / Laplace spread over
  // 1.8-5.6 / 3.0-9.4 / 5.2-15.4 % (median 2.7 / 4.3 / 7.8 %), and seed 1,
  // the one run here, gives 4.5 / 8.1 / 13.7 %. Its bounds are the largest of
  // the ten times 1.25, so that a doubling of seed 1's errors still fails;
  // twice one realization (the earlier bound) sat inside that spread. In 2-D
  // the ten seeds reach at most 12.3 / 19.4 / 25.3 %, under the bounds below.
  const Bound bsde_bound[2] = {{0.07, 0.12, 0.19}, {0.20, 0.27, 0.33}};
  for (int d : {1, 2}) {
    GaussianMfcParams prm;
    prm.a = 1, prm.b = 0.5, prm.c = 1, prm.nu = 1, prm.s0 = 1, prm.T = 1, prm.dim = d;
    const GaussianMfc P(prm);
    for (ScoreSource src : {ScoreSource::kernel, ScoreSource::flow}) {
      ScoreMethodSettings s;
      s.outer_iterations = 30, s.fit = fit(300), s.score = src;
      ScoreMethod sm(P, s, 1);
      const RunRecord rs = run(sm);
      print(std::string("mfc-score (") + score_source_name(src) + ") entropy " + std::to_string(d) + "-D", rs,
            P.profile());
      check_score(P, sm, rs, src == ScoreSource::kernel ? kernel_bound[d - 1] : flow_bound[d - 1]);
    }
    BsdeMethodSettings b;
    b.outer_iterations = 30, b.fit = fit(300);
    BsdeMethod bm(P, b, 1);
    const RunRecord rb = run(bm);
    print("mfc-bsde entropy " + std::to_string(d) + "-D", rb, P.profile());
    check_bsde(P, bm, rb, bsde_bound[d - 1]);
  }
}
