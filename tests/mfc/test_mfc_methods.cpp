// mfc-score and mfc-bsde on the lq problem (a = 1, b = 0.5, nu = 1, s0 = 0.7,
// T = 1) at small budgets: the fixed-point iteration converges, p(0) from the
// fit and s(T) from the particles land near the closed forms within
// tolerances built from the scheme's own O(dt) bias (mfc_reference.hpp), the
// sampling error and the measured fit error, and the errors of phi, grad phi
// and Laplace phi are printed beside the slides' and bounded. Plus: the same
// bits for 1 and 2 threads, divergence as a RunError naming the outer
// iteration, and settings out of range as InputError.
//
// Fit-error bounds: the network's optimization error has no closed-form
// bound. The bounds below are about twice what these budgets reach (measured
// values in docs/mean-field-control.md §8), so that a wrong term or sign (an
// O(1) error) fails while the run-to-run spread of a small budget passes.
// The full budgets are in test_mfc_long.cpp.
#include "mfc_runs.hpp"

using namespace mfc_test;

namespace {

GaussianMfcParams lq(int dim) {
  GaussianMfcParams p;
  p.dim = dim;
  return p;
}

FitSettings small_fit() {
  FitSettings f;  // width 32, depth 2, gelu, lr 3e-3 -> 3e-4, batch 256
  f.fit_iterations = 150;
  return f;
}

ScoreMethodSettings small_score() {
  ScoreMethodSettings s;
  s.particles = 400;
  s.time_steps = 32;
  s.outer_iterations = 16;
  s.fit = small_fit();
  return s;
}

BsdeMethodSettings small_bsde() {
  BsdeMethodSettings s;
  s.particles = 400;
  s.time_steps = 32;
  s.outer_iterations = 16;
  s.fit = small_fit();
  return s;
}

struct Slide {
  double phi, grad, lap;
};
// The slides' relative errors (entropy example, their full budget).
const Slide kSlideScore[2] = {{0.0159, 0.0052, 0.0051}, {0.0182, 0.0054, 0.0053}};
const Slide kSlideBsde[2] = {{0.0277, 0.0263, 0.0236}, {0.0192, 0.0232, 0.0214}};

void report(const std::string& method, int d, const RunRecord& r, const Slide& slide) {
  MESSAGE(method << " lq " << d << "-D: err phi " << 100 * r.last.phi << " % (slides " << 100 * slide.phi
                 << " %), grad " << 100 * r.last.grad << " % (" << 100 * slide.grad << " %), Laplace "
                 << 100 * r.last.lap << " % (" << 100 * slide.lap << " %); p0 fit " << r.last.p0_fit
                 << ", s(T) particles " << r.sT_particles << ", " << r.seconds << " s");
}

// Fixed-point convergence and the absolute bounds shared by both methods.
void check_errors(const RunRecord& r, double phi, double grad, double lap) {
  CHECK(r.last.phi < 0.5 * r.first.phi);
  CHECK(r.last.phi < phi);
  CHECK(r.last.grad < grad);
  CHECK(r.last.lap < lap);
}

}  // namespace

TEST_CASE("mfc-score on lq in 1-D and 2-D") {
  for (int d : {1, 2}) {
    const GaussianMfc P(lq(d));
    const GaussianProfile& g = P.profile();
    ScoreMethod m(P, small_score(), 21);
    const RunRecord r = run(m);
    report("mfc-score", d, r, kSlideScore[d - 1]);
    CAPTURE(d);
    check_errors(r, 0.09, 0.18, 0.25);

    // p(0): the scheme's fixed point is P_0(dt), O(dt) from p(0); the fit's
    // mean Laplacian at t = 0 is within its Laplacian error of that, taken 3x
    // because t = 0 is an end of the fitted time range.
    const auto fp = score_fixed_point(lq(d), 32);
    const double bias = std::abs(fp.P[0] - g.p(0));
    CHECK(std::abs(r.last.p0_fit - g.p(0)) <= bias + 3 * r.last.lap * g.p(0));

    // s(T): the sweep with the exact phi from the same sample carries the
    // kernel estimator's and Euler's bias; the network moves it by at most
    // variance_from_grad_error.
    const double ref = exact_phi_variance_T(P, m, 21);
    MESSAGE("  s(T) exact " << g.s(1) << ", with exact phi and this score estimate " << ref << ", the method's "
                            << r.sT_particles);
    CHECK(std::abs(r.sT_particles - ref) <= variance_from_grad_error(g, r.last.grad));
  }
}

TEST_CASE("mfc-bsde on lq in 1-D and 2-D") {
  for (int d : {1, 2}) {
    const GaussianMfc P(lq(d));
    const GaussianProfile& g = P.profile();
    BsdeMethod m(P, small_bsde(), 22);
    const RunRecord r = run(m);
    report("mfc-bsde", d, r, kSlideBsde[d - 1]);
    CAPTURE(d);
    check_errors(r, 0.09, 0.22, 0.30);

    const auto fp = bsde_fixed_point(lq(d), 32);
    const double bias = std::abs(fp.P[0] - g.p(0));
    CHECK(std::abs(r.last.p0_fit - g.p(0)) <= bias + 3 * r.last.lap * g.p(0));

    // s(T): Euler-Maruyama's variance v_M (with the exact p) is O(dt) from
    // s(T); fresh noise makes the sample variance of N paths scatter by at most
    // 2 s(T) / sqrt(N d) (one standard deviation, balanced X_0): 3 sigma.
    const double mc = 3 * 2 * g.s(1) / std::sqrt(400.0 * d);
    CHECK(std::abs(r.sT_particles - fp.variance_T) <= mc + variance_from_grad_error(g, r.last.grad));
  }
}

