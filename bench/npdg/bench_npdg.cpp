// Error against iterations and wall time for the neural PDE solvers on the
// manufactured elliptic problems (docs/neural-pde.md, "measured results").
//
// Usage: bench_npdg [key=value ...]
//   method=npdg|pinn-adam|wan   problem=elliptic-nd|semilinear-nd   dim=5
//   iterations=200  seconds=0 (stop at this wall time; 0: no limit)
//   seed=1  threads=0  print_every=10  target=1e-2 (report when first reached)
//   stop_at_target=0 (1: stop at the first step that reaches the target)
//   width=32 depth=2 activation=tanh (both networks; test_width, test_depth for the test function's)
//   sequence=random|halton factor=smooth|distance
//   interior=2000 boundary=0 resample=1 error_points=2000 error_every=1
//   npdg: tau_u tau_phi epsilon omega lambda boundary_h1 gram_points minres_tol minres_max_iter damping
//         warm_start strict trust (defaults: NpdgSettings)
//   pinn-adam / wan: lr (lr_phi for wan) lambda
//   clock=wall|cpu (what `seconds` limits: wall time, or the process's CPU time)
// Prints one line per print_every steps: step, wall seconds and process CPU
// seconds of the steps (each step includes its error evaluation), rel_l2,
// rel_h1 and the method's own diagnostics; then a summary line. With
// threads=1 the CPU time is what the steps would take on an idle core: on a
// shared machine the wall time also counts the time the process waited.
#include <chrono>
#include <cstdio>
#include <ctime>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>

#include "cosine_problem.hpp"
#include "npdg.hpp"
#include "pinn.hpp"
#include "wan.hpp"

using namespace wprox;
using namespace wprox::npdg;

