// _wprox: the compiled half of the Python package `wprox` (see
// hosts/python/wprox/__init__.py for the API users see).
#include "bindings.hpp"

PYBIND11_MODULE(_wprox, m) {
  m.doc() = "wprox engine bindings; use the package `wprox`";
  wprox::python::bind_errors(m);
  wprox::python::bind_discover(m);
  wprox::python::bind_session(m);
}
