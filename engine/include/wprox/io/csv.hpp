#pragma once
// CSV files: a streaming writer for traces (one row per step, header from
// the first row's names) and a strict numeric reader (an optional header
// line; a non-numeric cell or a ragged row is an InputError naming the line).
#include <fstream>
#include <string>
#include <vector>

#include "wprox/data.hpp"
#include "wprox/diagnostics.hpp"
#include "wprox/results.hpp"

namespace wprox {

class TraceWriter {
 public:
  explicit TraceWriter(const std::string& path);  // InputError if it cannot be opened
  // Continues a trace whose header (and rows) are already in the file: the
  // columns are fixed to `columns` ("step" excluded).
  TraceWriter(const std::string& path, std::vector<std::string> columns);
  // Writes one row and flushes it (a run that dies keeps its trace); the
  // first call fixes the columns ("step" is prepended). InputError when the
  // write fails (a full disk), naming the file and the reason.
  void write(long step, const Diagnostics& d);
  void flush();

 private:
  std::ofstream out_;
  std::vector<std::string> columns_;
  std::string path_;
};

void write_table(const std::string& path, const Table& t);

struct CsvData {
  std::vector<std::string> header;  // empty when the file has none
  RowMatrix values;
};
CsvData read_csv(const std::string& path);

}  // namespace wprox
