#include "wprox/io/csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "wprox/errors.hpp"

namespace wprox {

TraceWriter::TraceWriter(const std::string& path) : out_(path), path_(path) {
  WPROX_REQUIRE(out_, InputError, "cannot write '" << path << "'");
  out_ << std::setprecision(10);
}

TraceWriter::TraceWriter(const std::string& path, std::vector<std::string> columns)
    : out_(path, std::ios::app), columns_(std::move(columns)), path_(path) {
  WPROX_REQUIRE(out_, InputError, "cannot write '" << path << "'");
  out_ << std::setprecision(10);
}

void TraceWriter::flush() {
  out_.flush();
  WPROX_REQUIRE(out_, InputError,
                "cannot write '" << path_ << "' (" << std::strerror(errno) << "; is the disk full?)");
}

void TraceWriter::write(long step, const Diagnostics& d) {
  if (columns_.empty()) {
    out_ << "step";
    for (const auto& [name, v] : d.items()) {
      (void)v;
      columns_.push_back(name);
      out_ << ',' << name;
    }
    out_ << '\n';
  }
  out_ << step;
  for (const auto& name : columns_) {
    out_ << ',';
    if (d.has(name)) out_ << d.get(name);
  }
  out_ << '\n';
  flush();
}

void write_table(const std::string& path, const Table& t) {
  std::ofstream out(path);
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "'");
  out << std::setprecision(12);
  for (std::size_t i = 0; i < t.columns.size(); ++i) out << (i ? "," : "") << t.columns[i];
  out << '\n';
  for (const auto& row : t.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << row[i];
    out << '\n';
  }
  out.flush();
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "' (" << std::strerror(errno) << ")");
}

namespace {

std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream is(line);
  while (std::getline(is, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.push_back("");
  return cells;
}

bool to_number(std::string s, double& v) {
  auto b = s.find_first_not_of(" \t\r");
  auto e = s.find_last_not_of(" \t\r");
  if (b == std::string::npos) return false;
  s = s.substr(b, e - b + 1);
  char* end = nullptr;
  v = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size() && std::isfinite(v);
}

}  // namespace

CsvData read_csv(const std::string& path) {
  std::ifstream in(path);
  WPROX_REQUIRE(in, InputError, "cannot read '" << path << "' (no such file or no permission)");
  CsvData out;
  std::vector<double> values;
  long cols = -1, rows = 0, lineno = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++lineno;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    auto cells = split_cells(line);
    std::vector<double> nums(cells.size());
    bool numeric = true;
    std::size_t bad = 0;
    for (std::size_t i = 0; i < cells.size() && numeric; ++i)
      if (!to_number(cells[i], nums[i])) numeric = false, bad = i;
    if (!numeric) {
      // Only the first non-empty line may be a header.
      if (rows == 0 && out.header.empty() && cols < 0) {
        out.header = cells;
        cols = long(cells.size());
        continue;
      }
      throw InputError(path + ":" + std::to_string(lineno) + ": cell " + std::to_string(bad + 1) + " (" +
                       quote(cells[bad], 40) + ") is not a number");
    }
    if (cols >= 0 && long(cells.size()) != cols)
      throw InputError(path + ":" + std::to_string(lineno) + ": row has " + std::to_string(cells.size()) +
                       " cells, expected " + std::to_string(cols));
    cols = long(cells.size());
    values.insert(values.end(), nums.begin(), nums.end());
    ++rows;
  }
  WPROX_REQUIRE(rows > 0, InputError, "'" << path << "' has no numeric rows");
  out.values = Eigen::Map<const RowMatrix>(values.data(), rows, cols);
  return out;
}

}  // namespace wprox
