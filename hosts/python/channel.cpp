#include "channel.hpp"

#include <tbb/task_arena.h>

namespace wprox::python {

namespace {
// The longest a first request waits for others to join its batch.
constexpr std::chrono::microseconds kGatherMax{2000};
}  // namespace

void Channel::post(PointRequest& r) {
  r.done = r.failed = false;
  r.suspended = nullptr;
  if (tbb::this_task_arena::current_thread_index() != tbb::task_arena::not_initialized) {
    // Queue the request once this task is suspended (so that a resume from
    // the server cannot come first), and let the thread do other work.
    tbb::task::suspend([&](tbb::task::suspend_point sp) {
      std::lock_guard<std::mutex> lock(mutex_);
      r.suspended = sp;
      if (failed_) {
        r.failed = r.done = true;
        tbb::task::resume(sp);
        return;
      }
      pending_.push_back(&r);
      to_python_.notify_one();
    });
  } else {
    std::unique_lock<std::mutex> lock(mutex_);
    if (failed_) throw CallbackFailed();
    pending_.push_back(&r);
    to_python_.notify_one();
    to_engine_.wait(lock, [&] { return r.done; });
  }
  if (r.failed) throw CallbackFailed();
}

void Channel::work_done() {
  std::lock_guard<std::mutex> lock(mutex_);
  work_done_ = true;
  to_python_.notify_one();
}

Channel::Event Channel::next_event(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  to_python_.wait_for(lock, timeout, [&] { return !pending_.empty() || work_done_; });
  // Gather: while requests keep coming (other engine threads reaching their
  // next callback), wait for them, so that they share one Python call.
  const auto deadline = std::chrono::steady_clock::now() + kGatherMax;
  for (std::size_t seen = pending_.size(); seen > 0 && std::chrono::steady_clock::now() < deadline;
       seen = pending_.size())
    if (!to_python_.wait_for(lock, gather_, [&] { return pending_.size() > seen || work_done_; })) break;
  Event e;
  e.requests.swap(pending_);
  e.work_done = work_done_;
  return e;
}

void Channel::complete(const std::vector<PointRequest*>& requests, bool ok) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (PointRequest* r : requests) {
    r->failed = !ok;
    r->done = true;
    if (r->suspended) tbb::task::resume(r->suspended);
  }
  to_engine_.notify_all();
}

void Channel::fail_all() {
  std::lock_guard<std::mutex> lock(mutex_);
  failed_ = true;
  for (PointRequest* r : pending_) {
    r->failed = r->done = true;
    if (r->suspended) tbb::task::resume(r->suspended);
  }
  pending_.clear();
  to_engine_.notify_all();
}

void Channel::reset() {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.clear();
  work_done_ = false;
  failed_ = false;
}

}  // namespace wprox::python
