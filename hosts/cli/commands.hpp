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

// Loads the plugin search path; a plugin that fails to load is bad input.
void load_plugins(Registry& reg, bool strict);

}  // namespace wprox::cli
