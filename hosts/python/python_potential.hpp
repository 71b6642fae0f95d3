#pragma once
// A Potential whose V, grad V and Hess V are Python callables on batches:
// f(X) -> (n,), g(X) -> (n, d), h(X) -> (n, d, d) for an (n, d) array X.
//
// The engine calls a Potential point by point from TBB workers; Python may
// only run on the Python thread. So a point query is answered
//  1. from the step cache (PointCache), filled by prefetch(): one
//     vectorized call per callback at every particle before each step;
//  2. else from the pinned cache (values at fixed points, such as the grids
//     of the 2-D diagnostics, computed once);
//  3. else by posting it to the Channel, where the Python thread serves
//     every request pending at that moment with one call per callback (the
//     answer is cached for the rest of the step).
// Every answer is the callback's value at exactly that point, so results do
// not depend on what was cached (provided the callbacks treat rows
// independently, as vectorized NumPy code does).
//
// Thread safety: the Potential methods may be called concurrently from any
// engine thread while attached to a Channel; prefetch() runs on the engine
// thread; serve() and pin() on the Python thread with the GIL held.
#include <pybind11/pybind11.h>

#include <atomic>
#include <string>

#include "executor.hpp"
#include "point_cache.hpp"
#include "wprox/data.hpp"
#include "wprox/potential.hpp"

namespace wprox::python {

// Counters of how queries were answered, for tests and the benchmark.
struct CallbackStats {
  long python_calls = 0;      // calls of f, g and h together
  long points_evaluated = 0;  // rows passed to them (a row counted once per callback)
  long prefetched_points = 0;
  long cache_hits = 0;  // point queries answered from a cache
  long misses = 0;      // point queries sent to the Python thread
  long batches = 0;     // times the Python thread served pending requests
};

class PythonPotential : public Potential, public CallbackServer {
 public:
  // f is required; g and h may be None.
  PythonPotential(int dim, pybind11::object f, pybind11::object g, pybind11::object h);
  ~PythonPotential() override;

  int dim() const override { return d_; }
  double value(const double* x) const override;
  void gradient(const double* x, double* g) const override;
  double value_and_gradient(const double* x, double* g) const override;
  bool hessian(const double* x, double* H) const override;

  void attach(Channel* channel) override { channel_ = channel; }
  void serve(const std::vector<PointRequest*>& requests) override;

  // Engine thread: starts a new step's cache with the callbacks' values at
  // every row of X, in one request (what the previous step asked for at
  // such points; everything the first time).
  void prefetch(const Particles& X);
  // Python thread: values kept for every later step at these points.
  void pin_values(const Particles& X);

  CallbackStats stats() const;

 private:
  void fetch(const double* x, unsigned need, double* value, double* gradient, double* hessian) const;
  // The callbacks at n rows of X (GIL held); outputs as in PointRequest.
  void call(const double* X, std::size_t n, unsigned need, double* value, double* gradient, double* hessian);

  int d_;
  pybind11::object f_, g_, h_;
  Channel* channel_ = nullptr;
  PointCache step_cache_, pinned_;
  mutable std::atomic<unsigned> asked_{kValue | kGradient | kHessian};  // needs seen this step
  unsigned prefetch_need_ = kValue | kGradient | kHessian;
  mutable std::atomic<long> hits_{0}, misses_{0};
  long python_calls_ = 0, points_evaluated_ = 0, prefetched_ = 0, batches_ = 0;
};

}  // namespace wprox::python
