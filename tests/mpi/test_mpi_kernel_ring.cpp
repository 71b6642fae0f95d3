// kernel_sum_ring() across ranks against kernel_sum() of the whole cloud in
// one process: the own rows' bits on the symmetric and the general path,
// for uneven shares, empty shares and any thread count.
#include <tbb/global_control.h>

#include <cstring>
#include <vector>

#include <doctest/doctest.h>

#include "mpi_test_main.hpp"
#include "clouds.hpp"
#include "wprox/kernel_ring.hpp"
#include "wprox/random.hpp"

using namespace wprox;

namespace {

// Log weights of the cloud, keyed by particle like the cloud itself.
Vector log_weights(long n, double scale) {
  Vector b(n);
  for (long i = 0; i < n; ++i) {
    RandomStream rs(77, std::uint64_t(i));
    b[i] = scale * rs.normal();
  }
  return b;
}

bool same_bits(const double* a, const double* b, long n) {
  return n == 0 || std::memcmp(a, b, sizeof(double) * std::size_t(n)) == 0;
}

void check_ring(long n, int d, double b_scale, int threads) {
  const Communicator& comm = mpi_test::comm();
  const Particles X = testing::normal_cloud(n, d, 3 + std::uint64_t(d));
  const Vector b = log_weights(n, b_scale);
  const double c = 0.8;
  KernelRequest r;
  r.mean = r.lse = true;
  r.symmetry = KernelRequest::Symmetry::QueriesAreSources;
  KernelResult whole;
  kernel_sum(X, KernelSources::isotropic(X, c, b), r, whole);

  const BlockSplit split = kernel_ring_split(std::size_t(n), comm.size());
  const long first = long(split.begin(comm.rank())), count = long(split.count(comm.rank()));
  const Particles own = X.middleRows(first, count);
  const Vector own_b = b.segment(first, count);
  KernelResult ring;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
    kernel_sum_ring(comm, own, own_b, c, n, true, ring);
  }
  CAPTURE(n);
  CAPTURE(d);
  CAPTURE(b_scale);
  CAPTURE(threads);
  REQUIRE(ring.mean.rows() == count);
  CHECK(same_bits(ring.mean.data(), whole.mean.data() + first * d, count * d));
  CHECK(same_bits(ring.lse.data(), whole.lse.data() + first, count));
}

}  // namespace

TEST_CASE("ring kernel, symmetric path: the one-process rows bit for bit") {
  for (int threads : {1, 2}) {
    check_ring(1000, 2, 1.0, threads);  // 512 + 488 (+ an empty third share)
    check_ring(2600, 3, 1.0, threads);  // 1024 + 1024 + 552, or 1536 + 1064
  }
  check_ring(5, 1, 1.0, 2);  // one rank holds everything
}

TEST_CASE("ring kernel, general path: the online softmax in source order, bit for bit") {
  for (int threads : {1, 2}) {
    check_ring(1800, 7, 1.0, threads);   // no compiled symmetric dimension
    check_ring(2100, 2, 200.0, threads);  // b spread over more than 300
  }
}
