#include "wprox/run_loop.hpp"

#include "wprox/errors.hpp"

#include <chrono>

namespace wprox {

const char* RunOutcome::status_name() const {
  switch (status) {
    case Status::Done: return "done";
    case Status::Stopped: return "stopped";
    case Status::Diverged: return "diverged";
  }
  return "?";
}

RunLoop& RunLoop::on_step(StepObserver f) {
  observers_.push_back(std::move(f));
  return *this;
}

RunLoop& RunLoop::stop_when(StopRequest f) {
  stops_.push_back(std::move(f));
  return *this;
}

RunLoop& RunLoop::max_steps(long n) {
  max_steps_ = n;
  return *this;
}

RunOutcome RunLoop::run(Run& run) const {
  RunOutcome out;
  const auto t0 = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  auto stop_requested = [&] {
    if (max_steps_ >= 0 && out.steps >= max_steps_) return true;
    for (const auto& s : stops_)
      if (s()) return true;
    return false;
  };
  try {
    while (!run.finished()) {
      if (stop_requested()) {
        out.status = RunOutcome::Status::Stopped;
        break;
      }
      Diagnostics d;
      try {
        run.step(d);
      } catch (const InputError& e) {
        // Everything the user gave was validated before the first step, so
        // a step that finds its own data unusable (a preconditioner rebuilt
        // for an adaptive step that is no longer positive) is a failed run:
        // exit 3 with the results so far, never exit 2 after the output
        // folder was started.
        throw RunError(run.steps_done() + 1, e.what());
      }
      ++out.steps;
      const double now = seconds();
      d.set("wall_seconds", now);
      const StepEvent e{run, run.steps_done(), d, now};
      for (const auto& f : observers_) f(e);
    }
    run.finish();
  } catch (const RunError& e) {
    out.status = RunOutcome::Status::Diverged;
    out.error = e.what();
    out.error_step = e.step();
  }
  out.seconds = seconds();
  return out;
}

}  // namespace wprox
