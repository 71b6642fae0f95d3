// pdhg-hj (implicit, no CFL limit) against explicit-hj (monotone explicit
// scheme under its CFL limit), in the same run:
//  steps:   iterations and wall time per time step as nx grows (dt/dx = 2,
//           the authors' ratio), 1-D and 2-D hj-quadratic;
//  ratio:   iterations per step at dt/dx = 2 .. 40 (nx = 160, T = 1) on the
//           quadratic and the 1-homogeneous examples;
//  smooth:  time to a relative l1 error on 1-D hj-quadratic, where the
//           explicit scheme wins;
//  stiff:   the same on hj-stiff, whose speed varies by a factor 1000
//           across the box (explicit steps are set by the largest speed);
//  stiff2d: the same in 2-D;
//  viscous: the same on 2-D viscous hj-quadratic on fine grids (explicit
//           steps dt <= dx^2 / (4 eps)).
// Usage: bench_hj [--quick] [section ...]   (--quick: smaller sizes, for a
// smoke run, and stiff2d only when named; no section names: all of them)
#include <cstdio>
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include <wprox/sdk.hpp>

#include "contest.hpp"
#include "hj_runs.hpp"

using namespace wprox;
using namespace wprox::bench_hj;

namespace {

Settings grid(int nx, int nt) { return {{"nx", std::to_string(nx)}, {"time_levels", std::to_string(nt)}}; }

void steps_section(Registry& reg, bool quick) {
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
}

// nx = 160 on [0, 2] and T = 1: nt = 41 / 21 / 11 / 6 / 3 are dt/dx = 2 / 4 / 8 / 16 / 40.
void ratio_section(Registry& reg) {
  std::printf("\n== pdhg-hj iterations per time step against dt/dx (nx = 160, T = 1) ==\n");
  std::printf("%-16s %8s %8s %8s %8s %8s\n", "problem", "2", "4", "8", "16", "40");
  for (const char* problem : {"hj-quadratic", "hj-homogeneous"}) {
    std::printf("%-16s", problem);
    for (int nt : {41, 21, 11, 6, 3})
      std::printf(" %8.1f", run(reg, "pdhg-hj", problem, grid(160, nt), {}, 1).mean_iterations);
    std::printf("\n");
  }
}

void smooth_section(Registry& reg, bool quick) {
  // pdhg-hj at dt/dx = 2 (nt - 1 = nx / 4); explicit-hj with the same
  // output levels and automatic CFL substeps (0.9 of the limit).
  Contest c;
  c.title = "time to a relative l1 error, 1-D hj-quadratic";
  c.problem = "hj-quadratic";
  c.reference = grid(2560, 321);
  c.repeats = 3;
  c.targets = {6e-2, 3e-2, 1.5e-2, 8e-3};
  const std::vector<int> ladder = quick ? std::vector<int>{40, 80, 160} : std::vector<int>{40, 80, 160, 320, 640};
  for (int nx : ladder) {
    c.entries.push_back({"pdhg-hj", grid(nx, nx / 4 + 1)});
    c.entries.push_back({"explicit-hj", grid(nx, nx / 4 + 1)});
  }
  run_contest(reg, c);
}

// The speed a(x) runs from 0.1 to 100: explicit steps obey dt <= dx / 100,
// implicit ones have no limit, and their time error is set by the slow
// region's speed (the fast region saturates at its running minimum).
void stiff_section(Registry& reg, bool quick) {
  Contest c;
  c.title = "time to a relative l1 error, 1-D hj-stiff, contrast 1000 (speed 0.1 .. 100)";
  c.problem = "hj-stiff";
  c.problem_params = {{"contrast", "1000"}};
  c.reference = grid(quick ? 1280 : 2560, 321);
  c.repeats = quick ? 1 : 3;
  c.targets = {4e-2, 2e-2, 1e-2, 5e-3};
  const std::vector<int> ladder = quick ? std::vector<int>{80, 160, 320} : std::vector<int>{80, 160, 320, 640};
  for (int nx : ladder) {
    c.entries.push_back({"explicit-hj", grid(nx, 41)});
    std::vector<int> nts = {11, 21, 41, 81, 161};
    if (!quick) nts.push_back(321);
    for (int nt : nts) c.entries.push_back({"pdhg-hj", grid(nx, nt)});
    for (int nt : {11, 41, 161}) c.entries.push_back({"newton-hj", grid(nx, nt)});
  }
  run_contest(reg, c);
}

// The same in 2-D (speed a(x) per axis), on grids a 2-D explicit reference
// can afford (nx = 128: about 28 000 explicit steps).
void stiff2d_section(Registry& reg, bool quick) {
  Contest c;
  c.title = "time to a relative l1 error, 2-D hj-stiff, contrast 1000";
  c.problem = "hj-stiff";
  c.problem_params = {{"contrast", "1000"}, {"dim", "2"}};
  c.reference = grid(128, 41);
  c.targets = {4e-2, 2e-2};
  const std::vector<int> ladder = quick ? std::vector<int>{32} : std::vector<int>{32, 64};
  for (int nx : ladder) {
    c.entries.push_back({"explicit-hj", grid(nx, 41)});
    for (int nt : {6, 11, 21, 41}) c.entries.push_back({"pdhg-hj", grid(nx, nt)});
    for (int nt : {6, 11, 21, 41}) c.entries.push_back({"newton-hj", grid(nx, nt)});
  }
  run_contest(reg, c);
}

// The case measured in docs/hamilton-jacobi.md: explicit steps obey
// dt <= dx^2 / (4 eps) (400 / 1600 steps at nx = 128 / 256), but the
// implicit scheme's first-order time error dominates its error at the few
// large steps where it would pay, so explicit-hj wins (see the docs for
// the estimate of where that turns).
void viscous_section(Registry& reg, bool quick) {
  Contest c;
  c.title = "time to a relative l1 error, 2-D viscous hj-quadratic, visc 0.05, T 0.5";
  c.problem = "hj-quadratic";
  c.problem_params = {{"dim", "2"}, {"visc", "0.05"}, {"T", "0.5"}};
  c.reference = grid(quick ? 128 : 256, 41);
  c.targets = {6e-2, 3e-2, 1.5e-2};
  const std::vector<int> ladder = quick ? std::vector<int>{32, 64} : std::vector<int>{32, 64, 128};
  for (int nx : ladder) {
    c.entries.push_back({"explicit-hj", grid(nx, 41)});
    for (int nt : {6, 11, 21}) c.entries.push_back({"pdhg-hj", grid(nx, nt)});
    for (int nt : {6, 11, 21, 41}) c.entries.push_back({"newton-hj", grid(nx, nt)});
  }
  run_contest(reg, c);
}

Settings bdf2(Settings s) {
  s["time_scheme"] = "bdf2";
  return s;
}

// Diffusion-dominated: visc 0.5, where the explicit limit dt <= dx^2/(4 eps)
// is 10x tighter than at visc 0.05 and the solution is smooth, so the
// implicit methods' second-order time scheme (time_scheme=bdf2) pays.
// Levels nest into the reference's (nt - 1 divides 160).
void diffusive_section(Registry& reg, bool quick) {
  Contest c;
  c.title = "time to a relative l1 error, 2-D viscous hj-quadratic, visc 0.5, T 0.5";
  c.problem = "hj-quadratic";
  c.problem_params = {{"dim", "2"}, {"visc", "0.5"}, {"T", "0.5"}};
  c.reference = grid(quick ? 128 : 256, 161);
  c.targets = {1e-2, 5e-3, 3e-3};
  const std::vector<int> ladder = quick ? std::vector<int>{32, 64} : std::vector<int>{32, 64, 128};
  for (int nx : ladder) {
    c.entries.push_back({"explicit-hj", grid(nx, 41)});
    for (int nt : {11, 41}) c.entries.push_back({"pdhg-hj", grid(nx, nt)});
    for (int nt : {11, 21, 41, 81}) c.entries.push_back({"pdhg-hj", bdf2(grid(nx, nt))});
    for (int nt : {21, 41, 81}) c.entries.push_back({"newton-hj", bdf2(grid(nx, nt))});
  }
  run_contest(reg, c);
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false;
  std::set<std::string> only;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick"))
      quick = true;
    else
      only.insert(argv[i]);
  }
  auto wanted = [&](const char* s) { return only.empty() || only.count(s) > 0; };
  Registry reg;
  reg.load_directory(WPROX_BENCH_PLUGIN_DIR);
  if (wanted("steps")) steps_section(reg, quick);
  if (wanted("ratio")) ratio_section(reg);
  if (wanted("smooth")) smooth_section(reg, quick);
  if (wanted("stiff")) stiff_section(reg, quick);
  // Its 2-D explicit reference alone takes 10-25 s here: not in --quick
  // unless named.
  if (quick ? only.count("stiff2d") > 0 : wanted("stiff2d")) stiff2d_section(reg, quick);
  if (wanted("viscous")) viscous_section(reg, quick);
  if (wanted("diffusive")) diffusive_section(reg, quick);
  return 0;
}
