#include "progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace wprox::cli {

Progress::Progress(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled), tty_(isatty(STDERR_FILENO) != 0) {}

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
    const int width = 30, fill = int(std::lround(fraction * width));
    char eta[32] = "";
    if (fraction > 0.01 && fraction < 1.0) std::snprintf(eta, sizeof eta, " eta %.0fs", seconds * (1 / fraction - 1));
    std::fprintf(stderr, "\r%s [%.*s%*s] %3d%% step %ld %.1fs%s%s\033[K", label_.c_str(), fill,
                 "##############################", width - fill, "", int(fraction * 100), step, seconds, eta,
                 brief(d).c_str());
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
