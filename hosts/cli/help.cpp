#include "help.hpp"

#include <iostream>
#include <map>

#include "wprox/plugin.hpp"
#include "wprox/version.hpp"

namespace wprox::cli {

const char* const kOverview =
    "usage:\n"
    "  wprox list                         plugins, methods, problems\n"
    "  wprox info METHOD|PROBLEM          parameters with defaults and docs\n"
    "  wprox run METHOD [--problem P] [--set key=value ...] [--config FILE]\n"
    "                   [--seed S] [--threads T] [--out DIR [--force]] [--quiet]\n"
    "                   [--checkpoint-every K]\n"
    "  wprox resume DIR [--threads T] [--quiet]   continue a run from its checkpoint\n"
    "  wprox compare --methods M1,M2,... [--problem P] [--set key=value ...]\n"
    "                   [--seed S] [--threads T] --out DIR [--metric NAME]\n"
    "  wprox help COMMAND | wprox COMMAND --help   that command's options\n"
    "  wprox --version                    version and plugin ABI\n"
    "\n"
    "--set (repeatable; a --config file holds the same keys, --set wins):\n"
    "  key=value            a method parameter (wprox info METHOD lists them)\n"
    "  problem.key=value    a problem parameter (wprox info PROBLEM)\n"
    "  METHOD.key=value     compare only: a parameter of one compared method\n"
    "  values: numbers (1e-3), true/false, vectors 1,0.5, matrices by rows '2,0.5;0.5,1'\n"
    "\n"
    "--out DIR writes summary.json (what ran, parameters as used, metrics, versions),\n"
    "  trace.csv (diagnostics per step), the method's arrays (.npy) and pictures (.svg);\n"
    "  the folder appears complete at the end (DIR.partial while running); a folder\n"
    "  holding an earlier run is refused unless --force, which replaces it whole.\n"
    "\n"
    "exit codes: 0 done; 2 bad input (one line on stderr, nothing written);\n"
    "  3 the run diverged or a solve failed (the last state and summary are written);\n"
    "  130/143 interrupted (a checkpoint is written when the method supports one).\n"
    "\n"
    "Plugins are searched in $WPROX_PLUGIN_PATH and next to libwprox; a file that fails to load is\n"
    "skipped with a warning, or refused with --strict-plugins (or WPROX_STRICT_PLUGINS=1).\n";

std::string version_line() {
  return std::string("wprox ") + version() + " (plugin ABI " + std::to_string(kAbiVersion) + ")";
}

std::string command_usage(const std::string& cmd) {
  static const std::map<std::string, std::string> usage = {
      {"list", "wprox list\n  Lists the plugins (version, loaded or failed), methods and problems."},
      {"info", "wprox info METHOD|PROBLEM\n  Prints the parameters of a method or problem: type, default, range, doc."},
      {"run", "wprox run METHOD [options]\n  Runs one method on one problem."},
      {"resume", "wprox resume DIR [options]\n  Continues the run in DIR (or DIR.partial) from its checkpoint."},
      {"compare",
       "wprox compare --methods M1,M2,... --out DIR [options]\n"
       "  Runs several methods on one problem with the same settings and plots one diagnostic."},
  };
  const auto it = usage.find(cmd);
  return it == usage.end() ? "" : it->second;
}

void print_command_help(const std::string& cmd, const boost::program_options::options_description* o) {
  std::cout << "usage: " << command_usage(cmd) << "\n";
  if (o) std::cout << "\n" << *o;
  std::cout << "\nSee wprox --help for the --set syntax, output files and exit codes.\n";
}

}  // namespace wprox::cli
