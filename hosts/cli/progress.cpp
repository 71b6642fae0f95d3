#include "progress.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace wprox::cli {

Progress::Progress(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), tty_(isatty(STDERR_FILENO) != 0) {}

std::size_t terminal_columns() {
  winsize ws{};
  if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 10) return ws.ws_col;
  const char* env = std::getenv("COLUMNS");
  const long c = env ? std::atol(env) : 0;
  return c >= 10 ? std::size_t(c) : 80;
}

static std::string brief(const Diagnostics& d) {
  std::string s;
  int shown = 0;
  for (const auto& [name, v] : d.items()) {
    if (shown++ == 3) break;
    char buf[64];
    std::snprintf(buf, sizeof buf, "  %s=%.4g", name.c_str(), v);
    s += buf;
  }
  return s;
}

void Progress::update(double fraction, long step, const Diagnostics& d, double seconds) {
  if (!enabled_) return;
  fraction = std::fmin(1.0, std::fmax(0.0, fraction));
  if (tty_) {
    if (seconds - last_draw_ < 0.1 && fraction < 1.0) return;  // at most 10 redraws a second
    last_draw_ = seconds;
    char eta[32] = "", stats[96];
    if (fraction > 0.01 && fraction < 1.0) std::snprintf(eta, sizeof eta, " eta %.0fs", seconds * (1 / fraction - 1));
    std::snprintf(stats, sizeof stats, "] %3d%% step %ld %.1fs%s", int(fraction * 100), step, seconds, eta);
    // A line longer than the terminal wraps, and "\r" then redraws only its
    // last part: keep it one column short of the width. What gives way, in
    // order: the diagnostics, the bar (30 down to 10 cells), the label.
    const long cols = long(terminal_columns()) - 1, fixed = long(std::strlen(stats)) + 2;
    std::string label = label_;
    if (long(label.size()) + fixed + 10 > cols) label.resize(std::size_t(std::max(0L, cols - fixed - 10)));
    const long width = std::clamp(cols - long(label.size()) - fixed, 10L, 30L);
    const long fill = std::lround(fraction * double(width));
    std::string line = label + " [" + std::string(std::size_t(fill), '#') + std::string(std::size_t(width - fill), ' ') +
                       stats + brief(d);
    if (long(line.size()) > cols) line.resize(std::size_t(std::max(0L, cols)));
    std::fprintf(stderr, "\r%s\033[K", line.c_str());
    drawn_ = true;
  } else {
    const int tenth = int(std::floor(fraction * 10 + 1e-9));
    if (tenth == last_tenth_) return;
    last_tenth_ = tenth;
    std::fprintf(stderr, "%s: %3d%% step %ld %.1fs%s\n", label_.c_str(), tenth * 10, step, seconds, brief(d).c_str());
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (enabled_ && tty_ && drawn_) std::fprintf(stderr, "\n");
}

}  // namespace wprox::cli
