#pragma once
// Runs engine work for one Python session.
//
// The work runs on an engine thread of the session's own, inside a TBB
// arena of the session's thread count, while the calling Python thread (the
// GIL released) waits for it: it serves the callback requests the work
// posts to the Channel (see channel.hpp), and between them polls for
// signals, so that Ctrl-C is seen while the engine computes.
//
// Contract of run(work, server) (called with the GIL held):
//  - returns when the work has ended, whatever happened;
//  - a Python exception raised by a callback is re-raised unchanged (the
//    work was unwound by CallbackFailed and is left as it stood);
//  - else an exception thrown by the work is rethrown;
//  - else a KeyboardInterrupt seen while the work ran is raised. The work
//    is not interrupted: it is told through interrupted(), which a run loop
//    polls between steps, and which stays set until clear_interrupt().
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include <tbb/task_arena.h>

#include "channel.hpp"

namespace wprox::python {

// What serves callback requests: a Python-defined problem.
class CallbackServer {
 public:
  virtual ~CallbackServer() = default;
  // Where to post requests while work runs (nullptr afterwards).
  virtual void attach(Channel* channel) = 0;
  // Computes the outputs of every request, with the GIL held, in as few
  // Python calls as possible. Throws pybind11::error_already_set when a
  // callback raised.
  virtual void serve(const std::vector<PointRequest*>& requests) = 0;
};

class Executor {
 public:
  explicit Executor(int threads);  // the arena's concurrency (0: all cores)
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void run(const std::function<void()>& work, CallbackServer* server);
  bool interrupted() const { return interrupted_; }
  void clear_interrupt() { interrupted_ = false; }

 private:
  void loop();  // the engine thread

  tbb::task_arena arena_;
  Channel channel_;
  std::atomic<bool> interrupted_{false};

  std::mutex mutex_;
  std::condition_variable cv_;
  std::function<void()> job_;
  bool has_job_ = false, job_finished_ = false, quit_ = false;
  std::thread thread_;  // declared last: started once the rest exists
};

}  // namespace wprox::python
