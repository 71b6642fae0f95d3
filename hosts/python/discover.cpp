// What is there: the registry's methods and problems, their parameter
// schemas as dicts, and the plugins with their load status.
#include <pybind11/stl.h>

#include "bindings.hpp"
#include "registry_access.hpp"
#include "results_to_python.hpp"
#include "wprox/errors.hpp"

namespace py = pybind11;

namespace wprox::python {
namespace {

bool numeric(ParamType t) {
  return t == ParamType::Int || t == ParamType::Real || t == ParamType::Vector || t == ParamType::Matrix;
}

// {name: {type, default, range, doc, choices, optional}}: the default typed
// as the parameter (None when unset), the range as the CLI prints it.
py::dict schema_to_python(const ParamSchema& schema, const std::string& owner) {
  const Params defaults = schema.resolve({}, owner);
  const py::dict typed = params_to_python(defaults);
  py::dict out;
  for (const ParamSpec& s : schema.specs()) {
    py::dict p;
    p["type"] = to_string(s.type);
    p["default"] = typed[py::str(s.name)];
    p["default_text"] = s.default_text;
    p["range"] = numeric(s.type) ? py::object(py::str(s.range.describe())) : py::object(py::none());
    p["doc"] = s.doc;
    p["choices"] = py::cast(s.choices);
    p["optional"] = s.optional;
    p["aliases"] = py::cast(s.aliases);  // deprecated old names, still accepted
    out[py::str(s.name)] = p;
  }
  return out;
}

py::dict info(const std::string& name) {
  Registry& reg = registry();
  py::dict out;
  out["name"] = name;
  if (reg.has_method(name)) {
    const MethodInfo& m = reg.method(name);
    out["type"] = "method";
    out["summary"] = m.summary;
    out["problem_kind"] = m.problem_kind;
    out["default_problem"] = m.default_problem;
    out["problems"] = py::cast(reg.problem_names(m.problem_kind));
    out["parameters"] = schema_to_python(m.schema, "method '" + name + "'");
    return out;
  }
  if (reg.has_problem(name)) {
    const ProblemInfo& p = reg.problem(name);
    out["type"] = "problem";
    out["summary"] = p.summary;
    out["kind"] = p.kind;
    out["parameters"] = schema_to_python(p.schema, "problem '" + name + "'");
    return out;
  }
  // The CLI's message for `wprox info NAME`.
  std::string all;
  for (const auto& n : reg.method_names()) all += (all.empty() ? "" : ", ") + n;
  for (const auto& n : reg.problem_names()) all += (all.empty() ? "" : ", ") + n;
  throw InputError("unknown method or problem '" + name + "'; valid names: " + all);
}

py::list plugins() {
  py::list out;
  for (const PluginRecord& r : registry().plugins()) {
    py::dict p;
    p["file"] = r.file;
    p["name"] = r.name;
    p["version"] = r.version;
    p["ok"] = r.ok;
    p["status"] = r.status;
    p["methods"] = py::cast(r.methods);
    p["problems"] = py::cast(r.problems);
    out.append(p);
  }
  return out;
}

}  // namespace

void bind_discover(py::module_& m) {
  m.def("methods", [] { return registry().method_names(); }, "Names of the methods the plugins provide.");
  m.def(
      "problems", [](const std::string& kind) { return registry().problem_names(kind); }, py::arg("kind") = "",
      "Names of the problems (of one kind, when given).");
  m.def("info", &info, py::arg("name"), "A method's or problem's description and parameter schema, as a dict.");
  m.def("plugins", &plugins, "The plugin files found, with their load status.");
}

}  // namespace wprox::python
