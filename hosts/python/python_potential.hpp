#pragma once
// A Potential whose V, grad V and Hess V are Python callables on batches:
// f(X) -> (n,), g(X) -> (n, d), h(X) -> (n, d, d) for an (n, d) array X.
//
// The engine asks for V through evaluate_batch() wherever it needs many
// points at once (all particles, all proposals, every row of the prox at
// each of its iterations, all Monte Carlo draws of a block, a grid); each
// such batch is one call of each callback it needs. The per-point functions
// are answered by one-row calls: correct, for any path that still asks
// point by point, but each costs a Python call.
//
// Threads and the GIL. The engine runs with the GIL released (see
// executor.hpp); every call here takes the GIL for the Python part only, so
// it may come from the engine thread or any TBB worker, and concurrent
// callers take turns.
//
// Errors. A callback that raises (or returns the wrong shape, which is a
// ValueError) must stop the engine: its Python exception is kept here and
// CallbackFailed is thrown to unwind the engine's work; every later call
// throws CallbackFailed at once, without calling Python, until the host
// takes the exception with raise_callback_error() and raises it. So the
// user sees their own exception object, unchanged.
//
// Results do not depend on how points are batched provided the callbacks
// treat rows independently (elementwise NumPy code does).
#include <pybind11/pybind11.h>

#include <atomic>
#include <mutex>
#include <optional>
#include <stdexcept>

#include "wprox/data.hpp"
#include "wprox/potential.hpp"

namespace wprox::python {

// Thrown into the engine when a callback raised; the host recognizes it and
// raises the callback's own exception instead.
class CallbackFailed : public std::runtime_error {
 public:
  CallbackFailed() : std::runtime_error("a Python callback raised an exception") {}
};

// How the callbacks were called, for tests and the benchmark.
struct CallbackStats {
  long batches = 0;           // evaluate_batch() calls that reached Python
  long point_queries = 0;     // per-point calls (value, gradient, hessian)
  long python_calls = 0;      // calls of f, g and h together
  long points_evaluated = 0;  // rows passed to them (counted once per callback)
  // Wall time the engine spent in these calls, waiting for the GIL
  // included: what a Python target costs over the engine's own work.
  double seconds = 0;
};

class PythonPotential : public Potential {
 public:
  // f is required; g and h may be None. GIL held.
  PythonPotential(int dim, pybind11::object f, pybind11::object g, pybind11::object h);
  ~PythonPotential() override;

  int dim() const override { return d_; }
  double value(const double* x) const override;
  void gradient(const double* x, double* g) const override;
  double value_and_gradient(const double* x, double* g) const override;
  bool hessian(const double* x, double* H) const override;
  // One call of each callback `parts` needs, at all rows of X. Asking for
  // the Hessian of a potential without one gives hessian_ok = 0 everywhere
  // (no call). Asking for the gradient without one raises ValueError.
  void evaluate_batch(const Particles& X, int parts, PotentialBatch& out) const override;

  // GIL held: raises (throws pybind11::error_already_set for) the exception
  // a callback raised, when one did since the last call; then calls work
  // again.
  void raise_callback_error();
  CallbackStats stats() const;  // GIL held

 private:
  // Any thread, GIL not held: the callbacks for `parts` at the n rows of X
  // (row-major, n x d), into the outputs (laid out as in PotentialBatch).
  // Keeps a Python error and throws CallbackFailed.
  // `point` says which counter the call adds to.
  void evaluate_rows(const double* X, long n, int parts, double* values, double* gradients, double* hessians,
                     bool point) const;
  // The same with the GIL held; throws pybind11::error_already_set.
  void call(const double* X, long n, int parts, double* values, double* gradients, double* hessians) const;

  int d_;
  pybind11::object f_, g_, h_;
  // The first callback error, until taken; failed_ mirrors "there is one"
  // for the fast check before every call.
  mutable std::mutex error_mutex_;
  mutable std::optional<pybind11::error_already_set> error_;
  mutable std::atomic<bool> failed_{false};
  mutable CallbackStats stats_;  // updated with the GIL held
};

}  // namespace wprox::python
