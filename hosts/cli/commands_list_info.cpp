#include <cstdio>
#include <cstdlib>
#include <string>

#include "commands.hpp"
#include "help.hpp"
#include "ranks.hpp"
#include "wprox/errors.hpp"

namespace wprox::cli {

namespace {
bool g_strict_plugins = false;
std::string g_command_line;

// Single quotes around any word the shell would split or expand.
std::string shell_word(const std::string& w) {
  if (!w.empty() && w.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=.,/:@%") ==
                        std::string::npos)
    return w;
  std::string q = "'";
  for (char c : w) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}
}  // namespace

void set_command_line(int argc, char** argv) {
  g_command_line.clear();
  for (int i = 0; i < argc; ++i) g_command_line += (i ? " " : "") + shell_word(argv[i]);
}

const std::string& command_line() { return g_command_line; }

void set_strict_plugins(bool strict) { g_strict_plugins = strict; }

bool strict_plugins() {
  const char* env = std::getenv("WPROX_STRICT_PLUGINS");
  return g_strict_plugins || (env && *env && std::string(env) != "0");
}

void load_plugins(Registry& reg) {
  reg.load_default_path();
  if (!reg.all_loaded() && strict_plugins()) throw InputError(reg.first_failure() + " (strict plugin loading)");
}

void warn_failed_plugins(const Registry& reg) {
  static bool warned = false;  // once per process (compare runs several methods)
  if (warned) return;
  warned = true;
  // A broken file costs its own methods, not the run: one line each.
  for (const auto& p : reg.plugins())
    if (!p.ok) std::fprintf(stderr, "wprox: warning: plugin %s skipped: %s\n", p.file.c_str(), p.status.c_str());
}

namespace {
// list and info take no options: their help is the usage line alone.
bool wants_help(const Args& args, const char* cmd) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      print_command_help(cmd, nullptr);
      return true;
    }
  return false;
}
}  // namespace

int cmd_list(Registry& reg, const Args& args) {
  if (wants_help(args, "list")) return 0;
  WPROX_REQUIRE(args.empty(), InputError, "'wprox list' takes no arguments, got " << quote(args[0]));
  load_plugins(reg);
  std::printf("plugins:\n");
  for (const auto& p : reg.plugins())
    std::printf("  %-14s %-8s %-8s %s\n", p.ok ? p.name.c_str() : "-", p.ok ? p.version.c_str() : "-",
                p.ok ? "loaded" : (p.status.rfind("duplicate", 0) == 0 ? "SKIPPED" : "FAILED"), p.file.c_str());
  std::printf("methods:\n");
  for (const auto& name : reg.method_names()) {
    const auto& m = reg.method(name);
    std::printf("  %-18s [%s] %s\n", name.c_str(), m.problem_kind.c_str(), m.summary.c_str());
  }
  std::printf("problems:\n");
  for (const auto& name : reg.problem_names()) {
    const auto& p = reg.problem(name);
    std::printf("  %-18s [%s] %s\n", name.c_str(), p.kind.c_str(), p.summary.c_str());
  }
  std::printf("mpi: %s\n", mpi_support());
  if (ranks().size() > 1) std::printf("  running on %s\n", ranks().description().c_str());
  if (!reg.all_loaded()) {
    for (const auto& p : reg.plugins())
      if (!p.ok) std::printf("failed: %s: %s\n", p.file.c_str(), p.status.c_str());
  }
  return 0;
}

static void print_schema(const ParamSchema& s, const char* prefix) {
  for (const auto& p : s.specs()) {
    std::string allowed;
    if (p.type == ParamType::Choice) {
      for (const auto& c : p.choices) allowed += (allowed.empty() ? "" : "|") + c;
    } else if (p.type == ParamType::Int || p.type == ParamType::Real || p.type == ParamType::Vector ||
               p.type == ParamType::Matrix) {
      allowed = p.range.describe();
    }
    const std::string def = p.default_text.empty() ? "(unset)" : p.default_text;
    std::printf("  %s%-16s %-8s default %-12s %-14s %s\n", prefix, p.name.c_str(), to_string(p.type), def.c_str(),
                allowed.c_str(), p.doc.c_str());
    // Old names still resolve (with a notice); listed so old scripts can be read.
    for (const auto& a : p.aliases)
      std::printf("  %s%-16s deprecated alias of %s%s\n", prefix, a.c_str(), prefix, p.name.c_str());
  }
}

int cmd_info(Registry& reg, const Args& args) {
  if (wants_help(args, "info")) return 0;
  WPROX_REQUIRE(args.size() == 1, InputError, "usage: wprox info METHOD|PROBLEM");
  load_plugins(reg);
  const std::string& name = args[0];
  if (reg.has_method(name)) {
    const auto& m = reg.method(name);
    std::printf("method %s: %s\n  problem kind: %s (default problem: %s)\nparameters (--set key=value):\n",
                name.c_str(), m.summary.c_str(), m.problem_kind.c_str(), m.default_problem.c_str());
    print_schema(m.schema, "");
    std::string probs;
    for (const auto& p : reg.problem_names(m.problem_kind)) probs += (probs.empty() ? "" : ", ") + p;
    std::printf("problems it takes: %s\n", probs.c_str());
    return 0;
  }
  if (reg.has_problem(name)) {
    const auto& p = reg.problem(name);
    std::printf("problem %s [%s]: %s\nparameters (--set problem.key=value):\n", name.c_str(), p.kind.c_str(),
                p.summary.c_str());
    print_schema(p.schema, "problem.");
    return 0;
  }
  std::string all;
  for (const auto& n : reg.method_names()) all += (all.empty() ? "" : ", ") + n;
  for (const auto& n : reg.problem_names()) all += (all.empty() ? "" : ", ") + n;
  throw InputError("unknown method or problem '" + name + "'; valid names: " + all);
}

}  // namespace wprox::cli
