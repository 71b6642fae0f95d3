// TT-BRWP's cost against the dimension: ms per step and the process's peak
// resident memory on a correlated (chain) Gaussian at d = 2, 4, 8, 16, 32
// with the grid, rank cap, tolerance and particle count fixed, and the
// exponent p of a least-squares fit ms ~ d^p over the dimensions that take
// the cross path (grids above 2^21 points; smaller grids use every grid
// value, which is not linear in d). Then the accuracy-for-time comparison
// on a 10-D Gaussian: tt-brwp, brwp and ula, covariance error against wall
// time.
#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <wprox/run_loop.hpp>
#include <wprox/sdk.hpp>

using namespace wprox;

namespace {

struct Timed {
  double seconds = 0;
  long steps = 0;
  RunOutcome outcome;
  Diagnostics last, metrics;
};

Timed run(Registry& reg, const std::string& method, const std::string& problem,
          const std::map<std::string, std::string>& params, const std::map<std::string, std::string>& pparams) {
  const MethodInfo& m = reg.method(method);
  const ProblemInfo& p = reg.problem(problem);
  const Params mp = m.schema.resolve(params, method);
  const Params pp = p.schema.resolve(pparams, problem, "problem.");
  RunContext ctx{1, 0};
  auto prob = p.create(pp, ctx);
  auto r = m.start(*prob, mp, ctx);
  Timed t;
  RunLoop loop;
  loop.on_step([&](const StepEvent& e) { t.last = e.diagnostics; });
  t.outcome = loop.run(*r);
  t.seconds = t.outcome.seconds;
  t.steps = t.outcome.steps;
  r->metrics(t.metrics);
  return t;
}

double peak_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  // --quick: d up to 16, one run each, a shorter accuracy table (for the
  // `bench` target's smoke run; the README's numbers come from the full run).
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  Registry reg;
  reg.load_directory(WPROX_BENCH_PLUGIN_DIR);
  std::printf("TT-BRWP cost against d: chain Gaussian (precision 1.25 I + 0.35 on the off-diagonals), N = 500,\n"
              "grid 24, max_rank 8, cross_tol 1e-6, Gaussian estimate, 30 steps; the best of 3 runs (a shared\n"
              "machine's load only ever adds time).\n");
  std::printf("%4s %12s %14s %8s %8s %12s %14s\n", "d", "ms/step", "ms/step(2-30)", "rank_E", "rank_W", "evaluations",
              "peak RSS MiB");
  std::vector<double> logd, logms;
  auto chain = [](int d) {
    std::string t;
    for (int i = 0; i < d; ++i) {
      if (i) t += ";";
      for (int j = 0; j < d; ++j) t += std::string(j ? "," : "") + (i == j ? "1.25" : std::abs(i - j) == 1 ? "0.35" : "0");
    }
    return t;
  };
  const std::vector<int> dims = quick ? std::vector<int>{2, 4, 8, 16} : std::vector<int>{2, 4, 8, 16, 32};
  for (int d : dims) {
    std::map<std::string, std::string> s{{"particles", "500"}, {"steps", "30"}, {"grid", "24"}, {"max_rank", "8"},
                                         {"cross_tol", "1e-6"}, {"estimate", "gaussian"}, {"density", "off"},
                                         {"diagnostics_every", "1000"}};
    const std::map<std::string, std::string> pp{{"dim", std::to_string(d)}, {"precision", chain(d)}};
    Timed t = run(reg, "tt-brwp", "gaussian", s, pp);
    for (int rep = 0; rep < (quick ? 0 : 2) && t.outcome.status == RunOutcome::Status::Done; ++rep) {
      Timed again = run(reg, "tt-brwp", "gaussian", s, pp);
      if (again.seconds < t.seconds) t = std::move(again);
    }
    if (t.outcome.status != RunOutcome::Status::Done) {
      std::printf("%4d  failed: %s\n", d, t.outcome.error.c_str());
      continue;
    }
    // Later steps mostly reuse the grid: time them apart from the first.
    s["steps"] = "1";
    const Timed one = run(reg, "tt-brwp", "gaussian", s, pp);
    const double ms = 1e3 * t.seconds / double(t.steps), ms_later = 1e3 * (t.seconds - one.seconds) / double(t.steps - 1);
    std::printf("%4d %12.2f %14.2f %8.0f %8.0f %12.0f %14.1f\n", d, ms, ms_later, t.last.get("rank_E"),
                t.last.get("rank_W"), one.last.get("evaluations"), peak_mib());
    if (std::pow(24.0, d) > double(1L << 21)) {
      logd.push_back(std::log(double(d)));
      logms.push_back(std::log(ms));
    }
  }
  if (logd.size() >= 2) {
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < logd.size(); ++i) mx += logd[i], my += logms[i];
    mx /= double(logd.size());
    my /= double(logd.size());
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < logd.size(); ++i) sxy += (logd[i] - mx) * (logms[i] - my), sxx += (logd[i] - mx) * (logd[i] - mx);
    std::printf("fitted exponent of ms/step ~ d^p over the cross-path dimensions (d >= 8): p = %.3f\n", sxy / sxx);
  }

  const std::string steps = quick ? "20" : "100";
  std::printf("\nAccuracy for time, 10-D Gaussian (precision diag(linspace(0.5, 2, 10))), h = T = 0.1, %s steps:\n",
              steps.c_str());
  std::string prec;
  for (int i = 0; i < 10; ++i) prec += (i ? "," : "") + std::to_string(0.5 + 1.5 * i / 9.0);
  std::printf("%-10s %6s %10s %10s\n", "method", "N", "seconds", "cov_err");
  for (auto [method, N] : std::vector<std::pair<std::string, std::string>>{
           {"tt-brwp", "2000"}, {"brwp", quick ? "1000" : "4000"}, {"ula", "2000"}, {"ula", quick ? "20000" : "100000"}}) {
    std::map<std::string, std::string> s{{"particles", N}, {"steps", steps}, {"h", "0.1"}, {"diagnostics_every", steps}};
    if (method == "tt-brwp") s["grid"] = "32";
    const Timed t = run(reg, method, "gaussian", s, {{"dim", "10"}, {"precision", prec}});
    if (t.outcome.status != RunOutcome::Status::Done) {
      std::printf("%-10s %6s  failed: %s\n", method.c_str(), N.c_str(), t.outcome.error.c_str());
      continue;
    }
    std::printf("%-10s %6s %10.2f %10.4f\n", method.c_str(), N.c_str(), t.seconds, t.metrics.get("cov_err"));
  }
  return 0;
}
