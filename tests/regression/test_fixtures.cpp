// Regression fixtures: each method on a small version of its README example
// must reproduce the arrays recorded in tests/regression/fixtures/.
//
// Tolerance per case: 0 means bit for bit (the arithmetic of the method did
// not move since the fixture was recorded); a positive value is the largest
// allowed max|a - b| / max|b| and must be justified next to the case (for
// example a loop moved onto shared code that sums in another order).
//
// Fixtures are recorded with the default (portable) build. The all-pairs
// kernel gives the same bits on its avx2 and avx512 targets, so they hold on
// any CPU with AVX2; on the sse2 target (no FMA, WPROX_SIMD=sse2 or a CPU
// without AVX2) the kernel-based cases (brwp, sgm) differ in the last bits.
// A WPROX_NATIVE build differs too (FMA and wider Eigen code everywhere).
//
// To record new fixtures (only in a commit that says why the arrays changed),
// for every case or for the named ones:
//   WPROX_RECORD_FIXTURES=1 build/bin/test_fixtures
//   WPROX_RECORD_FIXTURES=ula,mala build/bin/test_fixtures
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include <wprox/io/npy.hpp>

#include "testing.hpp"

namespace {

using wprox::testing::Settings;

struct Case {
  std::string name;  // fixture file prefix
  std::string method, problem;
  Settings params, problem_params;
  std::uint64_t seed;
  std::vector<std::string> arrays;
  double tolerance;
};

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"ula",
       "ula",
       "gaussian",
       {{"particles", "200"}, {"h", "0.05"}, {"steps", "50"}},
       {{"precision", "1,4"}},
       1,
       {"particles"},
       0.0},
      {"mala",
       "mala",
       "gaussian",
       {{"particles", "200"}, {"steps", "50"}},
       {{"precision", "2,0.5;0.5,1"}},
       3,
       {"particles"},
       0.0},
      {"brwp5",
       "brwp",
       "gaussian",
       {{"particles", "200"}, {"h", "0.1"}, {"steps", "20"}},
       {{"dim", "5"}},
       1,
       {"particles"},
       0.0},
      {"brwp_mc",
       "brwp",
       "mixture",
       {{"particles", "200"}, {"z", "mc"}, {"mc_samples", "20"}, {"steps", "10"}},
       {},
       1,
       {"particles"},
       0.0},
      {"brwp_bimodal",
       "brwp",
       "bimodal",
       {{"particles", "200"}, {"h", "0.1"}, {"steps", "10"}},
       {},
       1,
       {"particles"},
       0.0},
      // The preconditioner's FFT plans are measured once per machine
      // (engine/src/spectral/fftw_wisdom.hpp): another machine may pick
      // another plan, which rounds differently (2.2e-16 relative against
      // the estimated plan the fixture was recorded with); the contractive
      // implicit solve does not amplify it.
      {"pdhg_rd_ac", "pdhg-rd", "allen-cahn", {}, {{"n", "32"}, {"T", "0.005"}}, 1, {"u_final"}, 1e-12},
      // KINSOL's dot products and norms are now added per grid row (eight
      // running sums) and the rows combined in order, the reductions that
      // give the one-rank bits across ranks, instead of SUNDIALS' single
      // running sum: u_final moves by round-off (measured 2.2e-16 relative),
      // the Newton and GMRES counts do not change (25 and 137).
      {"nk_fch6", "newton-krylov-rd", "fch6", {}, {{"n", "16"}, {"T", "0.05"}}, 1, {"u_final"}, 1e-12},
      // The mean that the projected primal step subtracts is now summed per
      // grid row (eight running sums) and the rows combined in order, instead
      // of in blocks of 1024 cells: the iterates move by round-off (measured
      // 2.1e-16 relative) and the iteration counts do not change (94 and 93
      // for the two windows before and after), so the windows stop at the
      // same iterate up to round-off that the contractive solve does not
      // amplify.
      {"pdhg_rd_ch",
       "pdhg-rd",
       "cahn-hilliard",
       {},
       {{"n", "16"}, {"boundary", "neumann"}, {"T", "0.02"}},
       1,
       {"u_final"},
       1e-12},
      // The HJ grid moved onto the engine's TensorGrid, stencil and spectral
      // transform (r2c instead of half-complex r2r on periodic grids; the
      // spacing computed as (hi - lo) / n): round-off differences (~1e-15)
      // that the contractive implicit solve does not amplify.
      {"pdhg_hj", "pdhg-hj", "hj-quadratic", {{"nx", "40"}, {"time_levels", "11"}}, {}, 1, {"phi"}, 1e-12},
      {"explicit_hj", "explicit-hj", "hj-homogeneous", {{"nx", "40"}, {"time_levels", "11"}}, {}, 1, {"phi"}, 1e-12},
      {"pdhg_hj2d", "pdhg-hj", "hj-quadratic", {{"nx", "16"}, {"time_levels", "3"}}, {{"dim", "2"}}, 1, {"phi"}, 1e-12},
      {"sgm_empirical",
       "sgm-empirical",
       "two-moons",
       {{"samples", "100"}, {"eps", "0.001"}},
       {{"train", "50"}},
       1,
       {"samples"},
       0.0},
      {"sgm_kernel",
       "sgm-kernel",
       "two-moons",
       {{"samples", "100"}, {"centres", "100"}, {"width", "8"}, {"depth", "2"}, {"iterations", "50"}, {"lr", "0.01"}},
       {{"train", "200"}},
       1,
       {"samples", "precisions"},
       0.0},
  };
  return all;
}

std::string fixture_path(const Case& c, const std::string& array) {
  return std::string(WPROX_FIXTURE_DIR) + "/" + c.name + "_" + array + ".npy";
}

double relative_max_difference(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0.0, scale = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff = std::max(diff, std::fabs(a[i] - b[i]));
    scale = std::max(scale, std::fabs(b[i]));
  }
  return scale > 0 ? diff / scale : diff;
}

}  // namespace

TEST_CASE("every method reproduces its recorded fixture arrays") {
  const char* record_env = std::getenv("WPROX_RECORD_FIXTURES");
  const std::string record_list = record_env ? std::string(",") + record_env + "," : "";
  for (const Case& c : cases()) {
    const bool record =
        record_env && (record_list == ",1," || record_list.find("," + c.name + ",") != std::string::npos);
    SUBCASE(c.name.c_str()) {
      auto out = wprox::testing::run_method(c.method, c.problem, c.params, c.problem_params, c.seed, 2);
      const wprox::Results r = out.results();
      for (const std::string& name : c.arrays) {
        const wprox::Array& got = wprox::testing::find_array(r, name);
        const std::string path = fixture_path(c, name);
        if (record) {
          wprox::write_npy(path, got.data.data(), got.shape);
          MESSAGE("recorded " << path);
          continue;
        }
        const wprox::NpyArray want = wprox::read_npy(path);
        REQUIRE(got.shape == want.shape);
        const double rel = relative_max_difference(got.data, want.data);
        INFO(c.name << " array " << name << ": max relative difference " << rel << ", allowed " << c.tolerance);
        if (c.tolerance == 0.0)
          CHECK(got.data == want.data);
        else
          CHECK(rel <= c.tolerance);
      }
    }
  }
}
