#pragma once
// Failure agreement between the ranks of a run. Work done on every rank
// (set-up, a step, the end of a run) may fail on some ranks only: a file one
// node cannot read, a divergence found in one rank's share. If that rank
// simply threw, the others would wait forever in their next collective
// call. agree() runs the work, then every rank learns whether any failed
// (Communicator::first_failed_rank) and, if so, every rank throws the same
// error: the lowest failing rank's, with its type and message.
//
// Types kept: InputError (exit 2), RunError (exit 3, with its step),
// std::bad_alloc and std::length_error (out of memory, exit 2); anything
// else becomes std::runtime_error (exit 1). With one rank agree() only runs
// the work: errors propagate exactly as thrown.
#include <functional>

#include "wprox/communicator.hpp"

namespace wprox {

void agree(const Communicator& comm, const std::function<void()>& work);

// Marks an error thrown by agree() on every rank: a host that catches one of
// these knows that all ranks caught the same error and may simply return;
// any other exception under several ranks is local, and the host must end
// the job (MpiSession::abort) because the other ranks cannot learn of it.
// Set on the current thread by agree() just before it rethrows; reading it
// clears it.
bool take_agreed_failure();

}  // namespace wprox