TEST_CASE("without noise (nu = 0) both methods are the same scheme") {
  // nu = 0: the score terms vanish (the kernel estimate is skipped, the
  // horizon restart is off), the BSDE has no noise, and both sweeps reduce to
  // x_{k+1} = x_k - dt z_k, y_k = y_{k+1} + dt (|z_k|^2/2 + f_k): with the same
  // seed the two methods must produce the same bits.
  GaussianMfcParams prm = lq(1);
  prm.nu = 0;
  const GaussianMfc P(prm);
  ScoreMethodSettings s = small_score();
  s.outer_iterations = 10;
  BsdeMethodSettings b = small_bsde();
  b.outer_iterations = 10;
  ScoreMethod sm(P, s, 3);
  BsdeMethod bm(P, b, 3);
  const RunRecord rs = run(sm), rb = run(bm);
  MESSAGE("nu = 0: err phi " << rs.last.phi << ", s(T) " << P.profile().s(1) << " vs particles " << rs.sT_particles);
  CHECK(sm.network().parameters() == bm.network().parameters());
  CHECK(rs.last.phi < 0.5 * rs.first.phi);
  CHECK(rs.trace.back().has("bandwidth") == false);
  CHECK(std::abs(rs.sT_particles - P.profile().s(1)) <=
        std::abs(bsde_fixed_point(prm, 32).variance_T - P.profile().s(1)) +
            variance_from_grad_error(P.profile(), rs.last.grad));
}

TEST_CASE("both methods give the same bits with 1 and 2 threads") {
  GaussianMfcParams prm = lq(2);
  prm.c = 0.3;  // the entropy term: the kernel's log density enters both methods
  const GaussianMfc P(prm);
  FitSettings f;
  f.width = 12;
  f.fit_iterations = 25;
  f.batch = 200;  // > Mlp::kChunk: the batch is split across threads
  auto score_run = [&](int threads, ScoreSource src) {
    ScoreMethodSettings s;
    s.particles = 300, s.time_steps = 6, s.outer_iterations = 3, s.fit = f, s.score = src;
    s.errors.points = 150;
    auto m = std::make_unique<ScoreMethod>(P, s, 5);
    std::vector<Diagnostics> tr;
    with_threads(threads, [&] { tr = run(*m).trace; });
    return std::make_pair(m->network().parameters(), tr.back().get("err_lap"));
  };
  auto bsde_run = [&](int threads) {
    BsdeMethodSettings s;
    s.particles = 300, s.time_steps = 6, s.outer_iterations = 3, s.fit = f;
    s.errors.points = 150;
    auto m = std::make_unique<BsdeMethod>(P, s, 5);
    std::vector<Diagnostics> tr;
    with_threads(threads, [&] { tr = run(*m).trace; });
    return std::make_pair(m->network().parameters(), tr.back().get("err_lap"));
  };
  for (ScoreSource src : {ScoreSource::kernel, ScoreSource::flow}) {
    const auto a = score_run(1, src), b = score_run(2, src);
    CHECK(a.first == b.first);
    CHECK(a.second == b.second);
  }
  const auto a = bsde_run(1), b = bsde_run(2);
  CHECK(a.first == b.first);
  CHECK(a.second == b.second);
}

TEST_CASE("a diverging fit is a RunError naming the outer iteration") {
  const GaussianMfc P(lq(1));
  ScoreMethodSettings s;
  s.particles = 100, s.time_steps = 8, s.outer_iterations = 3;
  s.fit.fit_iterations = 20;
  s.fit.lr = s.fit.lr_final = 1e4;  // Adam moves every parameter by ~1e4 per step
  ScoreMethod m(P, s, 1);
  long failed_at = 0;
  std::string what;
  try {
    for (long k = 1; k <= 3; ++k) {
      Diagnostics d;
      failed_at = k;
      m.step(k, d);
    }
    failed_at = 0;
  } catch (const RunError& e) {
    CHECK(e.step() == failed_at);
    what = e.what();
  }
  CHECK(failed_at > 0);
  MESSAGE("divergence reported as: " << what);
  CHECK((what.find("diverged") != std::string::npos || what.find("non-finite") != std::string::npos));
}

TEST_CASE("method settings out of range are InputErrors naming the field") {
  const GaussianMfc P(lq(2));
  auto score_error = [&](auto change) {
    ScoreMethodSettings s;
    change(s);
    try {
      ScoreMethod m(P, s, 1);
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(score_error([](ScoreMethodSettings& s) { s.particles = 2; }).find("particles = 2") != std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.time_steps = 0; }).find("time_steps = 0") != std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.outer_iterations = 0; }).find("outer_iterations = 0") !=
        std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.horizon = 0; }).find("horizon = 0") != std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.fd_step = 0.5; }).find("fd_step = 0.5") != std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.kernel.scale = -1; }).find("bandwidth_scale = -1") !=
        std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.fit.width = 0; }).find("width = 0") != std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.fit.lr = 0; }).find("lr = 0") != std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.fit.batch = 0; }).find("batch = 0") != std::string::npos);
  CHECK(score_error([](ScoreMethodSettings& s) { s.errors.points = 0; }).find("error_points = 0") != std::string::npos);
  CHECK_THROWS_AS(score_source_from_name("exact"), InputError);
  CHECK_THROWS_AS(bandwidth_rule_from_name("auto"), InputError);
  BsdeMethodSettings b;
  b.time_steps = 200000;
  CHECK_THROWS_AS(BsdeMethod(P, b, 1), InputError);
}
