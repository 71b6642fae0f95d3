#pragma once
// The meeting point of the engine thread (and its TBB workers) and the
// Python thread that drives a run.
//
// Python code must run on the Python thread, with the GIL, and never on a
// TBB worker: so an engine thread that needs a value from a Python callback
// posts a PointRequest here and blocks until the Python thread has served
// it. The Python thread waits in next_event() for requests, for the end of
// the engine's work, or for a timeout (when it polls for Ctrl-C); it takes
// every request pending at that moment at once, so that they are served by
// one vectorized call.
//
// post() suspends the calling TBB task (oneTBB's resumable tasks) instead
// of blocking its thread when it can: the thread then runs the loop's other
// pending pieces, which post their own requests, so that a batch holds a
// request from every piece of a parallel loop, not one per thread.
//
// Contract: post() returns once the request is done; it throws
// CallbackFailed when the Python side could not serve it (a callback
// raised), and then so does every later post() until reset(). A request's
// pointers stay valid while post() waits: the server writes the outputs in
// place.
#include <chrono>
#include <cstddef>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <tbb/task.h>

namespace wprox::python {

// What a request needs: bits of `PointRequest::need`.
enum Need : unsigned { kValue = 1, kGradient = 2, kHessian = 4 };

// n points (rows of x, n x d) and where their outputs go.
struct PointRequest {
  const double* x = nullptr;
  std::size_t n = 1;
  unsigned need = 0;
  double* value = nullptr;     // kValue: n
  double* gradient = nullptr;  // kGradient: n x d
  double* hessian = nullptr;   // kHessian: n x d x d, row-major
  bool done = false;
  bool failed = false;
  // Set when the poster's TBB task is suspended rather than its thread
  // blocked (see post()); the server resumes it.
  tbb::task::suspend_point suspended = nullptr;
};

// Thrown on the engine side when a request could not be served; it unwinds
// the step, and the host re-raises the Python exception that caused it.
class CallbackFailed : public std::runtime_error {
 public:
  CallbackFailed() : std::runtime_error("a Python callback raised an exception") {}
};

class Channel {
 public:
  // Engine side.
  void post(PointRequest& r);
  void work_done();

  // Python side. Waits at most `timeout` for requests or the end of the
  // work; returns the requests taken (possibly none).
  struct Event {
    std::vector<PointRequest*> requests;
    bool work_done = false;
  };
  Event next_event(std::chrono::milliseconds timeout);
  // Marks requests served (or failed) and wakes their posters.
  void complete(const std::vector<PointRequest*>& requests, bool ok);
  // Makes every later post() fail at once (the Python side gave up).
  void fail_all();
  // Before new work: no pending requests, not done, not failed.
  void reset();
  // How long the Python thread waits for one more request before serving
  // the ones it has (0: serve at once).
  void set_gather(std::chrono::microseconds window) { gather_ = window; }

 private:
  std::mutex mutex_;
  std::condition_variable to_python_, to_engine_;
  std::vector<PointRequest*> pending_;
  bool work_done_ = false;
  bool failed_ = false;
  std::chrono::microseconds gather_{0};
};

}  // namespace wprox::python
