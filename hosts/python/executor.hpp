#pragma once
// Runs engine work for one Python session: on an engine thread of the
// session's own, inside a TBB arena of the session's thread count, while
// the calling Python thread waits with the GIL released.
//
// Why not on the calling thread: the engine calls a Python target's
// callbacks from the thread that runs it (they take the GIL themselves, see
// python_potential.hpp). Run on the calling thread, usually Python's main
// thread, they would be where CPython runs its signal handlers: Ctrl-C
// would raise KeyboardInterrupt inside a callback, half way through a step,
// and fail the run. On the engine thread callbacks never see signals; the
// waiting thread looks for them every few milliseconds, keeps a
// KeyboardInterrupt for when the work is over, and tells the work through
// interrupted(), which a run loop polls between steps.
//
// Contract of run(work) (called with the GIL held):
//  - returns when the work has ended, whatever happened;
//  - rethrows an exception the work threw;
//  - else raises the exception a signal handler raised while the work ran
//    (KeyboardInterrupt). The work is not interrupted; interrupted() stays
//    set until clear_interrupt().
// One run at a time (a session is driven by one Python thread at a time).
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include <tbb/task_arena.h>

namespace wprox::python {

class Executor {
 public:
  explicit Executor(int threads);  // the arena's concurrency (0: all cores)
  ~Executor();
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;

  void run(const std::function<void()>& work);
  bool interrupted() const { return interrupted_; }
  void clear_interrupt() { interrupted_ = false; }

 private:
  void loop();  // the engine thread: runs one job after another

  tbb::task_arena arena_;
  std::atomic<bool> interrupted_{false};

  std::mutex mutex_;
  std::condition_variable cv_;
  const std::function<void()>* job_ = nullptr;  // the job posted, until taken
  bool job_done_ = false, quit_ = false;
  std::thread thread_;  // declared last: started once the rest exists
};

}  // namespace wprox::python
