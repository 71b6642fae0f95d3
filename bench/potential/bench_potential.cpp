// Batch potential/gradient evaluation: wprox::evaluate (TBB over particles)
// with 1 and 2 threads against a plain serial loop over the same particles,
// timed in the same run. Prints the speedup; the machine's noise cancels.
#include <cstdio>

#include <wprox/sdk.hpp>

#include "timing.hpp"

using namespace wprox;

static void time_problem(Registry& reg, const char* problem, const std::map<std::string, std::string>& settings,
                         long n) {
  const auto& info = reg.problem(problem);
  auto p = info.create(info.schema.resolve(settings, problem, "problem."), RunContext{});
  const auto& t = problem_as<TargetProblem>(*p);
  const Potential& V = t.potential();
  Particles X(n, t.dim());
  RandomStream r(1, 0, 0);
  r.normal(X.data(), X.size());
  Vector v;
  Particles g;

  Vector vr(n);
  Particles gr(n, t.dim());
  const double ref = bench::best_seconds([&] {
    for (long i = 0; i < n; ++i) vr[i] = V.value_and_gradient(X.row(i).data(), gr.row(i).data());
  });
  double t1 = 0, t2 = 0;
  with_threads(1, [&] { t1 = bench::best_seconds([&] { evaluate(V, X, &v, &g); }); });
  with_threads(2, [&] { t2 = bench::best_seconds([&] { evaluate(V, X, &v, &g); }); });
  char what[96];
  std::snprintf(what, sizeof what, "%s d=%d N=%ld, 1 thread", problem, t.dim(), n);
  bench::print_ratio(what, ref, t1);
  std::snprintf(what, sizeof what, "%s d=%d N=%ld, 2 threads", problem, t.dim(), n);
  bench::print_ratio(what, ref, t2);
  std::printf("%-48s 2-thread gain over 1 thread: %.2fx; %.3g gradients/s\n", "", t1 / t2, n / t2);
}

int main() {
  Registry reg;
  reg.load_directory(WPROX_BENCH_PLUGIN_DIR);
  std::printf("batch value+gradient: serial loop (reference) vs wprox::evaluate\n");
  time_problem(reg, "gaussian", {{"dim", "10"}, {"precision", "2"}}, 200000);
  time_problem(reg, "bimodal", {}, 500000);
  time_problem(reg, "mixture", {{"m", "0.5,0.5,0.5,0.5,0.5"}}, 500000);
  return 0;
}
