#include "wprox/params.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <sstream>

#include "wprox/errors.hpp"

namespace wprox {

const char* to_string(ParamType t) {
  switch (t) {
    case ParamType::Int: return "integer";
    case ParamType::Real: return "real";
    case ParamType::Bool: return "boolean";
    case ParamType::Choice: return "choice";
    case ParamType::String: return "string";
    case ParamType::Vector: return "vector";
    case ParamType::Matrix: return "matrix";
    case ParamType::Path: return "path";
  }
  return "?";
}

bool Range::contains(double v) const {
  if (std::isnan(v)) return false;
  if (lo_open ? !(v > lo) : !(v >= lo)) return false;
  if (hi_open ? !(v < hi) : !(v <= hi)) return false;
  return true;
}

static std::string fmt_bound(double v) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (std::floor(v) == v && std::fabs(v) < 1e15) return std::to_string(static_cast<long long>(v));
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string Range::describe() const {
  return std::string(lo_open ? "(" : "[") + fmt_bound(lo) + ", " + fmt_bound(hi) + (hi_open ? ")" : "]");
}

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

// A finite double; overflow ("1e400") is refused, underflow gives 0 or a
// subnormal, which is the value meant.
bool parse_double(const std::string& text, double& out) {
  std::string t = trim(text);
  if (t.empty()) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtod(t.c_str(), &end);
  return end == t.c_str() + t.size() && std::isfinite(out);
}

// Integers are kept as doubles, so every accepted integer is exactly
// representable: |v| <= 2^53. Larger magnitudes ("99999999999999999999"),
// which strtoll would silently clamp, are refused.
bool parse_long(const std::string& text, double& out) {
  constexpr double kExact = 9007199254740992.0;  // 2^53
  std::string t = trim(text);
  if (t.empty()) return false;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(t.c_str(), &end, 10);
  if (end == t.c_str() + t.size()) {
    if (errno == ERANGE || std::fabs(double(v)) > kExact) return false;
    out = double(v);
    return true;
  }
  // Integral values written as reals ("1e3", "200.0").
  double d;
  if (!parse_double(t, d) || std::floor(d) != d || std::fabs(d) > kExact) return false;
  out = d;
  return true;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  std::istringstream is(s);
  while (std::getline(is, cur, sep)) parts.push_back(cur);
  if (!s.empty() && s.back() == sep) parts.push_back("");
  return parts;
}

[[noreturn]] void bad_value(const std::string& owner, const std::string& pname, const std::string& text,
                            const std::string& allowed) {
  throw InputError(owner + ": parameter '" + pname + "' = " + quote(text) + " is invalid: " + allowed);
}

ParamValue parse_value(const ParamSpec& spec, const std::string& text, const std::string& owner,
                       const std::string& prefix) {
  const std::string pname = prefix + spec.name;
  ParamValue v;
  v.type = spec.type;
  v.text = trim(text);
  v.set = true;
  switch (spec.type) {
    case ParamType::Int:
      if (!parse_long(v.text, v.number))
        bad_value(owner, pname, text, "expected an integer in " + spec.range.describe());
      if (!spec.range.contains(v.number)) bad_value(owner, pname, text, "allowed range is " + spec.range.describe());
      break;
    case ParamType::Real:
      if (!parse_double(v.text, v.number))
        bad_value(owner, pname, text, "expected a real number in " + spec.range.describe());
      if (!spec.range.contains(v.number)) bad_value(owner, pname, text, "allowed range is " + spec.range.describe());
      break;
    case ParamType::Bool: {
      const std::string& t = v.text;
      if (t == "true" || t == "1" || t == "yes" || t == "on")
        v.number = 1;
      else if (t == "false" || t == "0" || t == "no" || t == "off")
        v.number = 0;
      else
        bad_value(owner, pname, text, "expected true or false");
      break;
    }
    case ParamType::Choice: {
      bool ok = false;
      std::string list;
      for (const auto& c : spec.choices) {
        ok = ok || c == v.text;
        list += (list.empty() ? "" : ", ") + c;
      }
      if (!ok) bad_value(owner, pname, text, "allowed values are " + list);
      break;
    }
    case ParamType::String:
    case ParamType::Path: break;
    case ParamType::Vector:
    case ParamType::Matrix: {
      if (v.text.empty())
        bad_value(owner, pname, text,
                  spec.type == ParamType::Vector ? "expected comma-separated numbers, got nothing"
                                                 : "expected rows of comma-separated numbers separated by ';', got nothing");
      auto rows = split(v.text, ';');
      v.rows = 0;
      v.cols = -1;
      for (const auto& row : rows) {
        auto cells = split(row, ',');
        // An empty row ("1,2;;3,4", ";;") splits into no cells at all.
        if ((cells.empty() || (cells.size() == 1 && trim(cells[0]).empty())) && rows.size() > 1)
          bad_value(owner, pname, text, "empty row; write rows of comma-separated numbers separated by ';'");
        if (v.cols >= 0 && long(cells.size()) != v.cols)
          bad_value(
              owner, pname, text,
              "rows have different lengths (" + std::to_string(v.cols) + " and " + std::to_string(cells.size()) + ")");
        v.cols = long(cells.size());
        for (const auto& c : cells) {
          double x;
          if (!parse_double(c, x)) bad_value(owner, pname, text, quote(trim(c), 24) + " is not a finite number");
          if (!spec.range.contains(x)) bad_value(owner, pname, text, "entries must lie in " + spec.range.describe());
          v.values.push_back(x);
        }
        ++v.rows;
      }
      if (spec.type == ParamType::Vector && v.rows != 1)
        bad_value(owner, pname, text, "expected comma-separated numbers (a vector), not a matrix");
      break;
    }
  }
  return v;
}

}  // namespace

