#include "hj_runs.hpp"

#include "grid_compare.hpp"
#include "timing.hpp"  // best_seconds

namespace wprox::bench_hj {

Outcome run(Registry& reg, const std::string& method, const std::string& problem, Settings params,
            const Settings& problem_params, int repeats) {
  const MethodInfo& m = reg.method(method);
  const ProblemInfo& p = reg.problem(problem);
  Outcome out;
  out.method = method;
  out.nx = std::stoi(params.at("nx"));
  out.nt = std::stoi(params.at("time_levels"));
  out.dim = problem_params.count("dim") ? std::stoi(problem_params.at("dim")) : 1;
  params["traj_records"] = "1";  // trajectories are not what is timed
  std::string starts = "1";
  for (int a = 1; a < out.dim; ++a) starts += ",1";
  params["starts"] = starts;
  const Params mp = m.schema.resolve(params, method);
  const Params pp = p.schema.resolve(problem_params, problem, "problem.");
  auto prob = p.create(pp, RunContext{});
  out.seconds = bench::best_seconds(
      [&] {
        auto r = m.start(*prob, mp, RunContext{});
        Diagnostics d;
        while (!r->finished()) {
          d.clear();
          r->step(d);
        }
        Diagnostics metrics;
        r->metrics(metrics);
        if (metrics.has("mean_iterations")) out.mean_iterations = metrics.get("mean_iterations");
        out.phi = r->results().arrays.front().data;  // "phi" comes first
      },
      repeats);
  return out;
}

double rel_l1(const Outcome& c, const Outcome& f) {
  using K = NestedAxis::Kind;
  std::vector<NestedAxis> axes{{K::Endpoints, c.nt, f.nt}};
  for (int a = 0; a < c.dim; ++a) axes.push_back({K::PeriodicNodes, c.nx, f.nx});
  return relative_l1_nested(c.phi.data(), f.phi.data(), axes);
}

}  // namespace wprox::bench_hj
