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
  std::printf("%-16s %6s %6s %12s %10s %12s\n", "method", "nx", "nt", "rel l1 err", "seconds", "iters/step");
  std::vector<Outcome> runs;
  std::vector<double> errors;
  std::vector<std::string> labels;  // the method, and its time scheme when not backward Euler
  for (const Entry& e : c.entries) {
    const auto scheme = e.params.find("time_scheme");
    labels.push_back(e.method + (scheme != e.params.end() && scheme->second != "euler" ? "/" + scheme->second : ""));
    Settings p = e.params;
    if (e.method == "explicit-hj" && !p.count("substeps")) p["substeps"] = "0";
    runs.push_back(run(reg, e.method, c.problem, p, c.problem_params, c.repeats));
    errors.push_back(rel_l1(runs.back(), ref));
    std::printf("%-16s %6d %6d %12.4e %10.4f %12.1f\n", labels.back().c_str(), runs.back().nx, runs.back().nt,
                errors.back(), runs.back().seconds, runs.back().mean_iterations);
    std::fflush(stdout);
  }
  for (double target : c.targets) {
    auto fastest = [&](const std::string& method) -> long {
      long best = -1;
      for (std::size_t j = 0; j < runs.size(); ++j)
        if (runs[j].method == method && errors[j] <= target && (best < 0 || runs[j].seconds < runs[best].seconds))
          best = long(j);
      return best;
    };
    const long ip = fastest("pdhg-hj"), ie = fastest("explicit-hj"), in = fastest("newton-hj");
    const Outcome *p = ip < 0 ? nullptr : &runs[ip], *e = ie < 0 ? nullptr : &runs[ie];
    std::printf("error <= %.1e:", target);
    for (long j : {ie, ip, in})
      if (j >= 0) std::printf("  %s nx=%d nt=%d %.3g s", labels[j].c_str(), runs[j].nx, runs[j].nt, runs[j].seconds);
    if (p && e)
      std::printf("  pdhg/explicit time = %.3g", p->seconds / e->seconds);
    else
      std::printf("  (%s does not reach it on its ladder)", !p ? "pdhg-hj" : "explicit-hj");
    std::printf("\n");
  }
}

}  // namespace wprox::bench_hj
