// pdhg-rd (Allen-Cahn, periodic) with its fields split over the ranks this
// program runs on: seconds per PDHG iteration, and the parts of it a time
// model needs, at each n given (default 256 512 1024; "quick": 64 128).
//
// Per n it prints, from rank 0:
//   iter_s   least wall seconds per iteration over the timed windows (the
//            first window warms caches and is skipped; the minimum is the
//            least disturbed on a shared machine)
//   apply_s  one slab spectral application (forward + inverse transform,
//            two all-to-all transposes across ranks), best of 5
//   halo_s   one halo exchange of one row each way, best of 5
//   iters    PDHG iterations per window (the same at every rank count)
// scaling_rd.sh runs it at np = 1 and 2 and forms the ratios. Each rank runs
// one TBB thread, so that P ranks use P cores and the ratios are those of
// the split alone.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include <wprox/kinds/pde.hpp>
#include <wprox/parallel.hpp>
#include <wprox/sdk.hpp>
#include <wprox/slab_transform.hpp>

#include "timing.hpp"
#include "wprox/mpi/mpi_session.hpp"

using namespace wprox;
using Settings = std::map<std::string, std::string>;

namespace {

struct Measured {
  double best_iteration = 1e300, iterations = 0;
};

Measured measure(Registry& reg, const Communicator& comm, int n, int windows) {
  const ProblemInfo& pi = reg.problem("allen-cahn");
  RunContext ctx{1, 0};
  ctx.comm = &comm;
  const Settings prob{{"n", std::to_string(n)}, {"T", "1"}};
  auto p = pi.create(pi.schema.resolve(prob, "allen-cahn", "problem."), ctx);
  const MethodInfo& mi = reg.method("pdhg-rd");
  auto run = mi.start(*p, mi.schema.resolve({{"h", "1e-3"}}, "pdhg-rd"), ctx);
  Measured m;
  for (int w = 0; w < windows; ++w) {
    Diagnostics d;
    comm.barrier();
    const auto t0 = std::chrono::steady_clock::now();
    run->step(d);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    s = comm.max(s);  // the slowest rank sets the pace
    if (w == 0) continue;
    m.iterations = d.get("iterations");
    if (m.iterations > 0) m.best_iteration = std::min(m.best_iteration, s / m.iterations);
  }
  return m;
}

}  // namespace

int main(int argc, char** argv) {
  MpiSession session(&argc, &argv);
  const Communicator& comm = session.communicator();  // serial without mpirun
  std::vector<int> sizes;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "quick")
      sizes = {64, 128};
    else
      sizes.push_back(std::atoi(argv[i]));
  }
  if (sizes.empty()) sizes = {256, 512, 1024};
  Registry reg;
  reg.load_directory(WPROX_BENCH_PLUGIN_DIR);
  const bool root = comm.rank() == 0;
  if (root) std::printf("%5s %5s %12s %12s %12s %6s\n", "ranks", "n", "iter_s", "apply_s", "halo_s", "iters");
  with_threads(1, [&] {
    for (int n : sizes) {
      const Measured m = measure(reg, comm, n, 4);
      const TensorGrid g = TensorGrid::square(n, 1.0, Boundary::Periodic);
      const auto t = comm.slab_transform(g);
      std::vector<double> f(std::size_t(std::max(1L, t->local_size())), 1.0),
          mult(std::size_t(std::max(1L, t->local_modes())), 0.5);
      const double apply = comm.max(bench::best_seconds([&] { t->apply(f.data(), f.data(), mult.data()); }));
      std::vector<double> row(static_cast<std::size_t>(n), 1.0), got(static_cast<std::size_t>(n));
      const double halo = comm.max(bench::best_seconds([&] {
        auto a = comm.shift(row.data(), row.size(), got.data(), got.size());
        auto b = comm.shift_back(row.data(), row.size(), got.data(), got.size());
        a->wait();
        b->wait();
      }));
      if (root)
        std::printf("%5d %5d %12.3e %12.3e %12.3e %6.0f\n", comm.size(), n, m.best_iteration, apply, halo,
                    m.iterations);
    }
  });
  return 0;
}
