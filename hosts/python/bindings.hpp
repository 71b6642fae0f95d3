#pragma once
// The pieces of the extension module _wprox, one per job; module.cpp calls
// them in order.
#include <pybind11/pybind11.h>

namespace wprox::python {

// Exception translation: InputError -> ValueError, RunError -> wprox.RunError.
void bind_errors(pybind11::module_& m);
// methods(), problems(), info(), plugins().
void bind_discover(pybind11::module_& m);
// PythonTarget, Dataset, Session.
void bind_session(pybind11::module_& m);

}  // namespace wprox::python
