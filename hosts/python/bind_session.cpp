// The run-side bindings: error translation, Python-defined problems and the
// Session (one run). The user-facing API around them is wprox/_api.py.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "executor.hpp"
#include "results_to_python.hpp"
#include "session.hpp"
#include "wprox/errors.hpp"

namespace py = pybind11;

namespace wprox::python {
namespace {

using Matrix2 = py::array_t<double, py::array::c_style | py::array::forcecast>;

// An (N, d) NumPy array (or anything array-like) as particles.
Particles to_particles(const py::handle& obj, const char* what) {
  Matrix2 a = Matrix2::ensure(obj);
  WPROX_REQUIRE(a && a.ndim() == 2, InputError, what << " must be a 2-D array of numbers (N points x d coordinates)");
  Particles X(a.shape(0), a.shape(1));
  std::copy(a.data(), a.data() + a.size(), X.data());
  WPROX_REQUIRE(X.allFinite(), InputError, what << " contains NaN or Inf");
  return X;
}

Vector to_vector(const py::handle& obj, long n, const char* what) {
  Matrix2 a = Matrix2::ensure(obj);
  WPROX_REQUIRE(a && a.ndim() == 1 && a.shape(0) == n, DimensionMismatch,
                what << " must have " << n << " entries" << (a ? ", got shape with " + std::to_string(a.size()) + " entries" : ""));
  return Eigen::Map<const Vector>(a.data(), n);
}

std::shared_ptr<PythonTarget> make_target(int dim, py::object f, py::object g, py::object h, py::object box,
                                          const std::string& name) {
  WPROX_REQUIRE(dim >= 1, InputError, "wprox.Target: dim = " << dim << " must be at least 1");
  WPROX_REQUIRE(PyCallable_Check(f.ptr()), InputError, "wprox.Target: potential must be callable");
  WPROX_REQUIRE(g.is_none() || PyCallable_Check(g.ptr()), InputError, "wprox.Target: gradient must be callable");
  WPROX_REQUIRE(h.is_none() || PyCallable_Check(h.ptr()), InputError, "wprox.Target: hessian must be callable");
  std::optional<Box> b;
  if (!box.is_none()) {
    auto pair = box.cast<py::sequence>();
    WPROX_REQUIRE(pair.size() == 2, InputError, "wprox.Target: box must be a pair (lo, hi) of " << dim << "-vectors");
    b = Box{to_vector(pair[0], dim, "wprox.Target: box lo"), to_vector(pair[1], dim, "wprox.Target: box hi")};
    WPROX_REQUIRE((b->lo.array() < b->hi.array()).all(), InputError, "wprox.Target: box needs lo < hi in every coordinate");
  }
  auto V = std::make_shared<PythonPotential>(dim, std::move(f), std::move(g), std::move(h));
  return std::make_shared<PythonTarget>(name, std::move(V), std::move(b));
}

// Tests only: the engine's default evaluate_batch() (the per-point
// functions, in parallel on TBB workers, as any path that asks point by
// point would call them) on a Python target, with the GIL released. Returns
// (values, gradients, hessians, hessian_ok).
py::tuple evaluate_point_by_point(const PythonTarget& t, py::object points, int threads) {
  const Particles X = to_particles(points, "points");
  const PythonPotential& V = t.python_potential();
  PotentialBatch b;
  Executor executor(threads);
  try {
    executor.run([&] { V.Potential::evaluate_batch(X, kPotentialValue | kPotentialGradient | kPotentialHessian, b); });
  } catch (...) {
    t.python_potential().raise_callback_error();
    throw;
  }
  const py::ssize_t n = X.rows(), d = X.cols();
  py::array_t<double> v(n, b.values.data()), g({n, d}, b.gradients.data()), H({n, d, d}, b.hessians.data());
  py::array_t<bool> ok(n);
  for (py::ssize_t i = 0; i < n; ++i) ok.mutable_at(i) = b.hessian_ok[std::size_t(i)] != 0;
  return py::make_tuple(v, g, H, ok);
}

py::dict stats_to_python(const CallbackStats& s) {
  py::dict d;
  d["batches"] = s.batches;
  d["point_queries"] = s.point_queries;
  d["python_calls"] = s.python_calls;
  d["points_evaluated"] = s.points_evaluated;
  d["seconds"] = s.seconds;
  return d;
}

std::unique_ptr<Session> make_session(const std::string& method, py::object problem,
                                      std::map<std::string, std::string> method_params,
                                      std::map<std::string, std::string> problem_params, std::uint64_t seed,
                                      int threads) {
  SessionSpec spec;
  spec.method = method;
  if (py::isinstance<PythonTarget>(problem)) {
    spec.user_target = problem.cast<std::shared_ptr<PythonTarget>>();
    spec.user_problem = spec.user_target;
  } else if (py::isinstance<StoredDataset>(problem)) {
    spec.user_problem = problem.cast<std::shared_ptr<StoredDataset>>();
  } else if (!problem.is_none()) {
    spec.problem = problem.cast<std::string>();
  }
  spec.method_params = std::move(method_params);
  spec.problem_params = std::move(problem_params);
  spec.seed = seed;
  spec.threads = threads;
  return std::make_unique<Session>(std::move(spec));
}

}  // namespace

void bind_errors(py::module_& m) {
  (void)m;
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const RunError& e) {
      // The package's own class, which carries the step (and, raised by
      // the package, the partial result).
      py::object cls = py::module_::import("wprox._errors").attr("RunError");
      py::object err = cls(e.what(), py::arg("step") = e.step(), py::arg("reason") = e.reason());
      PyErr_SetObject(cls.ptr(), err.ptr());
    }
  });
}

