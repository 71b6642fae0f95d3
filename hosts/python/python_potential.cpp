#include "python_potential.hpp"

#include <pybind11/numpy.h>

#include <chrono>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

#include "wprox/errors.hpp"

namespace py = pybind11;

namespace wprox::python {
namespace {

// Raises ValueError as a Python error, so that it reaches the user as the
// callbacks' own exceptions do.
[[noreturn]] void raise_value_error(const std::string& message) {
  PyErr_SetString(PyExc_ValueError, message.c_str());
  throw py::error_already_set();
}

std::string shape_text(const py::array& a) {
  std::ostringstream os;
  os << '(';
  for (py::ssize_t k = 0; k < a.ndim(); ++k) os << (k ? ", " : "") << a.shape(k);
  os << (a.ndim() == 1 ? ",)" : ")");
  return os.str();
}

// The callable's own name for messages: its qualified name (a def's or a
// lambda's), else its repr (a callable object).
std::string callable_name(const py::object& fn) {
  if (py::hasattr(fn, "__qualname__")) return py::str(fn.attr("__qualname__"));
  return py::repr(fn);
}

// Adds a note (PEP 678: shown under the traceback, the exception object
// and its type unchanged) saying which callback raised, so that an error
// deep in a run points at the user's function by name. Pythons before 3.11
// have no notes: the traceback alone names it there.
void add_callback_note(py::error_already_set& e, const py::object& fn, const char* what, py::ssize_t n) {
  const py::object& value = e.value();
  if (!value || !py::hasattr(value, "add_note")) return;
  try {
    const py::str note(std::string("raised in the ") + what + " callback '" + callable_name(fn) +
                       "' of a wprox.Target (called with " + std::to_string(n) + " points)");
    // Once: the same exception object may be raised again (by another call).
    if (py::hasattr(value, "__notes__") && value.attr("__notes__").contains(note)) return;
    value.attr("add_note")(note);
  } catch (py::error_already_set&) {
    // A note is a courtesy: an exception that refuses one still propagates.
  }
}

// Calls fn on the (n, d) batch and copies its result, which must have the
// shape (n, rest...), into out.
void call_into(const py::object& fn, const py::array_t<double>& batch, const char* what,
               const std::vector<py::ssize_t>& rest, double* out) {
  const py::ssize_t n = batch.shape(0);
  py::object r;
  try {
    r = fn(batch);
  } catch (py::error_already_set& e) {
    add_callback_note(e, fn, what, n);
    throw;
  }
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(r);
  if (!a)
    raise_value_error(std::string("wprox.Target: the ") + what + " callback must return a NumPy array of numbers");
  bool ok = a.ndim() == py::ssize_t(1 + rest.size()) && a.shape(0) == n;
  for (std::size_t k = 0; ok && k < rest.size(); ++k) ok = a.shape(py::ssize_t(k + 1)) == rest[k];
  if (!ok) {
    std::ostringstream expected;
    expected << '(' << n;
    for (py::ssize_t r : rest) expected << ", " << r;
    expected << (rest.empty() ? ",)" : ")");
    raise_value_error(std::string("wprox.Target: the ") + what + " callback returned shape " + shape_text(a) + " for " +
                      std::to_string(n) + " points; expected " + expected.str());
  }
  std::memcpy(out, a.data(), sizeof(double) * std::size_t(a.size()));
}

}  // namespace

PythonPotential::PythonPotential(int dim, py::object f, py::object g, py::object h)
    : d_(dim), f_(std::move(f)), g_(std::move(g)), h_(std::move(h)) {}

PythonPotential::~PythonPotential() {
  // The callables are Python objects: drop them with the GIL (the last
  // reference may go from any thread), or leak them once Python is gone.
  if (Py_IsInitialized()) {
    py::gil_scoped_acquire gil;
    f_ = py::object();
    g_ = py::object();
    h_ = py::object();
    error_.reset();
  } else {
    f_.release();
    g_.release();
    h_.release();
    if (error_) new py::error_already_set(std::move(*error_));  // leaked: its destructor would need Python
    error_.reset();
  }
}

void PythonPotential::call(const double* X, long n, int parts, double* values, double* gradients,
                           double* hessians) const {
  if ((parts & kPotentialGradient) && g_.is_none())
    raise_value_error("wprox.Target: this method needs the gradient of the potential; pass gradient=");
  const py::ssize_t d = d_;
  // A copy, not a view of the engine's memory: a callback may keep its
  // argument.
  py::array_t<double> batch({py::ssize_t(n), d});
  std::memcpy(batch.mutable_data(), X, sizeof(double) * std::size_t(n) * std::size_t(d));
  int called = 0;
  if (parts & kPotentialValue) call_into(f_, batch, "potential", {}, values), ++called;
  if (parts & kPotentialGradient) call_into(g_, batch, "gradient", {d}, gradients), ++called;
  if (parts & kPotentialHessian) call_into(h_, batch, "hessian", {d, d}, hessians), ++called;
  stats_.python_calls += called;
  stats_.points_evaluated += called * n;
}

void PythonPotential::evaluate_rows(const double* X, long n, int parts, double* values, double* gradients,
                                    double* hessians, bool point) const {
  // After a failure the engine is unwinding: no more Python.
  if (failed_.load(std::memory_order_acquire)) throw CallbackFailed();
  const auto t0 = std::chrono::steady_clock::now();
  py::gil_scoped_acquire gil;
  if (failed_.load(std::memory_order_acquire)) throw CallbackFailed();
  ++(point ? stats_.point_queries : stats_.batches);
  try {
    call(X, n, parts, values, gradients, hessians);
    stats_.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  } catch (py::error_already_set& e) {
    {
      std::lock_guard<std::mutex> lock(error_mutex_);
      if (!error_) error_.emplace(std::move(e));  // the first one is the cause
    }
    failed_.store(true, std::memory_order_release);
    throw CallbackFailed();
  }
}

void PythonPotential::evaluate_batch(const Particles& X, int parts, PotentialBatch& out) const {
  WPROX_REQUIRE(X.cols() == d_, DimensionMismatch,
                "particles have dimension " << X.cols() << " but the potential has dimension " << d_);
  const long n = X.rows();
  const std::size_t dd = std::size_t(d_) * std::size_t(d_);
  const bool want_v = parts & kPotentialValue, want_g = parts & kPotentialGradient;
  const bool want_h = (parts & kPotentialHessian) != 0, have_h = want_h && !h_.is_none();
  out.values.resize(want_v ? n : 0);
  out.gradients.resize(want_g ? n : 0, want_g ? d_ : 0);
  out.hessians.assign(want_h ? std::size_t(n) * dd : 0, 0.0);
  out.hessian_ok.assign(want_h ? std::size_t(n) : 0, have_h ? 1 : 0);
  const int call_parts = parts & (have_h ? ~0 : ~int(kPotentialHessian));
  if (n == 0 || call_parts == 0) return;
  evaluate_rows(X.data(), n, call_parts, out.values.data(), out.gradients.data(), out.hessians.data(), false);
}

double PythonPotential::value(const double* x) const {
  double v = 0;
  evaluate_rows(x, 1, kPotentialValue, &v, nullptr, nullptr, true);
  return v;
}

void PythonPotential::gradient(const double* x, double* g) const {
  evaluate_rows(x, 1, kPotentialGradient, nullptr, g, nullptr, true);
}

double PythonPotential::value_and_gradient(const double* x, double* g) const {
  double v = 0;
  evaluate_rows(x, 1, kPotentialValue | kPotentialGradient, &v, g, nullptr, true);
  return v;
}

bool PythonPotential::hessian(const double* x, double* H) const {
  if (h_.is_none()) return false;
  evaluate_rows(x, 1, kPotentialHessian, nullptr, nullptr, H, true);
  return true;
}

void PythonPotential::raise_callback_error() {
  std::optional<py::error_already_set> e;
  {
    std::lock_guard<std::mutex> lock(error_mutex_);
    e.swap(error_);
    failed_.store(false, std::memory_order_release);
  }
  if (e) throw std::move(*e);
}

CallbackStats PythonPotential::stats() const { return stats_; }

}  // namespace wprox::python
