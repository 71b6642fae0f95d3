// pdhg-rd and newton-krylov-rd with their fields split in row slabs over
// the ranks of mpirun, against the same run on the serial communicator in
// the same process.
//
// Tolerance: the two runs do the same arithmetic except inside the
// spectral transforms (FFTW-MPI's r2r plans against the serial r2c / r2r
// plans: other butterflies, other rounding) and nowhere else: norms and
// sums are combined in the one-rank order. One application differs by
// ~1e-16 log2(n^2) relative; PDHG is a contraction on these windows, so the
// differences do not grow through the iterations beyond the preconditioned
// operator's condition (< 1e2 here) times the count of windows: ~1e-13 at
// most, and 1e-12 is the bound. A halo row read stale or not at all
// is NaN (the run poisons rows outside the slab) or an O(h) error, and a
// wrong slab offset is O(1): none passes. Iteration counts must be equal.
// newton-krylov-rd: KINSOL's inner products and norms use the same per-row,
// one-rank-order sums on both sides, so the transforms' rounding (through
// the preconditioner) is again the only difference; Newton's iterates
// converge and GMRES stops at a relative tolerance, so it stays at
// round-off. A reduction over one slab alone gives other Newton and GMRES
// steps on each rank (or NaN: the iterate's rows outside the slab are NaN),
// and the linear counts must be equal too.
#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mpi_test_main.hpp"
#include <wprox/kinds/pde.hpp>
#include <wprox/run_loop.hpp>
#include <wprox/sdk.hpp>
#include <wprox/slab_transform.hpp>
#include <wprox/spectral.hpp>

#include "wprox/mpi/mpi_communicator.hpp"
#include "wprox/mpi/mpi_session.hpp"

namespace {

using Settings = std::map<std::string, std::string>;

wprox::Registry& registry() {
  static wprox::Registry* reg = [] {
    auto* r = new wprox::Registry();  // plugins stay loaded for the process
    r->load_directory(WPROX_TEST_PLUGIN_DIR);
    REQUIRE_MESSAGE(r->all_loaded(), r->first_failure());
    return r;
  }();
  return *reg;
}

struct Outcome {
  std::vector<double> iterations;         // per window
  std::vector<double> linear_iterations;  // per window (newton-krylov-rd)
  std::vector<double> u;                  // u_final
  double mass_drift = 0.0;
};

// Creates problem and run as the CLI does, with `comm` in the run context,
// and steps it to the end; every rank gets the whole u_final.
Outcome run(const wprox::Communicator& comm, const std::string& method, const Settings& params,
            const Settings& problem_params, const std::string& problem) {
  wprox::Registry& reg = registry();
  const wprox::MethodInfo& m = reg.method(method);
  const wprox::ProblemInfo& p = reg.problem(problem);
  wprox::RunContext ctx{1, 0};
  ctx.comm = &comm;
  auto prob = p.create(p.schema.resolve(problem_params, "problem", "problem."), ctx);
  auto r = m.start(*prob, m.schema.resolve(params, "method"), ctx);
  Outcome out;
  while (!r->finished()) {
    wprox::Diagnostics d;
    r->step(d);
    out.iterations.push_back(d.get("iterations"));
    if (d.has("linear_iterations")) out.linear_iterations.push_back(d.get("linear_iterations"));
  }
  for (const wprox::Array& a : r->results().arrays)
    if (a.name == "u_final") out.u = a.data;
  wprox::Diagnostics d;
  r->metrics(d);
  out.mass_drift = d.get("mass_drift");
  return out;
}

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  REQUIRE(a.size() == b.size());
  double m = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::fabs(a[i] - b[i]));
  return m;
}

void compare(const std::string& problem, const Settings& params, const Settings& problem_params,
             const std::string& method = "pdhg-rd") {
  CAPTURE(problem);
  CAPTURE(method);
  CAPTURE(wprox::mpi_test::comm().size());
  const Outcome one = run(wprox::serial_communicator(), method, params, problem_params, problem);
  const Outcome many = run(wprox::mpi_test::comm(), method, params, problem_params, problem);
  REQUIRE(!one.iterations.empty());
  CHECK(many.iterations == one.iterations);
  CHECK(many.linear_iterations == one.linear_iterations);
  const double diff = max_abs_diff(many.u, one.u);
  CAPTURE(diff);
  CHECK(diff <= 1e-12);
  if (wprox::mpi_test::comm().is_root())
    MESSAGE(method << ", " << problem << " on " << wprox::mpi_test::comm().size() << " ranks: " << one.iterations.size() << " windows, "
                   << many.iterations[0] << " iterations in the first, max |du| = " << diff);
  // The split must not cost mass for a conserving model either.
  CHECK(many.mass_drift <= one.mass_drift + 1e-14);
}

}  // namespace

