// A plugin whose registration fails (a duplicate method name); the loader
// records the failure and keeps nothing of it.
#include <wprox/sdk.hpp>

namespace {
void register_all(wprox::Registry& r) {
  wprox::MethodInfo m;
  m.name = "ula";  // already registered by the langevin plugin
  m.problem_kind = "target";
  m.summary = "duplicate";
  m.start = [](const wprox::Problem&, const wprox::Params&, const wprox::RunContext&) -> std::unique_ptr<wprox::Run> {
    return nullptr;
  };
  r.add_method(std::move(m));
}
}  // namespace

WPROX_PLUGIN("throws", "0.0", register_all)
