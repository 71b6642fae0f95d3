#pragma once
// Engine values as Python objects. Arrays are moved, not copied: each NumPy
// array owns the std::vector<double> the run produced (through a capsule),
// so a large result exists once.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
// Every file that converts STL containers must see the same casters.
#include <pybind11/stl.h>

#include <vector>

#include "wprox/diagnostics.hpp"
#include "wprox/params.hpp"
#include "wprox/results.hpp"

namespace wprox::python {

// The array's data moved into a NumPy array of its shape (C order).
pybind11::array to_numpy(Array&& a);

// {"arrays": {name: ndarray}, "tables": {name: {column: ndarray}},
// "pictures": [name]}; the arrays are moved out of r. Pictures are only
// named (Session::save() renders them).
pybind11::dict results_to_python(Results&& r);

// {name: value} in the order the run wrote them.
pybind11::dict diagnostics_to_python(const Diagnostics& d);

// The trace as columns: {"step": 1..n, name: ndarray, ...}; a name missing
// from a row reads NaN there.
pybind11::dict trace_to_python(const std::vector<Diagnostics>& rows);

// Parameters as used, typed as summary.json writes them (unset: None).
pybind11::dict params_to_python(const Params& p);

}  // namespace wprox::python
