#include "interrupts.hpp"

#include <csignal>

namespace wprox::cli {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
  if (g_signal != 0) {
    // The second one: stop now, with the conventional status.
    std::signal(sig, SIG_DFL);
    std::raise(sig);
    return;
  }
  g_signal = sig;
}

}  // namespace

void install_interrupt_handlers() {
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
#ifdef SIGXFSZ
  std::signal(SIGXFSZ, SIG_IGN);
#endif
}

bool interrupt_requested() { return g_signal != 0; }
int interrupt_signal() { return int(g_signal); }

}  // namespace wprox::cli
