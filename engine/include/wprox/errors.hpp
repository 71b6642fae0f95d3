#pragma once
// Typed errors. Hosts map them to exit codes: InputError -> 2 (bad input),
// RunError -> 3 (the run diverged or a solve failed). Messages are one line,
// quote the offending values and, where it helps, what is allowed.
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace wprox {

// Something the user supplied is wrong: a parameter, a file, a name.
// The out-of-line destructors are key functions: vtables and type info live
// in libwprox, so an error thrown by plugin code stays valid after the
// plugin is unloaded and is caught by type in any host.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
  ~InputError() override;
};

// Two sizes that must agree do not; the message names both.
class DimensionMismatch : public InputError {
 public:
  using InputError::InputError;
  ~DimensionMismatch() override;
};

// A run that started correctly failed numerically: NaN/Inf, a solver that did
// not converge. `step` is the 1-based step in which it happened (0 = setup or
// a piece that does not know its step); what() is "step N: reason".
class RunError : public std::runtime_error {
 public:
  RunError(long step, const std::string& reason)
      : std::runtime_error("step " + std::to_string(step) + ": " + reason), step_(step), reason_(reason) {}
  ~RunError() override;
  long step() const { return step_; }
  const std::string& reason() const { return reason_; }
  // The same failure seen from an enclosing step, with optional context
  // ("probability-flow ODE"): the step is replaced, never repeated.
  RunError at(long step, const std::string& context = "") const {
    return RunError(step, context.empty() ? reason_ : context + ": " + reason_);
  }

 private:
  long step_;
  std::string reason_;
};

// User text for an error message: quoted, with control and non-ASCII
// characters escaped (\n, \xNN) so the message stays one line, and
// shortened to about max_chars (the middle replaced by "...").
std::string quote(const std::string& user_text, std::size_t max_chars = 80);

// " (did you mean 'x'?)" for the valid name closest to `given` in edit
// distance, when it is close (at most a third of its length, at least 2);
// empty otherwise.
std::string did_you_mean(const std::string& given, const std::vector<std::string>& valid);

}  // namespace wprox

// WPROX_REQUIRE(cond, ErrorType, "message " << value): throws ErrorType with
// the streamed message when cond is false. For checks on user input.
#define WPROX_REQUIRE(cond, ErrorType, msg)     \
  do {                                          \
    if (!(cond)) {                              \
      std::ostringstream wprox_require_os_;     \
      wprox_require_os_ << msg;                 \
      throw ErrorType(wprox_require_os_.str()); \
    }                                           \
  } while (0)
