#pragma once
// Progress of a run on stderr: a redrawn bar on a terminal, a plain line at
// every tenth of the run otherwise (logs stay short and readable).
#include <cstddef>
#include <string>

#include "wprox/diagnostics.hpp"

namespace wprox::cli {

// The terminal's width on stderr (else $COLUMNS, else 80); at least 10.
std::size_t terminal_columns();

class Progress {
 public:
  Progress(std::string label, bool enabled);
  void update(double fraction, long step, const Diagnostics& d, double seconds);
  void finish();

 private:
  std::string label_;
  bool enabled_, tty_;
  int last_tenth_ = -1;
  double last_draw_ = -1;
  bool drawn_ = false;
};

}  // namespace wprox::cli
