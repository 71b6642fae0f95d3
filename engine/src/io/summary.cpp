#include "wprox/io/summary.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <map>
#include <cmath>
#include <cstring>
#include <fstream>

#include "wprox/errors.hpp"
#include "wprox/version.hpp"

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

// "NAME[i]" or "NAME[i][j]": the base name and up to two indices; false for
// any other name.
bool split_indexed(const std::string& key, std::string& base, std::vector<long>& idx) {
  const auto open = key.find('[');
  if (open == 0 || open == std::string::npos || key.back() != ']') return false;
  base = key.substr(0, open);
  idx.clear();
  std::size_t pos = open;
  while (pos < key.size()) {
    if (key[pos] != '[') return false;
    const auto close = key.find(']', pos);
    if (close == std::string::npos || close == pos + 1 || close - pos > 10) return false;
    long v = 0;
    for (std::size_t c = pos + 1; c < close; ++c) {
      if (key[c] < '0' || key[c] > '9') return false;
      v = v * 10 + (key[c] - '0');
    }
    idx.push_back(v);
    pos = close + 1;
  }
  return idx.size() <= 2;
}

nlohmann::ordered_json grouped_metrics(const Diagnostics& metrics) {
  // Collect each indexed base's entries, then keep it as an array only if
  // they fill a vector or matrix exactly.
  struct Block {
    std::size_t rank = 0;
    std::map<std::pair<long, long>, double> cells;
    bool consistent = true;
  };
  std::map<std::string, Block> blocks;
  std::string base;
  std::vector<long> idx;
  for (const auto& [name, v] : metrics.items()) {
    if (!split_indexed(name, base, idx)) continue;
    Block& b = blocks[base];
    if (b.cells.empty()) b.rank = idx.size();
    b.consistent = b.consistent && b.rank == idx.size();
    b.cells[{idx[0], idx.size() == 2 ? idx[1] : 0}] = v;
  }
  auto complete = [](const Block& b, long& rows, long& cols) {
    rows = b.cells.rbegin()->first.first + 1;
    cols = 0;
    for (const auto& c : b.cells) cols = std::max(cols, c.first.second + 1);
    return b.consistent && std::size_t(rows * cols) == b.cells.size();
  };
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  for (const auto& [name, v] : metrics.items()) {
    long rows = 0, cols = 0;
    if (split_indexed(name, base, idx) && complete(blocks[base], rows, cols) && !metrics.has(base)) {
      if (out.contains(base)) continue;  // written with its first entry
      const Block& b = blocks[base];
      nlohmann::ordered_json a = nlohmann::ordered_json::array();
      for (long r = 0; r < rows; ++r) {
        if (b.rank == 1) {
          a.push_back(number(b.cells.at({r, 0})));
          continue;
        }
        nlohmann::ordered_json row = nlohmann::ordered_json::array();
        for (long c = 0; c < cols; ++c) row.push_back(number(b.cells.at({r, c})));
        a.push_back(row);
      }
      out[base] = a;
    } else {
      out[name] = number(v);
    }
  }
  return out;
}

}  // namespace

std::string metrics_json(const Diagnostics& metrics) { return grouped_metrics(metrics).dump(); }

void write_summary(const std::string& path, const SummaryData& s) {
  nlohmann::ordered_json j;
  j["wprox_version"] = version();
  if (!s.command_line.empty()) j["command_line"] = s.command_line;
  if (!s.plugins.empty()) {
    nlohmann::ordered_json p = nlohmann::ordered_json::object();
    for (const auto& [name, v] : s.plugins) p[name] = v;
    j["plugins"] = p;
  }
  j["method"] = s.method;
  j["problem"] = s.problem;
  j["status"] = s.status;
  if (!s.error.empty()) j["error"] = s.error;
  if (s.failed_step >= 0) j["failed_step"] = s.failed_step;
  if (s.resumed_from >= 0) j["resumed_from_step"] = s.resumed_from;
  j["parameters"] = {{"method", params_json(s.method_params)}, {"problem", params_json(s.problem_params)}};
  j["seed"] = s.seed;
  j["threads"] = s.threads;
  if (s.threads_requested >= 0) j["threads_requested"] = s.threads_requested;
  j["steps"] = s.steps;
  j["wall_seconds"] = s.wall_seconds;
  j["metrics"] = grouped_metrics(s.metrics);
  j["files"] = s.files;
  if (!s.notes.empty()) j["notes"] = s.notes;
  std::ofstream out(path);
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "'");
  out << j.dump(2) << '\n';
  out.flush();
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "' (" << std::strerror(errno) << "; is the disk full?)");
}

}  // namespace wprox
