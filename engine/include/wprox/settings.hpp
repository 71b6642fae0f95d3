#pragma once
// Parameters declared once: each schema entry is bound to the field of a
// plain settings struct that it fills.
//
//   struct UlaSettings { long particles = 0; double h = 0; std::optional<double> T; };
//   const auto schema = SettingsSchema<UlaSettings>()
//       .integer("particles", &UlaSettings::particles, 1000, "number of particles N", Range::at_least(2))
//       .real("h", &UlaSettings::h, 0.1, "step size", Range::positive())
//       .optional_real("T", &UlaSettings::T, "RWPO time; default: h", Range::positive())
//       .check([](const UlaSettings& s) { ... throw InputError for bad combinations ... });
//
// schema.params() is the ParamSchema users see (`wprox info`, validation of
// --set values); schema.read(params) returns the filled struct after every
// cross-parameter check has passed. A settings struct may extend another
// (struct MalaSettings : SamplerSettings): include() adds the base schema's
// entries and checks; include(sub, &S::member) does the same for a member
// struct. Choices map to enums with a table of names.
//
// Everything here is header-only and small: the bindings are std::functions
// that copy one value each.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/params.hpp"

namespace wprox {

template <class S>
class SettingsSchema {
 public:
  using Reader = std::function<void(const Params&, S&)>;
  using Check = std::function<void(const S&)>;

