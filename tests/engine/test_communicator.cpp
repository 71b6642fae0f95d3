// The serial communicator is the identity, and BlockSplit tiles 0..n in
// rank order with sizes differing by at most one.
#include "testing.hpp"

#include <numeric>
#include <vector>

#include "wprox/communicator.hpp"
#include "wprox/method.hpp"

using namespace wprox;

TEST_CASE("block split covers every item once, in rank order") {
  for (std::size_t n : {0u, 1u, 7u, 64u, 1001u}) {
    for (int ranks : {1, 2, 3, 8}) {
      BlockSplit s{n, ranks};
      std::size_t next = 0;
      for (int r = 0; r < ranks; ++r) {
        CHECK(s.begin(r) == next);
        next += s.count(r);
        CHECK(s.count(r) + 1 >= s.count(0));
        CHECK(s.count(r) <= s.count(0));
      }
      CHECK(next == n);
      auto c = s.counts();
      CHECK(std::accumulate(c.begin(), c.end(), std::size_t(0)) == n);
    }
  }
}

TEST_CASE("serial communicator: one rank, collectives leave data as it is") {
  const Communicator& c = RunContext{}.communicator();
  CHECK(&c == &serial_communicator());
  CHECK(c.rank() == 0);
  CHECK(c.size() == 1);
  CHECK(c.is_root());
  std::vector<double> v{1.5, -2.0};
  c.sum_in_rank_order(v.data(), v.size());
  CHECK(v == std::vector<double>{1.5, -2.0});
  CHECK(c.max(3.0) == 3.0);
  std::vector<double> all(2);
  c.all_gather(v.data(), 2, all.data(), {2});
  CHECK(all == v);
  std::vector<double> recv(2);
  c.shift(v.data(), 2, recv.data(), 2)->wait();
  CHECK(recv == v);
  CHECK(c.first_failed_rank(false) == -1);
  CHECK(c.first_failed_rank(true) == 0);
}