// Whether `name` is taken, as a parameter or as an alias of one.
static bool taken(const std::vector<ParamSpec>& specs, const std::string& name) {
  for (const auto& s : specs) {
    if (s.name == name) return true;
    for (const auto& a : s.aliases)
      if (a == name) return true;
  }
  return false;
}

ParamSchema& ParamSchema::add(ParamSpec spec) {
  WPROX_REQUIRE(!taken(specs_, spec.name), std::logic_error, "parameter '" << spec.name << "' declared twice");
  for (const auto& a : spec.aliases)
    WPROX_REQUIRE(a != spec.name && !taken(specs_, a), std::logic_error, "alias '" << a << "' declared twice");
  specs_.push_back(std::move(spec));
  return *this;
}

ParamSchema& ParamSchema::alias(const std::string& old_name, const std::string& name) {
  WPROX_REQUIRE(!taken(specs_, old_name), std::logic_error, "alias '" << old_name << "' is already a name");
  for (auto& s : specs_)
    if (s.name == name) {
      s.aliases.push_back(old_name);
      return *this;
    }
  throw std::logic_error("alias '" + old_name + "' of undeclared parameter '" + name + "'");
}

// The shortest text that reads back as exactly v ("1e-06", not
// "9.9999999999999995e-07").
static std::string num_text(double v) {
  for (int digits = 6; digits <= 17; ++digits) {
    std::ostringstream os;
    os.precision(digits);
    os << v;
    if (std::strtod(os.str().c_str(), nullptr) == v) return os.str();
  }
  return std::to_string(v);
}

ParamSchema& ParamSchema::integer(const std::string& name, long def, const std::string& doc, Range r) {
  return add({name, ParamType::Int, std::to_string(def), doc, r, {}, false, {}});
}
ParamSchema& ParamSchema::real(const std::string& name, double def, const std::string& doc, Range r) {
  return add({name, ParamType::Real, num_text(def), doc, r, {}, false, {}});
}
ParamSchema& ParamSchema::boolean(const std::string& name, bool def, const std::string& doc) {
  return add({name, ParamType::Bool, def ? "true" : "false", doc, Range::any(), {}, false, {}});
}
ParamSchema& ParamSchema::choice(const std::string& name, const std::string& def, std::vector<std::string> choices,
                                 const std::string& doc) {
  return add({name, ParamType::Choice, def, doc, Range::any(), std::move(choices), false, {}});
}
ParamSchema& ParamSchema::text(const std::string& name, const std::string& def, const std::string& doc) {
  return add({name, ParamType::String, def, doc, Range::any(), {}, false, {}});
}
ParamSchema& ParamSchema::vector(const std::string& name, const std::string& def, const std::string& doc, Range r) {
  return add({name, ParamType::Vector, def, doc, r, {}, def.empty(), {}});
}
ParamSchema& ParamSchema::matrix(const std::string& name, const std::string& def, const std::string& doc, Range r) {
  return add({name, ParamType::Matrix, def, doc, r, {}, def.empty(), {}});
}
ParamSchema& ParamSchema::path(const std::string& name, const std::string& doc) {
  return add({name, ParamType::Path, "", doc, Range::any(), {}, true, {}});
}
ParamSchema& ParamSchema::optional_real(const std::string& name, const std::string& doc, Range r) {
  return add({name, ParamType::Real, "", doc, r, {}, true, {}});
}

