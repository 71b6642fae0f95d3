#include "results_to_python.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace py = pybind11;

namespace wprox::python {

py::array to_numpy(Array&& a) {
  auto* owned = new std::vector<double>(std::move(a.data));
  py::capsule owner(owned, [](void* p) { delete static_cast<std::vector<double>*>(p); });
  std::vector<py::ssize_t> shape(a.shape.begin(), a.shape.end());
  return py::array_t<double>(shape, owned->data(), owner);
}

py::dict results_to_python(Results&& r) {
  py::dict arrays, tables;
  for (Array& a : r.arrays) arrays[py::str(a.name)] = to_numpy(std::move(a));
  for (const Table& t : r.tables) {
    py::dict columns;
    const std::size_t n = t.rows.size();
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      py::array_t<double> col{py::ssize_t(n)};
      double* out = col.mutable_data();
      for (std::size_t i = 0; i < n; ++i)
        out[i] = c < t.rows[i].size() ? t.rows[i][c] : std::numeric_limits<double>::quiet_NaN();
      columns[py::str(t.columns[c])] = col;
    }
    tables[py::str(t.name)] = columns;
  }
  py::list pictures;
  for (const Picture& pic : r.pictures) pictures.append(pic.name);
  py::dict out;
  out["arrays"] = arrays;
  out["tables"] = tables;
  out["pictures"] = pictures;
  return out;
}

py::dict diagnostics_to_python(const Diagnostics& d) {
  py::dict out;
  for (const auto& [name, v] : d.items()) out[py::str(name)] = v;
  return out;
}

py::dict trace_to_python(const std::vector<Diagnostics>& rows) {
  const py::ssize_t n = py::ssize_t(rows.size());
  py::dict out;
  py::array_t<long> step(n);
  for (py::ssize_t k = 0; k < n; ++k) step.mutable_data()[k] = long(k + 1);
  out["step"] = step;
  if (rows.empty()) return out;
  for (const auto& item : rows.front().items()) {
    const std::string& name = item.first;
    py::array_t<double> col(n);
    double* c = col.mutable_data();
    for (py::ssize_t k = 0; k < n; ++k)
      c[k] = rows[std::size_t(k)].has(name) ? rows[std::size_t(k)].get(name) : std::numeric_limits<double>::quiet_NaN();
    out[py::str(name)] = col;
  }
  return out;
}

py::dict params_to_python(const Params& p) {
  py::dict out;
  for (const auto& [name, v] : p.values()) {
    if (!v.set) {
      out[py::str(name)] = py::none();
      continue;
    }
    switch (v.type) {
      case ParamType::Int: out[py::str(name)] = (long long)v.number; break;
      case ParamType::Real: out[py::str(name)] = v.number; break;
      case ParamType::Bool: out[py::str(name)] = v.number != 0; break;
      case ParamType::Vector: out[py::str(name)] = py::cast(v.values); break;
      case ParamType::Matrix: {
        py::list rows;
        for (long r = 0; r < v.rows; ++r)
          rows.append(py::cast(std::vector<double>(v.values.begin() + r * v.cols, v.values.begin() + (r + 1) * v.cols)));
        out[py::str(name)] = rows;
        break;
      }
      default: out[py::str(name)] = v.text;
    }
  }
  return out;
}

}  // namespace wprox::python
