// kernel_sum_rows(): any block of rows has the whole call's bits, on every
// path (symmetric, general isotropic, precisions, the general dimension),
// for blocks that cut the symmetric path's tiles anywhere: what lets a run
// split its queries over ranks and still give the one-process result.
#include <cstring>

#include "testing.hpp"
#include "clouds.hpp"
#include "wprox/kernel_ring.hpp"

using namespace wprox;

namespace {

Vector log_weights(long n, std::uint64_t seed) {
  Vector b(n);
  RandomStream rs(seed, 99);
  rs.normal(b.data(), n);
  return b;
}

bool same_bits(const double* a, const double* b, long n) { return n == 0 || std::memcmp(a, b, sizeof(double) * std::size_t(n)) == 0; }

// The rows of `whole` for the split of n rows into `parts` contiguous blocks.
void check_split(const Particles& X, const KernelSources& S, const KernelRequest& r, int parts) {
  KernelResult whole;
  kernel_sum(X, S, r, whole);
  const BlockSplit split{std::size_t(X.rows()), parts};
  for (int p = 0; p < parts; ++p) {
    const long first = long(split.begin(p)), count = long(split.count(p));
    KernelResult part;
    kernel_sum_rows(X, first, count, S, r, part);
    CAPTURE(p);
    if (r.mean) {
      REQUIRE(part.mean.rows() == count);
      CHECK(same_bits(part.mean.data(), whole.mean.data() + first * whole.mean.cols(), count * whole.mean.cols()));
    }
    if (r.lse) CHECK(same_bits(part.lse.data(), whole.lse.data() + first, count));
    if (r.pull) CHECK(same_bits(part.pull.data(), whole.pull.data() + first * whole.pull.cols(), count * whole.pull.cols()));
  }
}

}  // namespace

TEST_CASE("kernel_sum_rows: the symmetric path's rows, cut anywhere across its tiles") {
  for (int d : {1, 2, 3, 5}) {
    for (long n : {7L, 256L, 700L, 1031L}) {
      const Particles X = testing::normal_cloud(n, d, 11 + std::uint64_t(n) + std::uint64_t(d));
      const Vector b = log_weights(n, 3);
      KernelRequest r;
      r.mean = r.lse = true;
      r.symmetry = KernelRequest::Symmetry::QueriesAreSources;
      CAPTURE(d);
      CAPTURE(n);
      for (int parts : {1, 2, 3, 5}) check_split(X, KernelSources::isotropic(X, 0.7, b), r, parts);
      // No log weights, and a bandwidth that makes most weights tiny.
      check_split(X, KernelSources::isotropic(X, 40.0), r, 3);
    }
  }
}

TEST_CASE("kernel_sum_rows: the general paths' rows") {
  const Particles X = testing::normal_cloud(300, 7, 5);  // d = 7: no compile-time path
  const Vector b = log_weights(300, 8);
  KernelRequest sym;
  sym.mean = sym.lse = true;
  sym.symmetry = KernelRequest::Symmetry::QueriesAreSources;
  check_split(X, KernelSources::isotropic(X, 0.5, b), sym, 3);
  // b spread over more than the symmetric path allows: the general path.
  Vector wide = b;
  wide[0] = -400;
  const Particles Y = testing::normal_cloud(300, 2, 6);
  check_split(Y, KernelSources::isotropic(Y, 0.5, wide), sym, 2);
  // Queries that are not the sources, and sources with precisions.
  const Particles Z = testing::normal_cloud(90, 3, 9);
  KernelRequest all;
  all.mean = all.lse = all.pull = true;
  std::vector<Matrix> G(90, Matrix::Identity(3, 3) * 0.8);
  const Particles Q = testing::normal_cloud(40, 3, 10);
  check_split(Q, KernelSources::with_precisions(Z, G), all, 3);
  KernelRequest plain;
  plain.mean = plain.lse = true;
  check_split(Q, KernelSources::isotropic(Z, 1.5), plain, 4);
}

TEST_CASE("kernel_ring_split: whole source chunks in rank order, uneven and empty shares") {
  const std::size_t g = kernel_ring_grain();
  const BlockSplit s = kernel_ring_split(2 * g + 488, 3);
  CHECK(s.counts() == std::vector<std::size_t>{g, g, 488});
  CHECK(s.begin(2) == 2 * g);
  const BlockSplit small = kernel_ring_split(g + 1, 4);
  CHECK(small.counts() == std::vector<std::size_t>{g, 1, 0, 0});
  CHECK(small.begin(3) == g + 1);
}

TEST_CASE("kernel_sum_ring on one rank: kernel_sum's bits on the symmetric and the general path") {
  // d = 2 and 3: the symmetric path; d = 7, and b spread over more than 300:
  // the general one.
  struct Case {
    int d;
    long n;
    double b_scale;
  };
  for (const Case k : {Case{2, 700, 1.0}, Case{3, 1031, 1.0}, Case{7, 600, 1.0}, Case{2, 900, 200.0}}) {
    const Particles X = testing::normal_cloud(k.n, k.d, 5 + std::uint64_t(k.d));
    const Vector b = k.b_scale * log_weights(k.n, 8);
    KernelRequest r;
    r.mean = r.lse = true;
    r.symmetry = KernelRequest::Symmetry::QueriesAreSources;
    KernelResult whole, ring;
    kernel_sum(X, KernelSources::isotropic(X, 0.7, b), r, whole);
    kernel_sum_ring(serial_communicator(), X, b, 0.7, k.n, true, ring);
    CAPTURE(k.d);
    CAPTURE(k.b_scale);
    CHECK(same_bits(ring.mean.data(), whole.mean.data(), k.n * k.d));
    CHECK(same_bits(ring.lse.data(), whole.lse.data(), k.n));
  }
  // Rows that are not this rank's share are refused.
  const Particles X = testing::normal_cloud(10, 2, 1);
  KernelResult out;
  CHECK_THROWS_AS(kernel_sum_ring(serial_communicator(), X, Vector::Zero(10), 1.0, 11, false, out), DimensionMismatch);
}
