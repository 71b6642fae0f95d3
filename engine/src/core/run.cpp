#include "wprox/checkpoint.hpp"
#include "wprox/errors.hpp"
#include "wprox/method.hpp"

namespace wprox {

void Run::save(StateWriter& w) const {
  WPROX_REQUIRE(checkpointable(), InputError, "this method does not support checkpoints");
  w.integer("run.steps_done", done_);
  w.integer("run.total_steps", total_);
  w.integer("run.stopped", stopped_ ? 1 : 0);
  save_state(w);
}

void Run::load(const StateReader& r) {
  WPROX_REQUIRE(checkpointable(), InputError, "this method does not support checkpoints");
  load_state(r);
  done_ = r.integer("run.steps_done");
  total_ = r.integer("run.total_steps");
  stopped_ = r.integer("run.stopped") != 0;
}

}  // namespace wprox