namespace {

double cpu_now() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

struct Args {
  std::map<std::string, std::string> kv;
  std::string text(const std::string& k, const std::string& def) const {
    auto it = kv.find(k);
    return it == kv.end() ? def : it->second;
  }
  double real(const std::string& k, double def) const {
    auto it = kv.find(k);
    return it == kv.end() ? def : std::atof(it->second.c_str());
  }
  long integer(const std::string& k, long def) const {
    auto it = kv.find(k);
    return it == kv.end() ? def : std::atol(it->second.c_str());
  }
};

NetworkSettings network(const Args& a, const std::string& prefix = "") {
  NetworkSettings n;
  n.width = int(a.integer(prefix + "width", a.integer("width", n.width)));
  n.depth = int(a.integer(prefix + "depth", a.integer("depth", n.depth)));
  n.activation = activation_from_name(a.text("activation", "tanh"));
  return n;
}

SamplingSettings sampling(const Args& a) {
  SamplingSettings s;
  s.interior_points = a.integer("interior", s.interior_points);
  s.sequence = point_sequence_from_name(a.text("sequence", point_sequence_name(s.sequence)));
  s.boundary_points = a.integer("boundary", s.boundary_points);
  s.resample_every = a.integer("resample", s.resample_every);
  s.error_points = a.integer("error_points", s.error_points);
  s.error_every = a.integer("error_every", s.error_every);
  return s;
}

std::unique_ptr<Trainer> make(const Args& a, const EllipticProblem& p, std::uint64_t seed) {
  const std::string m = a.text("method", "npdg");
  if (m == "npdg") {
    NpdgSettings s;
    s.solution = network(a);
    s.test = network(a, "test_");
    s.test_factor = boundary_factor_from_name(a.text("factor", "smooth"));
    s.sampling = sampling(a);
    s.tau_u = a.real("tau_u", s.tau_u);
    s.tau_phi = a.real("tau_phi", s.tau_phi);
    s.epsilon = a.real("epsilon", s.epsilon);
    s.omega = a.real("omega", s.omega);
    s.boundary_weight = a.real("lambda", s.boundary_weight);
    s.gram_points = a.integer("gram_points", s.gram_points);
    s.minres_tol = a.real("minres_tol", s.minres_tol);
    s.minres_max_iter = a.integer("minres_max_iter", s.minres_max_iter);
    s.damping = a.real("damping", s.damping);
    s.warm_start = a.integer("warm_start", s.warm_start) != 0;
    s.strict_minres = a.integer("strict", 0) != 0;
    s.trust_ratio = a.real("trust", s.trust_ratio);
    s.boundary_h1 = a.integer("boundary_h1", s.boundary_h1) != 0;
    return std::make_unique<NpdgSolver>(p, s, seed);
  }
  if (m == "pinn-adam") {
    PinnSettings s;
    s.solution = network(a);
    s.sampling = sampling(a);
    s.learning_rate = a.real("lr", s.learning_rate);
    s.boundary_weight = a.real("lambda", s.boundary_weight);
    return std::make_unique<PinnAdam>(p, s, seed);
  }
  if (m == "wan") {
    WanSettings s;
    s.solution = network(a);
    s.test = network(a, "test_");
    s.test_factor = boundary_factor_from_name(a.text("factor", "smooth"));
    s.sampling = sampling(a);
    s.lr_u = a.real("lr", s.lr_u);
    s.lr_phi = a.real("lr_phi", s.lr_phi);
    s.boundary_weight = a.real("lambda", s.boundary_weight);
    return std::make_unique<WanSolver>(p, s, seed);
  }
  throw InputError("bench_npdg: unknown method '" + m + "' (npdg, pinn-adam, wan)");
}

// The cosine, in the energy inner product <a grad v, grad w> on held-out
// points, between the test function phi and the error u - u*: how well the
// dual sees the error (1: phi is a multiple of the error).
double dual_alignment(const NpdgSolver& s, const EllipticProblem& p) {
  const Matrix X = sample_interior(p, 2000, 12345, 0);
  const ReferenceData ref = reference_data(p, X);
  const InteriorData in = interior_data(p, X);
  const InputJet ju = s.solution().jet(X, value_and_gradient());
  const InputJet jp = s.test_function().jet(X);
  const Matrix e = ju.grad - ref.grad_u;
  const Matrix A = broadcast(in.a, p.dim());
  const double ee = A.cwiseProduct(e).cwiseProduct(e).sum(), pp = A.cwiseProduct(jp.grad).cwiseProduct(jp.grad).sum();
  return A.cwiseProduct(e).cwiseProduct(jp.grad).sum() / std::sqrt(ee * pp);
}

int run(const Args& a) {
  CosineSettings ps = a.text("problem", "elliptic-nd") == "semilinear-nd" ? semilinear_nd_defaults()
                                                                           : elliptic_nd_defaults();
  ps.dim = int(a.integer("dim", 5));
  const auto problem = a.text("problem", "elliptic-nd") == "semilinear-nd" ? make_semilinear_nd(ps)
                                                                            : make_elliptic_nd(ps);
  const long iterations = a.integer("iterations", 200), every = a.integer("print_every", 10);
  const double seconds = a.real("seconds", 0.0), target = a.real("target", 1e-2);
  const bool stop_at_target = a.integer("stop_at_target", 0) != 0;
  const bool cpu_clock = a.text("clock", "wall") == "cpu";
  auto tr = make(a, *problem, std::uint64_t(a.integer("seed", 1)));
  std::printf("# %s on %s, d = %d, %ld parameters\n", tr->method().c_str(), problem->name().c_str(), ps.dim,
              long(tr->solution().parameter_count()));
  double wall = 0.0, cpu = 0.0, t_target = -1.0, c_target = -1.0;
  long k_target = -1, k = 0;
  Diagnostics d;
  for (k = 1; k <= iterations; ++k) {
    d.clear();
    const auto t0 = std::chrono::steady_clock::now();
    const double c0 = cpu_now();
    tr->step(k, d);
    wall += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cpu += cpu_now() - c0;
    const double e = d.get("rel_l2");
    if (k_target < 0 && e <= target) {
      k_target = k;
      t_target = wall;
      c_target = cpu;
    }
    if (k % every == 0 || k == 1 || k == iterations) {
      std::printf("%6ld %9.2f %9.2f", k, wall, cpu);
      for (const auto& [name, v] : d.items()) std::printf("  %s %.4g", name.c_str(), v);
      if (const auto* np = dynamic_cast<const NpdgSolver*>(tr.get())) std::printf("  dual_alignment %.3f", dual_alignment(*np, *problem));
      std::printf("\n");
      std::fflush(stdout);
    }
    if (seconds > 0 && (cpu_clock ? cpu : wall) >= seconds) break;
    if (stop_at_target && k == k_target) break;
  }
  const long done = std::min(k, iterations);
  std::printf("# summary: %ld steps, wall %.2f s (%.4f s/step), cpu %.2f s (%.4f s/step), final rel_l2 %.4g rel_h1 %.4g; "
              "rel_l2 <= %g at step %ld (wall %.2f s, cpu %.2f s)\n",
              done, wall, wall / double(done), cpu, cpu / double(done), d.get("rel_l2"), d.get("rel_h1"), target,
              k_target, t_target, c_target);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string s = argv[i];
    const auto eq = s.find('=');
    if (eq == std::string::npos) {
      std::fprintf(stderr, "bench_npdg: expected key=value, got '%s'\n", argv[i]);
      return 2;
    }
    a.kv[s.substr(0, eq)] = s.substr(eq + 1);
  }
  int rc = 0;
  try {
    with_threads(int(a.integer("threads", 0)), [&] { rc = run(a); });
  } catch (const InputError& e) {
    std::fprintf(stderr, "bench_npdg: %s\n", e.what());
    return 2;
  } catch (const RunError& e) {
    std::fprintf(stderr, "bench_npdg: %s\n", e.what());
    return 3;
  }
  return rc;
}
