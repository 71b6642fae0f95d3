#include "python_potential.hpp"

#include <pybind11/numpy.h>

#include <cstring>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace py = pybind11;

namespace wprox::python {
namespace {

// Raises ValueError as a Python error (what serve() may throw).
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

// Calls fn on the (n, d) batch and copies its result, which must have the
// shape (n, rest...), into out.
void call_into(const py::object& fn, const py::array_t<double>& batch, const char* what,
               const std::vector<py::ssize_t>& rest, double* out) {
  const py::ssize_t n = batch.shape(0);
  py::object r = fn(batch);
  auto a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(r);
  if (!a) raise_value_error(std::string("wprox.Target: the ") + what + " callback must return a NumPy array of numbers");
  bool ok = a.ndim() == py::ssize_t(1 + rest.size()) && a.shape(0) == n;
  for (std::size_t k = 0; ok && k < rest.size(); ++k) ok = a.shape(py::ssize_t(k + 1)) == rest[k];
  if (!ok) {
    std::ostringstream expected;
    expected << '(' << n;
    for (py::ssize_t r : rest) expected << ", " << r;
    expected << (rest.empty() ? ",)" : ")");
    raise_value_error(std::string("wprox.Target: the ") + what + " callback returned shape " + shape_text(a) +
                      " for " + std::to_string(n) + " points; expected " + expected.str());
  }
  std::memcpy(out, a.data(), sizeof(double) * std::size_t(a.size()));
}

}  // namespace

PythonPotential::PythonPotential(int dim, py::object f, py::object g, py::object h)
    : d_(dim), f_(std::move(f)), g_(std::move(g)), h_(std::move(h)), step_cache_(dim), pinned_(dim) {
  unsigned available = kValue;
  if (!g_.is_none()) available |= kGradient;
  if (!h_.is_none()) available |= kHessian;
  prefetch_need_ = available;
  asked_ = available;
}

PythonPotential::~PythonPotential() {
  // The callables are Python objects: drop them with the GIL.
  if (Py_IsInitialized()) {
    py::gil_scoped_acquire gil;
    f_ = py::object();
    g_ = py::object();
    h_ = py::object();
  } else {
    f_.release();
    g_.release();
    h_.release();
  }
}

void PythonPotential::fetch(const double* x, unsigned need, double* value, double* gradient, double* hessian) const {
  if (pinned_.lookup(x, need, value, gradient, hessian)) {
    hits_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  // What a step asks for at other points decides what the next prefetch gets.
  asked_.fetch_or(need, std::memory_order_relaxed);
  if (step_cache_.lookup(x, need, value, gradient, hessian)) {
    hits_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (!channel_)
    throw std::logic_error("wprox.Target: the potential was evaluated outside a run (no Python thread to serve it)");
  misses_.fetch_add(1, std::memory_order_relaxed);
  PointRequest r;
  r.x = x;
  r.need = need;
  r.value = value;
  r.gradient = gradient;
  r.hessian = hessian;
  channel_->post(r);
}

double PythonPotential::value(const double* x) const {
  double v = 0;
  fetch(x, kValue, &v, nullptr, nullptr);
  return v;
}

void PythonPotential::gradient(const double* x, double* g) const { fetch(x, kGradient, nullptr, g, nullptr); }

double PythonPotential::value_and_gradient(const double* x, double* g) const {
  double v = 0;
  fetch(x, kValue | kGradient, &v, g, nullptr);
  return v;
}

bool PythonPotential::hessian(const double* x, double* H) const {
  if (h_.is_none()) return false;
  fetch(x, kHessian, nullptr, nullptr, H);
  return true;
}

void PythonPotential::call(const double* X, std::size_t n, unsigned need, double* value, double* gradient,
                           double* hessian) {
  if ((need & kGradient) && g_.is_none())
    raise_value_error("wprox.Target: this method needs the gradient of the potential; pass gradient=");
  const py::ssize_t d = d_;
  py::array_t<double> batch({py::ssize_t(n), d});
  std::memcpy(batch.mutable_data(), X, sizeof(double) * n * std::size_t(d));
  if (need & kValue) call_into(f_, batch, "potential", {}, value), ++python_calls_;
  if (need & kGradient) call_into(g_, batch, "gradient", {d}, gradient), ++python_calls_;
  if (need & kHessian) call_into(h_, batch, "hessian", {d, d}, hessian), ++python_calls_;
  for (unsigned bit : {kValue, kGradient, kHessian})
    if (need & bit) points_evaluated_ += long(n);
  step_cache_.insert(X, n, need, value, gradient, hessian);
}

void PythonPotential::serve(const std::vector<PointRequest*>& requests) {
  ++batches_;
  // One call per callback over every row any request needs from it; rows
  // that need fewer outputs are evaluated for them anyway (cheaper than a
  // second Python call), and the extras are cached too.
  unsigned need = 0;
  std::size_t n = 0;
  for (const PointRequest* r : requests) need |= r->need, n += r->n;
  const std::size_t d = std::size_t(d_);
  std::vector<double> X(n * d), v(n), g((need & kGradient) ? n * d : 0), H((need & kHessian) ? n * d * d : 0);
  std::size_t row = 0;
  for (const PointRequest* r : requests) {
    std::memcpy(&X[row * d], r->x, sizeof(double) * r->n * d);
    row += r->n;
  }
  call(X.data(), n, need, v.data(), g.data(), H.data());
  row = 0;
  for (PointRequest* r : requests) {
    if (r->need & kValue) std::memcpy(r->value, &v[row], sizeof(double) * r->n);
    if (r->need & kGradient) std::memcpy(r->gradient, &g[row * d], sizeof(double) * r->n * d);
    if (r->need & kHessian) std::memcpy(r->hessian, &H[row * d * d], sizeof(double) * r->n * d * d);
    row += r->n;
  }
}

void PythonPotential::prefetch(const Particles& X) {
  step_cache_.clear();
  // Ask for what the last step used (a sampler's needs do not change).
  const unsigned need = asked_.exchange(0) & prefetch_need_;
  if (need == 0 || X.rows() == 0 || !channel_) return;
  const std::size_t n = std::size_t(X.rows()), d = std::size_t(d_);
  std::vector<double> v(n), g(n * d), H((need & kHessian) ? n * d * d : 0);
  PointRequest r;
  r.x = X.data();
  r.n = n;
  r.need = need;
  r.value = v.data();
  r.gradient = g.data();
  r.hessian = H.data();
  channel_->post(r);  // served by call(), which caches every row
  prefetched_ += long(n);
}

void PythonPotential::pin_values(const Particles& X) {
  std::vector<double> v(std::size_t(X.rows()));
  const py::ssize_t n = X.rows(), d = d_;
  py::array_t<double> batch({n, d});
  std::memcpy(batch.mutable_data(), X.data(), sizeof(double) * std::size_t(n * d));
  call_into(f_, batch, "potential", {}, v.data());
  ++python_calls_;
  points_evaluated_ += long(n);
  pinned_.insert(X.data(), std::size_t(n), kValue, v.data(), nullptr, nullptr);
}

CallbackStats PythonPotential::stats() const {
  CallbackStats s;
  s.python_calls = python_calls_;
  s.points_evaluated = points_evaluated_;
  s.prefetched_points = prefetched_;
  s.cache_hits = hits_.load();
  s.misses = misses_.load();
  s.batches = batches_;
  return s;
}

}  // namespace wprox::python
