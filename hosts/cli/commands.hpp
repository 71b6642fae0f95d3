#pragma once
// The subcommands of `wprox`. Each returns the process exit code and throws
// InputError for bad input (main turns it into one line and exit code 2).
#include <string>
#include <vector>

#include "wprox/registry.hpp"

namespace wprox::cli {

using Args = std::vector<std::string>;  // the arguments after the subcommand

int cmd_list(Registry& reg, const Args& args);
int cmd_info(Registry& reg, const Args& args);
int cmd_run(Registry& reg, const Args& args);
int cmd_compare(Registry& reg, const Args& args);
int cmd_resume(Registry& reg, const Args& args);

// Loads the plugin search path. A file that fails to load is skipped, unless
// plugin loading is strict (--strict-plugins, or WPROX_STRICT_PLUGINS set and
// not 0): then it is bad input.
void load_plugins(Registry& reg);
// One warning line on stderr per skipped file: printed once the request is
// known to be valid (bad input stays one line).
void warn_failed_plugins(const Registry& reg);
void set_strict_plugins(bool strict);
// The command line as typed (shell-quoted where needed), for summary.json.
void set_command_line(int argc, char** argv);
const std::string& command_line();
bool strict_plugins();

}  // namespace wprox::cli
