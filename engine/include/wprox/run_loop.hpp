#pragma once
// The one loop that drives a Run, shared by every host (the CLI, embedding
// programs, the tests, the Python module): step until finished or asked to
// stop, time every step, call the observers, then the run's finish stage, and
// capture a numerical failure once.
//
//   RunLoop loop;
//   loop.on_step([&](const StepEvent& e) { progress(e.run.progress()); });
//   loop.stop_when([&] { return interrupted; });
//   RunOutcome out = loop.run(*run);   // out.status: done, stopped or diverged
//
// Contract:
//  - stop requests are polled before every step; max_steps() stops after that
//    many steps of this call. A stopped run still gets its finish stage, so
//    its results describe the state it reached.
//  - every step's diagnostics get "wall_seconds" (since run() began) before
//    the step observers see them.
//  - a RunError thrown by a step or by finish() ends the loop with status
//    diverged, the error's message and step (the run keeps the state of its
//    last completed step); other exceptions (InputError, bad_alloc) propagate.
//  - with a communicator of several ranks (communicator()), every rank runs
//    the same loop: the stop decision is agreed before each step (a stop
//    requested on any rank stops all), and each step and finish() are
//    agreement points (wprox/agreement.hpp): a failure on any rank ends the
//    loop on every rank with the same status, message and step. (The
//    ranks that did not fail have completed that step: a method whose
//    ranks' states must stay equal agrees inside its step, as SamplerRun
//    does, so that no rank completes a step another failed.)
#include <functional>
#include <string>
#include <vector>

#include "wprox/method.hpp"

namespace wprox {

struct StepEvent {
  const Run& run;
  long step;                       // 1-based number of the step just taken
  const Diagnostics& diagnostics;  // including wall_seconds
  double seconds;                  // since run() began
};

struct RunOutcome {
  enum class Status { Done, Stopped, Diverged };
  Status status = Status::Done;
  std::string error;                // diverged: "step N: reason"
  long error_step = 0;              // diverged: the step that failed (0: set-up or finish)
  long steps = 0;                   // steps taken by this call
  double seconds = 0;               // wall time of this call, finish included
  const char* status_name() const;  // "done", "stopped", "diverged"
};

class RunLoop {
 public:
  using StepObserver = std::function<void(const StepEvent&)>;
  using StopRequest = std::function<bool()>;

  RunLoop& on_step(StepObserver f);  // called in the order added
  RunLoop& stop_when(StopRequest f);
  RunLoop& max_steps(long n);  // < 0: no limit
  // The ranks running this loop together (default: one process). Must
  // outlive run().
  RunLoop& communicator(const Communicator& comm);
  RunOutcome run(Run& run) const;

 private:
  std::vector<StepObserver> observers_;
  std::vector<StopRequest> stops_;
  long max_steps_ = -1;
  const Communicator* comm_ = &serial_communicator();
};

}  // namespace wprox
