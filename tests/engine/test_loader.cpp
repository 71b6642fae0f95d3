#include <string>

#include "testing.hpp"

using namespace wprox;

static const PluginRecord& record_for(const Registry& r, const std::string& stem) {
  for (const auto& p : r.plugins())
    if (p.file.find(stem) != std::string::npos) return p;
  FAIL("no record for " << stem);
  throw std::logic_error("unreachable");
}

TEST_CASE("the loader refuses bad files, names the reason and keeps loading the rest") {
  Registry r;
  r.load_directory(WPROX_TEST_PLUGIN_DIR);
  REQUIRE(r.all_loaded());
  r.load_directory(BAD_PLUGIN_DIR);
  CHECK_FALSE(r.all_loaded());

  const auto& abi = record_for(r, "wprox_wrong_abi.so");
  CHECK_FALSE(abi.ok);
  CHECK(abi.status.find("wrong ABI version 999") != std::string::npos);
  CHECK(abi.status.find("accepts " + std::to_string(kAbiVersion)) != std::string::npos);

  const auto& none = record_for(r, "wprox_no_descriptor.so");
  CHECK_FALSE(none.ok);
  CHECK(none.status.find("not a wprox plugin") != std::string::npos);

  const auto& text = record_for(r, "wprox_not_a_library.so");
  CHECK_FALSE(text.ok);
  CHECK(text.status.find("cannot be loaded") != std::string::npos);

  const auto& dup = record_for(r, "wprox_throws_on_register.so");
  CHECK_FALSE(dup.ok);
  CHECK(dup.status.find("registered twice") != std::string::npos);

  // The good plugins are untouched by the failures.
  CHECK(r.has_method("ula"));
  CHECK(r.has_problem("gaussian"));
  CHECK(r.first_failure().find("plugin ") == 0);
}

TEST_CASE("unknown names list the valid ones") {
  Registry& r = testing::registry();
  try {
    r.method("nope");
    FAIL("accepted");
  } catch (const InputError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("unknown method 'nope'") != std::string::npos);
    CHECK(msg.find("ula") != std::string::npos);
  }
  CHECK_THROWS_AS(r.problem("nope"), InputError);
}

TEST_CASE("a method converts its problem by kind, not by cast") {
  Registry& r = testing::registry();
  const auto& g = r.problem("gaussian");
  auto p = g.create(g.schema.resolve({}, "g"), RunContext{});
  CHECK_NOTHROW(problem_as<TargetProblem>(*p));
  struct PdeLike : Problem {
    std::string kind() const override { return "pde"; }
    int kind_version() const override { return 1; }
    std::string name() const override { return "pde-like"; }
  } other;
  CHECK_THROWS_WITH_AS(problem_as<TargetProblem>(other),
                       "problem 'pde-like' is of kind 'pde', this method needs kind 'target'", InputError);
  // The right kind built against another version of its contract.
  struct OldTarget : Problem {
    std::string kind() const override { return "target"; }
    int kind_version() const override { return TargetProblem::kVersion + 1; }
    std::string name() const override { return "old-target"; }
  } old;
  try {
    problem_as<TargetProblem>(old);
    FAIL("a problem built against another kind version was accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("version") != std::string::npos);
  }
  // The host's check, before anything is created.
  ProblemInfo info = g;
  info.kind_version = TargetProblem::kVersion + 1;
  CHECK_THROWS_AS(check_problem_kind(r.method("ula"), info, {}), InputError);
  info = r.problem("allen-cahn");
  CHECK_THROWS_AS(check_problem_kind(r.method("ula"), info, {"gaussian"}), InputError);
}
