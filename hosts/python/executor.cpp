#include "executor.hpp"

#include <pybind11/pybind11.h>

#include <chrono>
#include <exception>
#include <optional>

namespace py = pybind11;

namespace wprox::python {
namespace {
// How often the waiting Python thread looks for signals: short against a
// person's reaction, long against the time it takes (it briefly takes the
// GIL from a callback that holds it).
constexpr std::chrono::milliseconds kSignalPoll{50};
}  // namespace

Executor::Executor(int threads)
    : arena_(threads > 0 ? threads : int(tbb::task_arena::automatic)), thread_([this] { loop(); }) {}

Executor::~Executor() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  cv_.notify_all();
  // run() returns only once its job is done, so the engine thread is idle
  // here: it leaves at once, without Python.
  thread_.join();
}

void Executor::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return job_ != nullptr || quit_; });
    if (quit_) return;
    const std::function<void()>* job = job_;
    job_ = nullptr;
    lock.unlock();
    (*job)();  // catches everything (see run())
    lock.lock();
    job_done_ = true;
    cv_.notify_all();
  }
}

void Executor::run(const std::function<void()>& work) {
  std::exception_ptr error;
  const std::function<void()> job = [&] {
    try {
      arena_.execute([&] { work(); });
    } catch (...) {
      error = std::current_exception();
    }
  };
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = &job;
    job_done_ = false;
  }
  cv_.notify_all();

  std::optional<py::error_already_set> signal_error;
  {
    py::gil_scoped_release nogil;
    std::unique_lock<std::mutex> lock(mutex_);
    while (!cv_.wait_for(lock, kSignalPoll, [&] { return job_done_; })) {
      lock.unlock();
      {
        py::gil_scoped_acquire gil;
        if (PyErr_CheckSignals() != 0) {
          // The handler raised (KeyboardInterrupt): keep the first, for
          // when the work is over.
          if (signal_error)
            PyErr_Clear();
          else
            signal_error.emplace();
          interrupted_ = true;
        }
      }
      lock.lock();
    }
  }
  if (error) std::rethrow_exception(error);
  if (signal_error) throw std::move(*signal_error);
}

}  // namespace wprox::python
