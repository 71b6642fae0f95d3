// The MPI communicator against what one process computes: rank-ordered sums
// with the serial loop's bits, uneven gathers, the ring shift, broadcasts
// and failure agreement. Runs under mpirun with 1, 2 and 3 ranks.
#include <mpi.h>

#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "mpi_test_main.hpp"
#include "wprox/mpi/mpi_communicator.hpp"
#include "wprox/mpi/mpi_session.hpp"

using namespace wprox;

namespace {

// Rank r's contribution: values whose sum depends on the order of addition.
double contribution(int r, std::size_t i) { return std::ldexp(1.0 + 1e-3 * double(i), 30 * (r % 2)) / (3.0 + r); }
}  // namespace

TEST_CASE("sums are added in rank order, with the serial loop's bits") {
  const Communicator& c = wprox::mpi_test::comm();
  std::vector<double> v(5);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = contribution(c.rank(), i);
  c.sum_in_rank_order(v.data(), v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    double serial = contribution(0, i);
    for (int r = 1; r < c.size(); ++r) serial += contribution(r, i);
    CHECK(v[i] == serial);  // bitwise: same additions in the same order
  }
  CHECK(c.max(double(c.rank())) == double(c.size() - 1));
}

TEST_CASE("uneven all-gather concatenates the blocks in rank order") {
  const Communicator& c = wprox::mpi_test::comm();
  BlockSplit split{7, c.size()};
  std::vector<double> mine(split.count(c.rank()));
  for (std::size_t k = 0; k < mine.size(); ++k) mine[k] = double(split.begin(c.rank()) + k);
  std::vector<double> all(7, -1.0);
  c.all_gather(mine.data(), mine.size(), all.data(), split.counts());
  for (std::size_t i = 0; i < all.size(); ++i) CHECK(all[i] == double(i));
}

TEST_CASE("a full ring of shifts brings every block past every rank") {
  const Communicator& c = wprox::mpi_test::comm();
  std::vector<double> held{double(c.rank())}, incoming(1);
  double seen = 0;
  for (int step = 0; step < c.size(); ++step) {
    seen += held[0];
    auto t = c.shift(held.data(), 1, incoming.data(), 1);
    t->wait();
    // What arrives at step s came from rank r - s - 1.
    CHECK(incoming[0] == double((c.rank() - step - 1 + 2 * c.size()) % c.size()));
    held.swap(incoming);
  }
  CHECK(seen == double(c.size() * (c.size() - 1) / 2));
  CHECK(held[0] == double(c.rank()));
}

TEST_CASE("broadcasts and failure agreement") {
  const Communicator& c = wprox::mpi_test::comm();
  std::string text = c.is_root() ? "from rank 0" : "";
  c.broadcast(text, 0);
  CHECK(text == "from rank 0");
  double x = c.is_root() ? 2.5 : 0.0;
  c.broadcast(&x, 1, 0);
  CHECK(x == 2.5);
  CHECK(c.first_failed_rank(false) == -1);
  CHECK(c.first_failed_rank(c.rank() == c.size() - 1) == c.size() - 1);
  CHECK(c.first_failed_rank(true) == 0);
  CHECK(c.description().find(std::to_string(c.size())) != std::string::npos);
}
