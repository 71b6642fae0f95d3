#pragma once
// Typed, documented, validated parameters.
//
// A ParamSchema lists what a method or problem accepts: name, type, default,
// bounds and a one-line doc. resolve() turns the user's textual key=value
// pairs (from --set or a config file) into Params, refusing unknown names,
// mistyped values and out-of-range values with an InputError that names the
// parameter, the value and what is allowed. Methods read only Params.
//
// Textual forms: reals and integers as usual; booleans true/false/1/0/yes/no;
// vectors "1,2,3"; matrices "2,0.5;0.5,1" (rows separated by ';'). A matrix
// parameter also accepts a single row (a problem may read it as a diagonal)
// and a single number.
//
// Renamed parameters keep their old names as deprecated aliases (alias()):
// a value given under the old name resolves exactly as under the new one,
// Params::deprecations() lists one notice per old name used (the host
// prints them), and giving both names is an InputError.
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "wprox/data.hpp"

namespace wprox {

enum class ParamType { Int, Real, Bool, Choice, String, Vector, Matrix, Path };
const char* to_string(ParamType t);

// Allowed interval for numbers (and for every entry of a vector or matrix).
struct Range {
  double lo = -std::numeric_limits<double>::infinity();
  double hi = std::numeric_limits<double>::infinity();
  bool lo_open = false;
  bool hi_open = false;

  static Range any() { return {}; }
  static Range positive() { return {0.0, std::numeric_limits<double>::infinity(), true, false}; }
  static Range at_least(double v) { return {v, std::numeric_limits<double>::infinity(), false, false}; }
  static Range closed(double a, double b) { return {a, b, false, false}; }
  static Range open_closed(double a, double b) { return {a, b, true, false}; }
  static Range open(double a, double b) { return {a, b, true, true}; }
  bool contains(double v) const;
  std::string describe() const;  // e.g. "(0, inf)" or "[1, 100]"
};

struct ParamSpec {
  std::string name;
  ParamType type = ParamType::Real;
  std::string default_text;  // textual default; empty with optional=true: unset unless given
  std::string doc;
  Range range;
  std::vector<std::string> choices;  // for Choice
  bool optional = false;             // may stay unset (the doc says what happens then)
  std::vector<std::string> aliases;  // deprecated old names that still resolve to this one
};

class Params;

class ParamSchema {
 public:
  // Builders; each returns *this so a schema reads as one expression.
  ParamSchema& integer(const std::string& name, long def, const std::string& doc, Range r = Range::any());
  ParamSchema& real(const std::string& name, double def, const std::string& doc, Range r = Range::any());
  ParamSchema& boolean(const std::string& name, bool def, const std::string& doc);
  ParamSchema& choice(const std::string& name, const std::string& def, std::vector<std::string> choices,
                      const std::string& doc);
  ParamSchema& text(const std::string& name, const std::string& def, const std::string& doc);
  ParamSchema& vector(const std::string& name, const std::string& def, const std::string& doc, Range r = Range::any());
  ParamSchema& matrix(const std::string& name, const std::string& def, const std::string& doc, Range r = Range::any());
  ParamSchema& path(const std::string& name, const std::string& doc);  // optional file path
  // An optional real: unset unless given (e.g. brwp's T, which defaults to h).
  ParamSchema& optional_real(const std::string& name, const std::string& doc, Range r = Range::any());
  // An optional integer: unset unless given (e.g. a data seed that defaults to --seed).
  ParamSchema& optional_integer(const std::string& name, const std::string& doc, Range r = Range::any());
  ParamSchema& add(ParamSpec spec);
  // Declares `old_name` a deprecated alias of the declared parameter `name`.
  ParamSchema& alias(const std::string& old_name, const std::string& name);

  const std::vector<ParamSpec>& specs() const { return specs_; }
  const ParamSpec* find(const std::string& name) const;
  std::string names() const;  // "a, b, c" for error messages
  // The current name for `name`: itself, or the parameter it is an alias of.
  std::string canonical(const std::string& name) const;

  // `owner` names the method or problem in messages ("method 'ula'").
  // `prefix` is prepended to parameter names in messages ("problem.").
  // Keys may be deprecated aliases; the Params are keyed by current names.
  Params resolve(const std::map<std::string, std::string>& given, const std::string& owner,
                 const std::string& prefix = "") const;

 private:
  std::vector<ParamSpec> specs_;
};

// One parsed value. Numbers are stored as double (integers exactly).
struct ParamValue {
  ParamType type = ParamType::Real;
  std::string text;            // as given or defaulted, for the summary
  double number = 0.0;         // Int, Real, Bool (0/1)
  std::vector<double> values;  // Vector and Matrix entries, row-major
  long rows = 0, cols = 0;     // Matrix shape (Vector: rows = 1)
  bool set = false;            // false for an optional parameter left unset
  bool given = false;          // given by the user (not a default)
};

class Params {
 public:
  bool has(const std::string& name) const;  // known and set
  bool given(const std::string& name) const;  // given by the user, not defaulted
  double real(const std::string& name) const;
  long integer(const std::string& name) const;
  bool flag(const std::string& name) const;
  const std::string& text(const std::string& name) const;  // String, Choice, Path
  Vector vector(const std::string& name) const;
  RowMatrix matrix(const std::string& name) const;
  const std::map<std::string, ParamValue>& values() const { return values_; }
  void put(const std::string& name, ParamValue v) { values_[name] = std::move(v); }
  // One line per deprecated alias the user gave, for the host to print:
  // "parameter 'problem.t_final' is deprecated; use 'problem.T'".
  const std::vector<std::string>& deprecations() const { return deprecations_; }
  void add_deprecation(std::string line) { deprecations_.push_back(std::move(line)); }

 private:
  const ParamValue& get(const std::string& name) const;
  std::map<std::string, ParamValue> values_;
  std::vector<std::string> deprecations_;
};

}  // namespace wprox
