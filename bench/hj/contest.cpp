#include "contest.hpp"

#include <cstdio>
#include <limits>

namespace wprox::bench_hj {

void run_contest(Registry& reg, const Contest& c) {
  std::printf("\n== %s ==\n", c.title.c_str());
  Settings ref_params = c.reference;
  ref_params["substeps"] = "0";
  const Outcome ref = run(reg, "explicit-hj", c.problem, ref_params, c.problem_params, 1);
  std::printf("reference: explicit-hj nx=%d nt=%d, %.3g s\n", ref.nx, ref.nt, ref.seconds);
  std::printf("%-12s %6s %6s %12s %10s %12s\n", "method", "nx", "nt", "rel l1 err", "seconds", "iters/step");
  std::vector<Outcome> runs;
  std::vector<double> errors;
  for (const Entry& e : c.entries) {
    Settings p = e.params;
    if (e.method == "explicit-hj" && !p.count("substeps")) p["substeps"] = "0";
    runs.push_back(run(reg, e.method, c.problem, p, c.problem_params, c.repeats));
    errors.push_back(rel_l1(runs.back(), ref));
    std::printf("%-12s %6d %6d %12.4e %10.4f %12.1f\n", e.method.c_str(), runs.back().nx, runs.back().nt,
                errors.back(), runs.back().seconds, runs.back().mean_iterations);
    std::fflush(stdout);
  }
  for (double target : c.targets) {
    auto fastest = [&](const std::string& method) -> const Outcome* {
      const Outcome* best = nullptr;
      for (std::size_t j = 0; j < runs.size(); ++j)
        if (runs[j].method == method && errors[j] <= target && (!best || runs[j].seconds < best->seconds))
          best = &runs[j];
      return best;
    };
    const Outcome *p = fastest("pdhg-hj"), *e = fastest("explicit-hj"), *n = fastest("newton-hj");
    std::printf("error <= %.1e:", target);
    for (const Outcome* o : {e, p, n})
      if (o) std::printf("  %s nx=%d nt=%d %.3g s", o->method.c_str(), o->nx, o->nt, o->seconds);
    if (p && e)
      std::printf("  pdhg/explicit time = %.3g", p->seconds / e->seconds);
    else
      std::printf("  (%s does not reach it on its ladder)", !p ? "pdhg-hj" : "explicit-hj");
    std::printf("\n");
  }
}

}  // namespace wprox::bench_hj
