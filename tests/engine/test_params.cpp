#include <optional>

#include "testing.hpp"

using namespace wprox;

static ParamSchema schema() {
  ParamSchema s;
  s.integer("n", 10, "count", Range::at_least(2))
      .real("h", 0.1, "step", Range::positive())
      .boolean("flag", false, "a switch")
      .choice("z", "laplace", {"laplace", "mc"}, "how")
      .vector("m", "0.5,0.5", "offset")
      .matrix("A", "1", "precision", Range::any())
      .optional_real("T", "time (default: h)", Range::positive())
      .path("init", "file");
  return s;
}

static std::string error_of(const std::map<std::string, std::string>& given) {
  try {
    schema().resolve(given, "method 'm'");
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

TEST_CASE("defaults resolve with their types") {
  Params p = schema().resolve({}, "m");
  CHECK(p.integer("n") == 10);
  CHECK(p.real("h") == doctest::Approx(0.1));
  CHECK_FALSE(p.flag("flag"));
  CHECK(p.text("z") == "laplace");
  CHECK(p.vector("m").size() == 2);
  CHECK(p.matrix("A").size() == 1);
  CHECK_FALSE(p.has("T"));
  CHECK_FALSE(p.has("init"));
}

TEST_CASE("given values are parsed") {
  Params p = schema().resolve({{"n", "1e3"},
                               {"h", "2.5e-2"},
                               {"flag", "yes"},
                               {"z", "mc"},
                               {"m", "1, 2,3"},
                               {"A", "2,0.5;0.5,1"},
                               {"T", "0.3"}},
                              "m");
  CHECK(p.integer("n") == 1000);
  CHECK(p.real("h") == 0.025);
  CHECK(p.flag("flag"));
  CHECK(p.vector("m")[2] == 3.0);
  RowMatrix A = p.matrix("A");
  CHECK(A.rows() == 2);
  CHECK(A(1, 0) == 0.5);
  CHECK(p.real("T") == 0.3);
}

TEST_CASE("bad values are refused with the name, the value and what is allowed") {
  CHECK(error_of({{"n", "1"}}) == "method 'm': parameter 'n' = '1' is invalid: allowed range is [2, inf]");
  CHECK(error_of({{"n", "2.5"}}).find("expected an integer") != std::string::npos);
  CHECK(error_of({{"h", "0"}}).find("allowed range is (0, inf]") != std::string::npos);
  CHECK(error_of({{"h", "abc"}}).find("expected a real number") != std::string::npos);
  CHECK(error_of({{"h", "nan"}}).find("'h'") != std::string::npos);
  CHECK(error_of({{"flag", "maybe"}}).find("true or false") != std::string::npos);
  CHECK(error_of({{"z", "exact"}}).find("allowed values are laplace, mc") != std::string::npos);
  CHECK(error_of({{"m", "1,x"}}).find("'x' is not a finite number") != std::string::npos);
  CHECK(error_of({{"m", "1,2;3,4"}}).find("not a matrix") != std::string::npos);
  CHECK(error_of({{"A", "1,2;3"}}).find("different lengths") != std::string::npos);
  CHECK(error_of({{"bogus", "1"}}) ==
        "method 'm': unknown parameter 'bogus'; valid parameters: n, h, flag, z, m, A, T, init");
}

TEST_CASE("the problem prefix appears in messages") {
  try {
    schema().resolve({{"h", "-1"}}, "problem 'p'", "problem.");
    FAIL("accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find("'problem.h'") != std::string::npos);
  }
}

// Settings bound to a schema: each parameter declared once.
namespace {
struct BaseSettings {
  long n = 0;
  double h = 0;
};
enum class Mode { Fast, Exact };
struct DerivedSettings : BaseSettings {
  Mode mode = Mode::Fast;
  std::optional<double> T;
  Vector v;
  std::string file;
};
}  // namespace

TEST_CASE("a settings schema fills its struct, includes a base schema and runs its checks") {
  using B = BaseSettings;
  using D = DerivedSettings;
  const auto base = SettingsSchema<B>()
                        .integer("n", &B::n, 10, "count", Range::at_least(1))
                        .real("h", &B::h, 0.5, "step", Range::positive());
  const auto schema = SettingsSchema<D>()
                          .include(base)
                          .choice("mode", &D::mode, "fast", {{"fast", Mode::Fast}, {"exact", Mode::Exact}}, "mode")
                          .optional_real("T", &D::T, "time; default: h", Range::positive())
                          .vector("v", &D::v, "", "a vector")
                          .path("file", &D::file, "a file")
                          .check([](const D& s) {
                            WPROX_REQUIRE(!s.T || *s.T >= s.h, InputError, "T = " << *s.T << " must be >= h = " << s.h);
                          });
  // The user-visible schema lists every parameter once, base first.
  REQUIRE(schema.params().specs().size() == 6);
  CHECK(schema.params().specs()[0].name == "n");
  CHECK(schema.params().specs()[2].name == "mode");
  const D defaults = schema.read(schema.params().resolve({}, "m"));
  CHECK(defaults.n == 10);
  CHECK(defaults.h == 0.5);
  CHECK(defaults.mode == Mode::Fast);
  CHECK_FALSE(defaults.T.has_value());
  CHECK(defaults.v.size() == 0);
  CHECK(defaults.file.empty());
  const D given = schema.read(
      schema.params().resolve({{"n", "3"}, {"mode", "exact"}, {"T", "2"}, {"v", "1,2"}, {"file", "x.npy"}}, "m"));
  CHECK(given.n == 3);
  CHECK(given.mode == Mode::Exact);
  CHECK(*given.T == 2.0);
  CHECK(given.v.size() == 2);
  CHECK(given.file == "x.npy");
  CHECK_THROWS_WITH_AS(schema.read(schema.params().resolve({{"T", "0.1"}}, "m")), "T = 0.1 must be >= h = 0.5",
                       InputError);
}
