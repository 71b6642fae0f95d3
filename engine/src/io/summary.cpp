#include "wprox/io/summary.hpp"

#include <nlohmann/json.hpp>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>

#include "wprox/errors.hpp"

namespace wprox {
namespace {

nlohmann::ordered_json number(double v) {
  if (!std::isfinite(v)) return nullptr;  // JSON has no NaN/Inf
  return v;
}

nlohmann::ordered_json params_json(const Params* p) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  if (!p) return out;
  for (const auto& [name, v] : p->values()) {
    if (!v.set) {
      out[name] = nullptr;
      continue;
    }
    switch (v.type) {
      case ParamType::Int: out[name] = (long long)v.number; break;
      case ParamType::Real: out[name] = number(v.number); break;
      case ParamType::Bool: out[name] = v.number != 0; break;
      case ParamType::Vector: out[name] = v.values; break;
      case ParamType::Matrix: {
        nlohmann::ordered_json rows = nlohmann::ordered_json::array();
        for (long r = 0; r < v.rows; ++r)
          rows.push_back(std::vector<double>(v.values.begin() + r * v.cols, v.values.begin() + (r + 1) * v.cols));
        out[name] = rows;
        break;
      }
      default: out[name] = v.text;
    }
  }
  return out;
}

}  // namespace

void write_summary(const std::string& path, const SummaryData& s) {
  nlohmann::ordered_json j;
  j["method"] = s.method;
  j["problem"] = s.problem;
  j["status"] = s.status;
  if (!s.error.empty()) j["error"] = s.error;
  if (s.failed_step >= 0) j["failed_step"] = s.failed_step;
  if (s.resumed_from >= 0) j["resumed_from_step"] = s.resumed_from;
  j["parameters"] = {{"method", params_json(s.method_params)}, {"problem", params_json(s.problem_params)}};
  j["seed"] = s.seed;
  j["threads"] = s.threads;
  j["steps"] = s.steps;
  j["wall_seconds"] = s.wall_seconds;
  nlohmann::ordered_json m = nlohmann::ordered_json::object();
  for (const auto& [name, v] : s.metrics.items()) m[name] = number(v);
  j["metrics"] = m;
  j["files"] = s.files;
  if (!s.notes.empty()) j["notes"] = s.notes;
  std::ofstream out(path);
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "'");
  out << j.dump(2) << '\n';
  out.flush();
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "' (" << std::strerror(errno) << "; is the disk full?)");
}

}  // namespace wprox
