#include "wprox/agreement.hpp"

#include <exception>
#include <new>
#include <stdexcept>
#include <string>

#include "wprox/errors.hpp"

namespace wprox {

namespace {

thread_local bool t_agreed = false;

// What travels from the failing rank: a kind code, the step and the text.
enum Kind { kInput = 2, kRun = 3, kMemory = 4, kOther = 1 };

}  // namespace

bool take_agreed_failure() {
  const bool a = t_agreed;
  t_agreed = false;
  return a;
}

void agree(const Communicator& comm, const std::function<void()>& work) {
  if (comm.size() == 1) {
    work();
    return;
  }
  double kind_step[2] = {0, 0};
  std::string text;
  bool failed = true;
  try {
    work();
    failed = false;
  } catch (const RunError& e) {
    kind_step[0] = kRun, kind_step[1] = double(e.step()), text = e.reason();
  } catch (const InputError& e) {
    kind_step[0] = kInput, text = e.what();
  } catch (const std::bad_alloc&) {
    kind_step[0] = kMemory;
  } catch (const std::length_error&) {
    kind_step[0] = kMemory;
  } catch (const std::exception& e) {
    kind_step[0] = kOther, text = e.what();
  }
  const int first = comm.first_failed_rank(failed);
  if (first < 0) return;
  comm.broadcast(kind_step, 2, first);
  comm.broadcast(text, first);
  t_agreed = true;
  switch (int(kind_step[0])) {
    case kRun: throw RunError(long(kind_step[1]), text);
    case kInput: throw InputError(text);
    case kMemory: throw std::bad_alloc();
    default: throw std::runtime_error(text);
  }
}

}  // namespace wprox
