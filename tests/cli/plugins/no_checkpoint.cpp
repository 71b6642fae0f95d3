// A healthy plugin with one method, "count-steps", whose runs do not support
// checkpoints (every built-in method does): the CLI must refuse
// --checkpoint-every for it before any work.
#include <memory>

#include <wprox/sdk.hpp>

namespace {

struct Settings {
  long steps = 3;
};

class CountRun : public wprox::Run {
 public:
  explicit CountRun(long steps) : wprox::Run(steps) {}
  wprox::Results results() const override { return {}; }

 protected:
  void do_step(long k, wprox::Diagnostics& d) override { d.set("k", double(k)); }
};

void register_all(wprox::Registry& r) {
  auto schema =
      wprox::SettingsSchema<Settings>().integer("steps", &Settings::steps, 3, "steps", wprox::Range::closed(1, 100));
  r.add_method(wprox::make_method<wprox::TargetProblem>(
      "count-steps", "counts its steps; no checkpoints", "gaussian", schema,
      [](const wprox::TargetProblem&, const Settings& s, const wprox::RunContext&) {
        return std::make_unique<CountRun>(s.steps);
      }));
}

}  // namespace

WPROX_PLUGIN("no_checkpoint", "0.0", register_all)
