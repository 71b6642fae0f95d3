// Failure agreement over ranks (wprox/agreement.hpp) and the run loop that
// uses it: a failure on one rank only reaches every rank with that rank's
// type, message and step, and nobody is left waiting; a stop requested on
// one rank stops all after the same step. Runs under mpirun with 1, 2 and 3
// ranks.
#include <cstdio>
#include <new>
#include <stdexcept>
#include <string>

#include <doctest/doctest.h>

#include "mpi_test_main.hpp"
#include "wprox/agreement.hpp"
#include "wprox/errors.hpp"
#include "wprox/mpi/mpi_session.hpp"
#include "wprox/run_loop.hpp"

using namespace wprox;

namespace {

// A run that fails on the last rank only, at a chosen step, with a
// collective call in every step (as a sharded method makes).
class FailsOnOneRank : public Run {
 public:
  FailsOnOneRank(const Communicator& c, long fail_at) : Run(10), c_(c), fail_at_(fail_at) {}
  Results results() const override { return {}; }

 protected:
  void do_step(long k, Diagnostics& d) override {
    double x = 1;
    c_.sum_in_rank_order(&x, 1);
    d.set("ranks", x);
    if (k == fail_at_ && c_.rank() == c_.size() - 1) throw RunError(k, "rank " + std::to_string(c_.rank()) + " saw NaN");
  }

 private:
  const Communicator& c_;
  long fail_at_;
};
}  // namespace

TEST_CASE("agree: the lowest failing rank's error, on every rank, with its type") {
  const Communicator& c = wprox::mpi_test::comm();
  const int last = c.size() - 1;
  CHECK_NOTHROW(agree(c, [] {}));
  try {
    agree(c, [&] {
      if (c.rank() >= last) throw InputError("file unreadable on rank " + std::to_string(c.rank()));
    });
    FAIL("no error");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()) == "file unreadable on rank " + std::to_string(last));
    CHECK(take_agreed_failure() == (c.size() > 1));
  }
  try {
    agree(c, [&] {
      if (c.rank() == last) throw RunError(4, "diverged");
    });
    FAIL("no error");
  } catch (const RunError& e) {
    CHECK(e.step() == 4);
    CHECK(e.reason() == "diverged");
  }
  CHECK_THROWS_AS(agree(c, [&] {
                    if (c.rank() == 0) throw std::bad_alloc();
                  }),
                  std::bad_alloc);
  take_agreed_failure();
}

TEST_CASE("run loop: a step failing on one rank ends every rank's loop alike") {
  const Communicator& c = wprox::mpi_test::comm();
  FailsOnOneRank run(c, 3);
  RunLoop loop;
  loop.communicator(c);
  long seen = 0;
  loop.on_step([&](const StepEvent& e) {
    seen = e.step;
    CHECK(e.diagnostics.get("ranks") == double(c.size()));
  });
  const RunOutcome out = loop.run(run);
  CHECK(out.status == RunOutcome::Status::Diverged);
  CHECK(out.error_step == 3);
  CHECK(out.error == "step 3: rank " + std::to_string(c.size() - 1) + " saw NaN");
  CHECK(seen == 2);
  // The loop cannot undo a step that succeeded on the other ranks: they
  // hold the state after step 3, the failing rank the state after step 2.
  // A sharded method whose state could differ agrees inside its step
  // (SamplerRun does), before any rank's step completes.
  CHECK(run.steps_done() == (c.rank() == c.size() - 1 ? 2 : 3));
  CHECK_FALSE(take_agreed_failure());  // the loop handled it
}

TEST_CASE("run loop: a stop requested on rank 0 only stops every rank after the same step") {
  const Communicator& c = wprox::mpi_test::comm();
  FailsOnOneRank run(c, -1);
  RunLoop loop;
  loop.communicator(c);
  long steps = 0;
  loop.on_step([&](const StepEvent&) { ++steps; });
  loop.stop_when([&] { return c.rank() == 0 && steps == 4; });
  const RunOutcome out = loop.run(run);
  CHECK(out.status == RunOutcome::Status::Stopped);
  CHECK(run.steps_done() == 4);
}