TEST_CASE("slab transform: FFTW-MPI apply equals the serial transform") {
  for (const char* bc : {"periodic", "neumann"}) {
    for (int n : {16, 17}) {  // 17: no rank count divides it
      CAPTURE(bc);
      CAPTURE(n);
      const wprox::TensorGrid g = wprox::TensorGrid::square(n, 1.0, wprox::parse_boundary(bc));
      const auto t = wprox::mpi_test::comm().slab_transform(g);
      const wprox::SpectralTransform serial(g);
      std::mt19937_64 rng(7);
      std::uniform_real_distribution<double> U(-1.0, 1.0);
      std::vector<double> f(std::size_t(g.size()));
      for (double& x : f) x = U(rng);
      // A smoothing multiplier, 1 / (1 - lambda h^2 / 4) in (1/3, 1], built
      // from each side's own symbol and layout.
      auto mult = [&](std::vector<double> lam) {
        for (double& l : lam) l = 1.0 / (1.0 - l * g.h() * g.h() / 4.0);
        return lam;
      };
      std::vector<double> want(f.size());
      serial.apply(f.data(), want.data(), mult(serial.laplacian_symbol()).data());
      const long off = t->row_begin() * n;
      std::vector<double> got(std::size_t(t->local_size()) + 1);
      t->apply(f.data() + off, got.data(), mult(t->laplacian_symbol()).data());
      double d = 0.0;
      for (long k = 0; k < t->local_size(); ++k)
        d = std::max(d, std::fabs(got[std::size_t(k)] - want[std::size_t(off + k)]));
      // ~1e-16 log2(n^2) per transform pair; 1e-13 leaves a margin, a
      // wrong mode or offset is O(1e-1).
      CHECK(d <= 1e-13);
      // Every row is someone's, once.
      std::vector<double> rows{double(t->rows())};
      wprox::mpi_test::comm().sum_in_rank_order(rows.data(), 1);
      CHECK(rows[0] == double(n));
    }
  }
}

TEST_CASE("pdhg-rd across ranks: the one-rank iterations and solution") {
  // Every model order (halos of 1, 2 and 3 rows), both boundaries, and a
  // grid no rank count divides (n = 35: 18 + 17 rows on 2 ranks, 12 + 12 + 11 on 3).
  compare("allen-cahn", {{"h", "1e-3"}}, {{"n", "32"}, {"T", "0.004"}});
  compare("allen-cahn-mobility", {{"h", "1e-3"}}, {{"n", "35"}, {"T", "0.003"}, {"boundary", "neumann"}});
  compare("cahn-hilliard", {{"h", "1e-3"}, {"steps_per_window", "2"}}, {{"n", "35"}, {"T", "0.004"}});
  compare("cahn-hilliard", {{"h", "1e-3"}, {"steps_per_window", "2"}},
          {{"n", "24"}, {"T", "0.004"}, {"boundary", "neumann"}});
  compare("fch6", {{"h", "1e-3"}}, {{"n", "24"}, {"T", "0.003"}});
}

TEST_CASE("newton-krylov-rd across ranks: the one-rank Newton and GMRES iterations and solution") {
  // KINSOL's reductions see each rank's slab and add all rows in the
  // one-rank order; the same models, orders and boundaries as above, with
  // n = 35 and 25 that neither 2 nor 3 divides.
  const std::string nk = "newton-krylov-rd";
  compare("allen-cahn", {{"h", "1e-3"}}, {{"n", "35"}, {"T", "0.004"}}, nk);
  compare("allen-cahn-mobility", {{"h", "1e-3"}}, {{"n", "35"}, {"T", "0.003"}, {"boundary", "neumann"}}, nk);
  compare("cahn-hilliard", {{"h", "1e-3"}, {"steps_per_window", "2"}}, {{"n", "35"}, {"T", "0.004"}}, nk);
  compare("cahn-hilliard", {{"h", "1e-3"}, {"steps_per_window", "2"}},
          {{"n", "25"}, {"T", "0.004"}, {"boundary", "neumann"}}, nk);
  compare("fch6", {{"h", "1e-3"}}, {{"n", "25"}, {"T", "0.003"}}, nk);
  // Without the line search: full Newton steps, other reductions.
  compare("allen-cahn", {{"h", "1e-3"}, {"linesearch", "false"}}, {{"n", "25"}, {"T", "0.003"}}, nk);
}

TEST_CASE("across ranks: a slab thinner than the stencil is refused") {
  // fch6 reaches 3 rows; 8 rows over 3 ranks leaves one rank 2.
  if (wprox::mpi_test::comm().size() == 3)
    for (const char* method : {"pdhg-rd", "newton-krylov-rd"})
      CHECK_THROWS_AS(run(wprox::mpi_test::comm(), method, {}, {{"n", "8"}, {"T", "0.002"}}, "fch6"), wprox::InputError);
}