  SettingsSchema& integer(const std::string& name, long S::*f, long def, const std::string& doc,
                          Range r = Range::any()) {
    params_.integer(name, def, doc, r);
    return bind([name, f](const Params& p, S& s) { s.*f = p.integer(name); });
  }
  SettingsSchema& integer(const std::string& name, int S::*f, long def, const std::string& doc,
                          Range r = Range::any()) {
    params_.integer(name, def, doc, r);
    return bind([name, f](const Params& p, S& s) {
      const long v = p.integer(name);
      WPROX_REQUIRE(v >= -2147483647L && v <= 2147483647L, InputError,
                    "parameter '" << name << "' = " << v << " does not fit a 32-bit integer");
      s.*f = int(v);
    });
  }
  SettingsSchema& real(const std::string& name, double S::*f, double def, const std::string& doc,
                       Range r = Range::any()) {
    params_.real(name, def, doc, r);
    return bind([name, f](const Params& p, S& s) { s.*f = p.real(name); });
  }
  SettingsSchema& boolean(const std::string& name, bool S::*f, bool def, const std::string& doc) {
    params_.boolean(name, def, doc);
    return bind([name, f](const Params& p, S& s) { s.*f = p.flag(name); });
  }
  SettingsSchema& text(const std::string& name, std::string S::*f, const std::string& def, const std::string& doc) {
    params_.text(name, def, doc);
    return bind([name, f](const Params& p, S& s) { s.*f = p.text(name); });
  }
  // A choice kept as its text.
  SettingsSchema& choice(const std::string& name, std::string S::*f, const std::string& def,
                         std::vector<std::string> choices, const std::string& doc) {
    params_.choice(name, def, std::move(choices), doc);
    return bind([name, f](const Params& p, S& s) { s.*f = p.text(name); });
  }
  // A choice mapped to a value (an enum, a bool): {{"laplace", Z::Laplace}, {"mc", Z::MonteCarlo}}.
  template <class E>
  SettingsSchema& choice(const std::string& name, E S::*f, const std::string& def,
                         std::vector<std::pair<std::string, E>> table, const std::string& doc) {
    std::vector<std::string> names;
    for (const auto& [n, v] : table) names.push_back(n);
    params_.choice(name, def, names, doc);
    return bind([name, f, table](const Params& p, S& s) {
      for (const auto& [n, v] : table)
        if (n == p.text(name)) s.*f = v;
    });
  }
  SettingsSchema& vector(const std::string& name, Vector S::*f, const std::string& def, const std::string& doc,
                         Range r = Range::any()) {
    params_.vector(name, def, doc, r);
    return bind([name, f](const Params& p, S& s) {
      if (p.has(name)) s.*f = p.vector(name);
    });
  }
  SettingsSchema& matrix(const std::string& name, RowMatrix S::*f, const std::string& def, const std::string& doc,
                         Range r = Range::any()) {
    params_.matrix(name, def, doc, r);
    return bind([name, f](const Params& p, S& s) {
      if (p.has(name)) s.*f = p.matrix(name);
    });
  }
  // An optional file path (empty when unset).
  SettingsSchema& path(const std::string& name, std::string S::*f, const std::string& doc) {
    params_.path(name, doc);
    return bind([name, f](const Params& p, S& s) { s.*f = p.has(name) ? p.text(name) : std::string(); });
  }
  SettingsSchema& optional_real(const std::string& name, std::optional<double> S::*f, const std::string& doc,
                                Range r = Range::any()) {
    params_.optional_real(name, doc, r);
    return bind(
        [name, f](const Params& p, S& s) { s.*f = p.has(name) ? std::optional<double>(p.real(name)) : std::nullopt; });
  }
  SettingsSchema& optional_integer(const std::string& name, std::optional<long> S::*f, const std::string& doc,
                                   Range r = Range::any()) {
    params_.optional_integer(name, doc, r);
    return bind(
        [name, f](const Params& p, S& s) { s.*f = p.has(name) ? std::optional<long>(p.integer(name)) : std::nullopt; });
  }
  // A renamed parameter: `old_name` still resolves to the declared `name`,
  // with a deprecation notice (see ParamSchema::alias).
  SettingsSchema& alias(const std::string& old_name, const std::string& name) {
    params_.alias(old_name, name);
    return *this;
  }
  // Whether the user gave the (already declared) parameter `name` rather
  // than leaving its default: for checks such as "particles disagrees with
  // the init file", which must not fire on a default.
  SettingsSchema& given(const std::string& name, bool S::*f) {
    return bind([name, f](const Params& p, S& s) { s.*f = p.given(name); });
  }
  // A check across parameters, run by read() after every field is filled;
  // it throws InputError naming the parameters and what is allowed.
  SettingsSchema& check(Check c) {
    checks_.push_back(std::move(c));
    return *this;
  }
  // The entries and checks of a base settings struct, in their order.
  template <class Base>
  SettingsSchema& include(const SettingsSchema<Base>& base) {
    static_assert(std::is_base_of<Base, S>::value, "include() takes the schema of a base of the settings struct");
    for (const auto& spec : base.params().specs()) params_.add(spec);
    for (const auto& r : base.readers()) readers_.push_back([r](const Params& p, S& s) { r(p, s); });
    for (const auto& c : base.checks()) checks_.push_back([c](const S& s) { c(s); });
    return *this;
  }

  // The entries and checks of a member struct's schema, applied to that
  // member: .include(fit_schema(), &MethodSettings::fit).
  template <class Sub>
  SettingsSchema& include(const SettingsSchema<Sub>& sub, Sub S::*member) {
    for (const auto& spec : sub.params().specs()) params_.add(spec);
    for (const auto& r : sub.readers()) readers_.push_back([r, member](const Params& p, S& s) { r(p, s.*member); });
    for (const auto& c : sub.checks()) checks_.push_back([c, member](const S& s) { c(s.*member); });
    return *this;
  }

  const ParamSchema& params() const { return params_; }
  const std::vector<Reader>& readers() const { return readers_; }
  const std::vector<Check>& checks() const { return checks_; }

  // The settings for validated Params (from params().resolve()).
  S read(const Params& p) const {
    S s{};
    for (const auto& r : readers_) r(p, s);
    for (const auto& c : checks_) c(s);
    return s;
  }

 private:
  SettingsSchema& bind(Reader r) {
    readers_.push_back(std::move(r));
    return *this;
  }
  ParamSchema params_;
  std::vector<Reader> readers_;
  std::vector<Check> checks_;
};

}  // namespace wprox
