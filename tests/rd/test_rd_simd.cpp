// The reaction–diffusion row passes (rd-models' operators, pdhg-rd's
// pointwise passes) are compiled per SIMD target without FMA contraction, so
// every target must give the same bits: each solver on each model, once per
// target this CPU has, against the sse2 run. Allen–Cahn also at n = 12 and
// 20, where rows of 12 or 20 cells take whole vectors of 2 and 4 lanes but
// the cell-by-cell loop of the 8-lane target (the same formula).
#include <string>
#include <vector>

#include <wprox/simd.hpp>

#include "testing.hpp"

namespace {

using wprox::testing::Settings;

struct RdCase {
  std::string method, problem;
  Settings problem_params;
  std::string n = "16";
};

std::vector<double> final_field(const RdCase& c, wprox::SimdTarget t) {
  wprox::set_simd_target(t);  // read when the model and the solver are made
  Settings problem = c.problem_params;
  problem["n"] = c.n;
  problem["T"] = "0.01";
  auto out = wprox::testing::run_method(c.method, c.problem, {}, problem, 1, 2);
  return wprox::testing::find_array(out.results(), "u_final").data;
}

}  // namespace

TEST_CASE("reaction-diffusion runs give the same bits on every SIMD target") {
  const std::vector<RdCase> cases = {
      {"pdhg-rd", "allen-cahn", {}},
      {"pdhg-rd", "allen-cahn-mobility", {}},
      {"pdhg-rd", "cahn-hilliard", {{"boundary", "neumann"}}},
      {"pdhg-rd", "fch6", {}},
      {"newton-krylov-rd", "cahn-hilliard", {}},
      {"pdhg-rd", "allen-cahn", {}, "12"},
      {"pdhg-rd", "allen-cahn", {{"boundary", "neumann"}}, "20"},
      {"newton-krylov-rd", "allen-cahn", {}, "12"},
  };
  const wprox::SimdTarget before = wprox::simd_target();
  for (const RdCase& c : cases) {
    const std::vector<double> base = final_field(c, wprox::SimdTarget::sse2);
    for (wprox::SimdTarget t : wprox::simd_targets_supported()) {
      INFO(c.method << " on " << c.problem << " at n = " << c.n << ", target " << std::string(wprox::simd_target_name(t)));
      CHECK(final_field(c, t) == base);
    }
  }
  wprox::set_simd_target(before);
}
