// Deprecated parameter names: an old name resolves exactly as the new one,
// leaves one notice, and may not be given together with the new name.
#include <optional>

#include "testing.hpp"
#include "wprox/settings.hpp"

using namespace wprox;

namespace {

ParamSchema schema() {
  ParamSchema s;
  s.real("h", 0.1, "time step", Range::positive())
      .integer("steps_per_window", 1, "implicit steps per window", Range::closed(1, 1000))
      .optional_real("T", "final time", Range::positive())
      .alias("ht", "h")
      .alias("nt", "steps_per_window")
      .alias("t_final", "T");
  return s;
}

std::string error_of(const std::map<std::string, std::string>& given, const std::string& prefix = "") {
  try {
    schema().resolve(given, "method 'm'", prefix);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("an old name gives the same value as the new one, marked as given") {
  const Params by_old = schema().resolve({{"ht", "2.5e-2"}, {"nt", "4"}, {"t_final", "0.3"}}, "m");
  const Params by_new = schema().resolve({{"h", "2.5e-2"}, {"steps_per_window", "4"}, {"T", "0.3"}}, "m");
  for (const char* name : {"h", "steps_per_window", "T"}) {
    CAPTURE(name);
    CHECK(by_old.given(name));
    CHECK(by_old.values().at(name).text == by_new.values().at(name).text);
    CHECK(by_old.values().at(name).number == by_new.values().at(name).number);
  }
  CHECK(by_old.real("h") == 0.025);
  CHECK(by_old.integer("steps_per_window") == 4);
  // Params are keyed by current names only: a method reads no alias.
  CHECK(by_old.values().count("ht") == 0);
  CHECK(by_new.deprecations().empty());
}

TEST_CASE("each old name used leaves exactly one notice naming both names") {
  const Params p = schema().resolve({{"ht", "0.2"}, {"steps_per_window", "2"}}, "m", "problem.");
  REQUIRE(p.deprecations().size() == 1);
  CHECK(p.deprecations()[0] == "parameter 'problem.ht' is deprecated; use 'problem.h'");
  CHECK(schema().resolve({{"ht", "0.2"}, {"nt", "2"}}, "m").deprecations().size() == 2);
}

TEST_CASE("giving the old and the new name together is refused in one line") {
  const std::string e = error_of({{"h", "0.1"}, {"ht", "0.2"}});
  CHECK(e == "method 'm': parameters 'h' and 'ht' name the same value ('ht' is the deprecated name of 'h'); "
             "give only 'h'");
  // Also when the old name sorts first, and with the problem prefix.
  const std::string p = error_of({{"T", "1"}, {"t_final", "2"}}, "problem.");
  CHECK(p.find("'problem.T' and 'problem.t_final'") != std::string::npos);
  CHECK(p.find('\n') == std::string::npos);
}

TEST_CASE("a bad value under an old name is reported under the name the user wrote") {
  const std::string e = error_of({{"ht", "-1"}});
  CHECK(e.find("parameter 'ht' = '-1' is invalid") != std::string::npos);
}

TEST_CASE("unknown names still get a suggestion among the current names") {
  const std::string e = error_of({{"steps_per_windw", "2"}});
  CHECK(e.find("unknown parameter 'steps_per_windw'") != std::string::npos);
  CHECK(e.find("did you mean 'steps_per_window'") != std::string::npos);
}

TEST_CASE("aliases are declared once, for declared parameters, and travel with include()") {
  CHECK(schema().canonical("nt") == "steps_per_window");
  CHECK(schema().canonical("h") == "h");
  CHECK(schema().find("ht") == nullptr);  // find() knows current names only
  ParamSchema s = schema();
  CHECK_THROWS_AS(s.alias("ht", "T"), std::logic_error);       // already an alias
  CHECK_THROWS_AS(s.alias("h", "T"), std::logic_error);        // already a name
  CHECK_THROWS_AS(s.alias("dt", "missing"), std::logic_error);  // no such parameter
  CHECK_THROWS_AS(s.real("nt", 1.0, "clash"), std::logic_error);  // a new name may not reuse an alias

  struct Base {
    double h = 0;
  };
  struct Derived : Base {
    long k = 0;
  };
  const auto base = SettingsSchema<Base>().real("h", &Base::h, 0.5, "step", Range::positive()).alias("ht", "h");
  const auto derived = SettingsSchema<Derived>().include(base).integer("k", &Derived::k, 1, "count");
  const Params p = derived.params().resolve({{"ht", "0.25"}}, "m");
  CHECK(derived.read(p).h == 0.25);
  CHECK(p.deprecations().size() == 1);
}