void bind_session(py::module_& m) {
  py::class_<PythonTarget, std::shared_ptr<PythonTarget>>(m, "PythonTarget")
      .def(py::init(&make_target), py::arg("dim"), py::arg("potential"), py::arg("gradient"), py::arg("hessian"),
           py::arg("box"), py::arg("name"))
      .def_property_readonly("dim", &PythonTarget::dim)
      .def_property_readonly("name", &PythonTarget::name)
      .def(
          "set_moments",
          [](PythonTarget& t, double beta, py::object mean, py::object cov) {
            const int d = t.dim();
            Moments mo;
            mo.mean = to_vector(mean, d, "wprox.Target: the moments' mean");
            const Particles C = to_particles(cov, "wprox.Target: the moments' covariance");
            WPROX_REQUIRE(C.rows() == d && C.cols() == d, DimensionMismatch,
                          "wprox.Target: the moments' covariance must be " << d << " x " << d);
            mo.covariance = C;
            t.set_moments(beta, std::move(mo));
          },
          py::arg("beta"), py::arg("mean"), py::arg("cov"))
      .def_property_readonly("stats", [](const PythonTarget& t) { return stats_to_python(t.python_potential().stats()); })
      .def("_evaluate_point_by_point", &evaluate_point_by_point, py::arg("points"), py::arg("threads"));

  py::class_<StoredDataset, std::shared_ptr<StoredDataset>>(m, "StoredDataset")
      .def(py::init([](py::object train, py::object heldout, const std::string& name) {
             Particles tr = to_particles(train, "wprox.Dataset: train");
             Particles held = heldout.is_none() ? Particles(0, tr.cols()) : to_particles(heldout, "wprox.Dataset: heldout");
             return std::make_shared<StoredDataset>(name, std::move(tr), std::move(held));
           }),
           py::arg("train"), py::arg("heldout"), py::arg("name"))
      .def_property_readonly("name", &StoredDataset::name)
      .def_property_readonly("dim", &StoredDataset::dim);

  py::class_<Session>(m, "Session")
      .def(py::init(&make_session), py::arg("method"), py::arg("problem"), py::arg("method_params"),
           py::arg("problem_params"), py::arg("seed"), py::arg("threads"))
      .def("step", &Session::step)
      .def("run_to_end", &Session::run_to_end)
      .def("end", &Session::end)
      .def("results", [](Session& s) { return results_to_python(s.results()); })
      .def("metrics", [](Session& s) { return diagnostics_to_python(s.metrics()); })
      .def("trace", [](const Session& s) { return trace_to_python(s.trace()); })
      .def("last_diagnostics",
           [](const Session& s) { return s.trace().empty() ? py::dict() : diagnostics_to_python(s.trace().back()); })
      .def("save", &Session::save, py::arg("dir"))
      .def_property_readonly("status", &Session::status)
      .def_property_readonly("error", &Session::error)
      .def_property_readonly("error_step", &Session::error_step)
      .def_property_readonly("ended", &Session::ended)
      .def_property_readonly("finished", &Session::finished)
      .def_property_readonly("steps_done", &Session::steps_done)
      .def_property_readonly("total_steps", &Session::total_steps)
      .def_property_readonly("progress", &Session::progress)
      .def_property_readonly("wall_seconds", &Session::wall_seconds)
      .def_property_readonly("headline", &Session::headline)
      .def_property_readonly("method", &Session::method_name)
      .def_property_readonly("problem", &Session::problem_name)
      .def_property_readonly("kind", &Session::problem_kind)
      .def_property_readonly("seed", &Session::seed)
      .def_property_readonly("threads", &Session::threads)
      .def_property_readonly("method_params", [](const Session& s) { return params_to_python(s.method_params()); })
      .def_property_readonly("problem_params", [](const Session& s) { return params_to_python(s.problem_params()); })
      .def_property_readonly("callback_stats", [](const Session& s) -> py::object {
        auto st = s.callback_stats();
        return st ? py::object(stats_to_python(*st)) : py::object(py::none());
      });
}

}  // namespace wprox::python