ParamSchema& ParamSchema::optional_integer(const std::string& name, const std::string& doc, Range r) {
  return add({name, ParamType::Int, "", doc, r, {}, true, {}});
}

const ParamSpec* ParamSchema::find(const std::string& name) const {
  for (const auto& s : specs_)
    if (s.name == name) return &s;
  return nullptr;
}

std::string ParamSchema::canonical(const std::string& name) const {
  for (const auto& s : specs_)
    for (const auto& a : s.aliases)
      if (a == name) return s.name;
  return name;
}

std::string ParamSchema::names() const {
  std::string out;
  for (const auto& s : specs_) out += (out.empty() ? "" : ", ") + s.name;
  return out.empty() ? "(none)" : out;
}

Params ParamSchema::resolve(const std::map<std::string, std::string>& given, const std::string& owner,
                            const std::string& prefix) const {
  // Keys by current name; an old name counts as the new one, once.
  std::map<std::string, std::pair<std::string, const std::string*>> by_name;  // name -> (key given, text)
  Params p;
  for (const auto& [k, text] : given) {
    const std::string name = canonical(k);
    if (!find(name)) {
      std::vector<std::string> valid;
      for (const auto& spec : specs_) valid.push_back(prefix + spec.name);
      throw InputError(owner + ": unknown parameter " + quote(prefix + k) + did_you_mean(prefix + k, valid) +
                       "; valid parameters: " + names());
    }
    if (name != k) {
      const auto other = by_name.count(name) ? by_name[name].first : given.count(name) ? name : std::string();
      WPROX_REQUIRE(other.empty(), InputError,
                    owner << ": parameters " << quote(prefix + other) << " and " << quote(prefix + k)
                          << " name the same value (" << quote(prefix + k) << " is the deprecated name of "
                          << quote(prefix + name) << "); give only " << quote(prefix + name));
      p.add_deprecation("parameter " + quote(prefix + k) + " is deprecated; use " + quote(prefix + name));
    }
    by_name[name] = {k, &text};
  }
  for (const auto& spec : specs_) {
    auto it = by_name.find(spec.name);
    if (it != by_name.end()) {
      // A bad value is reported under the name the user wrote.
      ParamSpec as_given = spec;
      as_given.name = it->second.first;
      ParamValue v = parse_value(as_given, *it->second.second, owner, prefix);
      v.given = true;
      p.put(spec.name, std::move(v));
    } else if (spec.optional && spec.default_text.empty()) {
      ParamValue v;
      v.type = spec.type;
      v.set = false;
      p.put(spec.name, v);
    } else {
      p.put(spec.name, parse_value(spec, spec.default_text, owner + " (default)", prefix));
    }
  }
  return p;
}

const ParamValue& Params::get(const std::string& name) const {
  auto it = values_.find(name);
  WPROX_REQUIRE(it != values_.end(), std::logic_error, "parameter '" << name << "' is not in the schema");
  WPROX_REQUIRE(it->second.set, std::logic_error, "parameter '" << name << "' is unset; check has() first");
  return it->second;
}

bool Params::given(const std::string& name) const {
  auto it = values_.find(name);
  return it != values_.end() && it->second.given;
}

bool Params::has(const std::string& name) const {
  auto it = values_.find(name);
  return it != values_.end() && it->second.set;
}
double Params::real(const std::string& name) const { return get(name).number; }
long Params::integer(const std::string& name) const { return long(get(name).number); }
bool Params::flag(const std::string& name) const { return get(name).number != 0; }
const std::string& Params::text(const std::string& name) const { return get(name).text; }

Vector Params::vector(const std::string& name) const {
  const auto& v = get(name);
  return Eigen::Map<const Vector>(v.values.data(), Eigen::Index(v.values.size()));
}

RowMatrix Params::matrix(const std::string& name) const {
  const auto& v = get(name);
  return Eigen::Map<const RowMatrix>(v.values.data(), v.rows, v.cols);
}

}  // namespace wprox
