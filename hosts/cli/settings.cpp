#include "settings.hpp"

#include <boost/filesystem.hpp>
#include <nlohmann/json.hpp>

#include <cerrno>
#include <set>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "wprox/errors.hpp"

namespace wprox::cli {
namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

void put(Settings& s, const std::string& key, const std::string& value, const std::string& where) {
  WPROX_REQUIRE(!key.empty(), InputError, where << ": empty parameter name; write key=value");
  WPROX_REQUIRE(key.size() < 200 && key.find_first_of("\n\r") == std::string::npos, InputError,
                where << ": parameter name " << quote(key) << " is not a name");
  if (key == "problem") {
    s.problem_name = value;
  } else if (key.rfind("problem.", 0) == 0) {
    WPROX_REQUIRE(key.size() > 8, InputError, where << ": empty problem parameter name in '" << key << "'");
    s.problem[key.substr(8)] = value;
  } else {
    s.method[key] = value;
  }
}

std::string json_to_text(const nlohmann::json& v, const std::string& where) {
  using nlohmann::json;
  auto number = [&](const json& x) {
    WPROX_REQUIRE(x.is_number(), InputError, where << ": expected a number, got " << quote(x.dump()));
    std::ostringstream os;
    os.precision(17);
    os << x.get<double>();
    return os.str();
  };
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) return number(v);
  if (v.is_array()) {
    std::string out;
    bool matrix = !v.empty() && v[0].is_array();
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (matrix) {
        WPROX_REQUIRE(v[i].is_array(), InputError, where << ": mixed rows and numbers in a matrix");
        std::string row;
        for (const auto& x : v[i]) row += (row.empty() ? "" : ",") + number(x);
        out += (i ? ";" : "") + row;
      } else {
        out += (i ? "," : "") + number(v[i]);
      }
    }
    return out;
  }
  throw InputError(where + ": unsupported value " + quote(v.dump()) + " (use a number, string, boolean or array)");
}

}  // namespace

void add_setting(Settings& s, const std::string& assignment) {
  const auto eq = assignment.find('=');
  WPROX_REQUIRE(eq != std::string::npos, InputError,
                "--set " << quote(assignment) << " is malformed; write --set key=value or --set problem.key=value");
  put(s, trim(assignment.substr(0, eq)), trim(assignment.substr(eq + 1)), "--set " + quote(assignment));
}

Settings read_config(const std::string& path) {
  // A folder opens as a stream on Linux and then fails at the first read:
  // refuse it by name instead.
  boost::system::error_code ec;
  WPROX_REQUIRE(!boost::filesystem::is_directory(path, ec), InputError,
                "config file " << quote(path) << " is a folder; give a .json or key = value file");
  std::ifstream in(path);
  WPROX_REQUIRE(in, InputError, "cannot read config file " << quote(path));
  Settings s;
  const bool json = path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
  if (json) {
    // Settings are at most a matrix: an object of arrays of arrays. Deeper
    // documents are refused while parsing, before they can cost memory or
    // stack, and a key given twice is refused instead of silently dropped.
    constexpr int kMaxDepth = 3;
    std::set<std::string> keys;
    std::string duplicate;
    const nlohmann::json::parser_callback_t check = [&](int depth, nlohmann::json::parse_event_t event,
                                                        nlohmann::json& parsed) {
      if (depth > kMaxDepth)
        throw InputError("config file " + quote(path) + " nests deeper than a matrix (" + std::to_string(kMaxDepth) +
                         " levels at most)");
      if (event == nlohmann::json::parse_event_t::key && depth == 1 && !keys.insert(parsed.get<std::string>()).second)
        duplicate = parsed.get<std::string>();
      return true;
    };
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(in, check);
    } catch (const nlohmann::json::parse_error& e) {
      throw InputError("config file " + quote(path) + " is not valid JSON: " + e.what());
    } catch (const nlohmann::json::exception& e) {  // e.g. a number beyond double range
      throw InputError("config file " + quote(path) + " holds a value JSON numbers cannot represent: " + e.what());
    }
    WPROX_REQUIRE(duplicate.empty(), InputError,
                  "config file " << quote(path) << " gives the key " << quote(duplicate) << " twice");
    WPROX_REQUIRE(doc.is_object(), InputError, "config file " << quote(path) << " must hold a JSON object of key: value");
    for (const auto& [key, value] : doc.items())
      put(s, key, json_to_text(value, "config file " + quote(path) + ", key " + quote(key)), "config file " + quote(path));
    return s;
  }
  std::string line;
  long lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    const auto hash = line.find('#');
    if (hash != std::string::npos) line = line.substr(0, hash);
    if (trim(line).empty()) continue;
    const auto eq = line.find('=');
    const std::string where = quote(path) + ":" + std::to_string(lineno);
    WPROX_REQUIRE(eq != std::string::npos, InputError, where << ": expected 'key = value', got " << quote(trim(line)));
    put(s, trim(line.substr(0, eq)), trim(line.substr(eq + 1)), where);
  }
  return s;
}

std::uint64_t parse_seed(const std::string& text) {
  char* end = nullptr;
  const std::string t = trim(text);
  errno = 0;
  const unsigned long long v = std::strtoull(t.c_str(), &end, 10);
  WPROX_REQUIRE(!t.empty() && t[0] != '-' && end == t.c_str() + t.size() && errno != ERANGE, InputError,
                "--seed " << quote(text) << " is invalid: expected an integer in [0, 2^64 - 1]");
  return v;
}

int parse_threads(const std::string& text) {
  char* end = nullptr;
  const std::string t = trim(text);
  const long v = std::strtol(t.c_str(), &end, 10);
  WPROX_REQUIRE(!t.empty() && end == t.c_str() + t.size() && v >= 0 && v <= 4096, InputError,
                "--threads " << quote(text) << " is invalid: expected an integer in [0, 4096] (0: all cores)");
  return int(v);
}

}  // namespace wprox::cli
