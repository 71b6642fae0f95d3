// kernel_sum_ring(): the self-interaction kernel over a ring of ranks
// (wprox/kernel_ring.hpp).
#include "wprox/kernel_ring.hpp"

#include <cmath>
#include <limits>
#include <memory>

#include "kernel_paths.hpp"
#include "wprox/errors.hpp"

namespace wprox {

using namespace kernel_detail;

namespace {

long padded(long n) { return (n + kLanes - 1) / kLanes * kLanes; }

// A block on the wire: its coordinates in SoA layout, then its b.
std::vector<double> pack(const SourcesSoA& s) {
  std::vector<double> buf(s.coords);
  buf.insert(buf.end(), s.b.begin(), s.b.end());
  return buf;
}

SourcesSoA unpack(const std::vector<double>& buf, long n, int d) {
  SourcesSoA s;
  s.n = n;
  s.d = d;
  s.padded = padded(n);
  const auto coords_end = buf.begin() + std::ptrdiff_t(d) * s.padded;
  s.coords.assign(buf.begin(), coords_end);
  s.b.assign(coords_end, buf.end());
  return s;
}

}  // namespace

std::size_t kernel_ring_grain() { return std::size_t(kBlock); }

BlockSplit kernel_ring_split(std::size_t n, int ranks) { return BlockSplit{n, ranks, kernel_ring_grain()}; }

void kernel_sum_ring(const Communicator& comm, const Particles& own, const Vector& own_b, double c, long n_total,
                     bool want_lse, KernelResult& out) {
  const int R = comm.size(), r = comm.rank();
  const int d = int(own.cols());
  const BlockSplit split = kernel_ring_split(std::size_t(n_total), R);
  const long first = long(split.begin(r)), count = long(split.count(r));
  WPROX_REQUIRE(own.rows() == count, DimensionMismatch,
                "kernel_sum_ring: rank " << r << " holds " << own.rows() << " rows but its share of " << n_total
                                         << " particles is " << count << " (kernel_ring_split)");
  WPROX_REQUIRE(own_b.size() == count, DimensionMismatch,
                "kernel_sum_ring: b has " << own_b.size() << " entries for " << count << " rows");

  // The path is chosen on all the particles, as kernel_sum() chooses it.
  const double inf = std::numeric_limits<double>::infinity();
  const bool finite_here = own.allFinite() && own_b.allFinite();
  const bool finite = comm.max(finite_here ? 0.0 : 1.0) == 0.0;
  const double B = comm.max(count && finite_here ? own_b.maxCoeff() : -inf);
  const double b_min = -comm.max(count && finite_here ? -own_b.minCoeff() : -inf);
  const bool symmetric = symmetric_serves(n_total, d, c, finite, finite ? B - b_min : inf);

  const KernelPaths& paths = kernel_paths();
  const SourcesSoA mine = transpose_sources(own, own_b);
  const long tiles = (n_total + kTile - 1) / kTile;
  RingPartials partials;
  if (!symmetric) paths.general_ring_start(count, d, partials);

  // The general path folds blocks in index order: those that come early wait.
  std::vector<std::unique_ptr<SourcesSoA>> waiting(static_cast<std::size_t>(R));
  int next = 0;
  auto use = [&](int id, const std::vector<double>& buf) {
    const long block_first = long(split.begin(id)), block_count = long(split.count(id));
    if (symmetric) {
      if (id == r)
        paths.symmetric_ring_own(mine, B, first / kTile, tiles, c, partials);
      else
        paths.symmetric_ring_block(mine, first / kTile, unpack(buf, block_count, d), B, block_first / kTile, c, partials);
      return;
    }
    waiting[std::size_t(id)] = std::make_unique<SourcesSoA>(id == r ? mine : unpack(buf, block_count, d));
    for (; next < R && waiting[std::size_t(next)]; ++next) {
      paths.general_ring_block(own, *waiting[std::size_t(next)], c, partials);
      waiting[std::size_t(next)].reset();
    }
  };

  // Step s: pass the held block to rank r - 1, take block r + 1 + s from
  // rank r + 1, and use the held block meanwhile.
  std::vector<double> held = pack(mine), incoming;
  int held_id = r;
  for (int s = 0; s + 1 < R; ++s) {
    const int in_id = (r + 1 + s) % R;
    incoming.assign(std::size_t((d + 1) * padded(long(split.count(in_id)))), 0.0);
    auto transfer = comm.shift_back(held.data(), held.size(), incoming.data(), incoming.size());
    use(held_id, held);
    transfer->wait();
    held.swap(incoming);
    held_id = in_id;
  }
  use(held_id, held);

  out = KernelResult();
  if (symmetric)
    paths.symmetric_ring_finish(partials, B, out.mean, want_lse ? &out.lse : nullptr);
  else
    paths.general_ring_finish(partials, out.mean, want_lse ? &out.lse : nullptr);
}

}  // namespace wprox
