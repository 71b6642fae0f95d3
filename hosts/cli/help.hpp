#pragma once
// What `wprox --help`, `wprox --version` and `wprox help COMMAND` print.
#include <boost/program_options.hpp>

#include <string>

namespace wprox::cli {

// The overview: every command, the --set syntax, what --out writes, exit codes.
extern const char* const kOverview;
// "wprox VERSION (plugin ABI N)".
std::string version_line();
// The usage line and one-line purpose of a command; empty for an unknown one.
std::string command_usage(const std::string& cmd);
// Prints a command's usage and its options (one line of doc each; none for
// a null `o`) on stdout.
void print_command_help(const std::string& cmd, const boost::program_options::options_description* o);

}  // namespace wprox::cli
