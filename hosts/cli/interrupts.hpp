#pragma once
// Ctrl-C and kill: SIGINT and SIGTERM ask the run to stop after its current
// step (the run loop polls requested()); a second signal of either kind ends
// the process at once. The exit code of an interrupted run is 128 + signal
// (130 for SIGINT, 143 for SIGTERM). SIGXFSZ is ignored, so that a file-size
// limit surfaces as a failed write (an error message) rather than a kill.
namespace wprox::cli {

void install_interrupt_handlers();
bool interrupt_requested();
int interrupt_signal();  // 0 when none arrived

}  // namespace wprox::cli
