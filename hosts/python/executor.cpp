#include "executor.hpp"

#include <pybind11/pybind11.h>

#include <exception>
#include <optional>

namespace py = pybind11;

namespace wprox::python {
namespace {
// How often the waiting Python thread looks for Ctrl-C.
constexpr std::chrono::milliseconds kSignalPoll{50};
// How long it waits for one more request before serving those it has:
// requests of one parallel loop come within microseconds of each other.
constexpr std::chrono::microseconds kGather{50};
}  // namespace

Executor::Executor(int threads)
    : arena_(threads > 0 ? threads : int(tbb::task_arena::automatic)), thread_([this] { loop(); }) {
  channel_.set_gather(kGather);
}

Executor::~Executor() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    quit_ = true;
  }
  cv_.notify_all();
  // The engine thread only waits for jobs here: joining never waits on Python.
  py::gil_scoped_release nogil;
  thread_.join();
}

void Executor::loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    cv_.wait(lock, [&] { return has_job_ || quit_; });
    if (quit_) return;
    std::function<void()> job = std::move(job_);
    has_job_ = false;
    lock.unlock();
    job();
    lock.lock();
    job_finished_ = true;
    cv_.notify_all();
  }
}

void Executor::run(const std::function<void()>& work, CallbackServer* server) {
  channel_.reset();
  if (server) server->attach(&channel_);
  std::exception_ptr engine_error;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = [&] {
      try {
        arena_.execute([&] { work(); });
      } catch (...) {
        engine_error = std::current_exception();
      }
      channel_.work_done();
    };
    has_job_ = true;
    job_finished_ = false;
  }
  cv_.notify_all();

  std::optional<py::error_already_set> callback_error, interrupt;
  {
    py::gil_scoped_release nogil;
    for (;;) {
      Channel::Event e = channel_.next_event(kSignalPoll);
      if (!e.requests.empty()) {
        bool ok = false;
        {
          py::gil_scoped_acquire gil;
          if (!callback_error && server) {
            try {
              server->serve(e.requests);
              ok = true;
            } catch (py::error_already_set& err) {
              callback_error.emplace(std::move(err));
            }
          }
        }
        channel_.complete(e.requests, ok);
        if (!ok) channel_.fail_all();  // no more Python calls: unwind the work
        continue;
      }
      if (e.work_done) break;
      py::gil_scoped_acquire gil;
      if (!interrupt && PyErr_CheckSignals() != 0) {
        interrupt.emplace();  // takes the pending KeyboardInterrupt
        interrupted_ = true;
      }
    }
    std::unique_lock<std::mutex> lock(mutex_);
    cv_.wait(lock, [&] { return job_finished_; });
  }
  if (server) server->attach(nullptr);

  if (callback_error) throw std::move(*callback_error);
  if (engine_error) std::rethrow_exception(engine_error);
  if (interrupt) throw std::move(*interrupt);
}

}  // namespace wprox::python
