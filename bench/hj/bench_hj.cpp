// pdhg-hj (implicit, no CFL limit) against explicit-hj (monotone explicit
// scheme under its CFL limit), in the same run:
//  1. iterations and wall time per time step as nx grows (dt/dx = 2, the
//     authors' ratio), 1-D and 2-D hj-quadratic;
//  2. for target relative l1 errors (space-time grid, against explicit-hj on
//     a 2560-point grid), the coarsest grid of each method that reaches the
//     target and its wall time (best of 3), and the ratio.
// Usage: bench_hj [--quick]   (--quick: smaller sizes, for a smoke run)
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include <wprox/sdk.hpp>

#include "grid_compare.hpp"
#include "timing.hpp"  // best_seconds

using namespace wprox;
using Settings = std::map<std::string, std::string>;

namespace {

struct Outcome {
  std::vector<double> phi;
  double seconds = 0;
  double mean_iterations = 0;
  int nx = 0, nt = 0;
};

Outcome run(Registry& reg, const std::string& method, const std::string& problem, Settings params,
            const Settings& problem_params, int repeats) {
  const MethodInfo& m = reg.method(method);
  const ProblemInfo& p = reg.problem(problem);
  Outcome out;
  out.nx = std::stoi(params.at("nx"));
  out.nt = std::stoi(params.at("time_levels"));
  params["traj_records"] = "1";  // trajectories are not what is timed
  const bool two_d = problem_params.count("dim") && problem_params.at("dim") == "2";
  params["starts"] = two_d ? "1,1" : "1";
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
  return relative_l1_nested(c.phi.data(), f.phi.data(), {{K::Endpoints, c.nt, f.nt}, {K::PeriodicNodes, c.nx, f.nx}});
}

Settings grid(int nx, int nt) { return {{"nx", std::to_string(nx)}, {"time_levels", std::to_string(nt)}}; }

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && !std::strcmp(argv[1], "--quick");
  Registry reg;
  reg.load_directory(WPROX_BENCH_PLUGIN_DIR);

  std::printf("== pdhg-hj per time step, hj-quadratic, dt/dx = 2 ==\n");
  std::printf("%4s %6s %6s %10s %14s %14s\n", "dim", "nx", "nt", "points", "iters/step", "ms/step");
  const std::vector<int> n1 = quick ? std::vector<int>{40, 80, 160} : std::vector<int>{40, 80, 160, 320, 640, 1280};
  for (int nx : n1) {
    const int nt = nx / 4 + 1;
    const Outcome o = run(reg, "pdhg-hj", "hj-quadratic", grid(nx, nt), {}, 1);
    std::printf("%4d %6d %6d %10d %14.0f %14.3f\n", 1, nx, nt, nx, o.mean_iterations, 1e3 * o.seconds / (nt - 1));
  }
  const std::vector<int> n2 = quick ? std::vector<int>{16, 32} : std::vector<int>{16, 32, 64, 128};
  for (int nx : n2) {
    const int nt = nx / 4 + 1;
    const Outcome o = run(reg, "pdhg-hj", "hj-quadratic", grid(nx, nt), {{"dim", "2"}}, 1);
    std::printf("%4d %6d %6d %10d %14.0f %14.3f\n", 2, nx, nt, nx * nx, o.mean_iterations, 1e3 * o.seconds / (nt - 1));
  }

  std::printf("\n== time to reach a relative l1 error, 1-D hj-quadratic (reference: explicit-hj, nx = 2560) ==\n");
  Settings ref_grid = grid(2560, 321);
  ref_grid["substeps"] = "0";
  const Outcome ref = run(reg, "explicit-hj", "hj-quadratic", ref_grid, {}, 1);
  // Ladders: pdhg-hj at dt/dx = 2 (nt - 1 = nx / 4); explicit-hj with the
  // same output levels and automatic CFL substeps (0.9 of the limit).
  const std::vector<int> ladder = quick ? std::vector<int>{40, 80, 160} : std::vector<int>{40, 80, 160, 320, 640};
  std::vector<Outcome> pd, ex;
  for (int nx : ladder) {
    const int nt = nx / 4 + 1;
    pd.push_back(run(reg, "pdhg-hj", "hj-quadratic", grid(nx, nt), {}, 3));
    Settings g = grid(nx, nt);
    g["substeps"] = "0";
    ex.push_back(run(reg, "explicit-hj", "hj-quadratic", g, {}, 3));
  }
  std::printf("%6s %6s %12s %12s %12s %12s\n", "nx", "nt", "pdhg err", "pdhg s", "explicit err", "explicit s");
  for (std::size_t j = 0; j < ladder.size(); ++j)
    std::printf("%6d %6d %12.4e %12.4f %12.4e %12.4f\n", ladder[j], pd[j].nt, rel_l1(pd[j], ref), pd[j].seconds,
                rel_l1(ex[j], ref), ex[j].seconds);
  for (double target : {6e-2, 3e-2, 1.5e-2, 8e-3}) {
    auto first = [&](const std::vector<Outcome>& v) -> const Outcome* {
      for (const Outcome& o : v)
        if (rel_l1(o, ref) <= target) return &o;
      return nullptr;
    };
    const Outcome *p = first(pd), *e = first(ex);
    if (!p || !e) {
      std::printf("error <= %.1e: not reached by %s on this ladder\n", target, !p ? "pdhg-hj" : "explicit-hj");
      continue;
    }
    std::printf("error <= %.1e: explicit-hj nx=%d %.3g s, pdhg-hj nx=%d %.3g s, pdhg/explicit time = %.3g\n", target,
                e->nx, e->seconds, p->nx, p->seconds, p->seconds / e->seconds);
  }
  return 0;
}
