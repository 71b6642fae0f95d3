#pragma once
// What the user asked for on the command line and in a config file, before
// validation: textual key=value settings for the method and the problem.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wprox::cli {

struct Settings {
  std::map<std::string, std::string> method;   // key -> text
  std::map<std::string, std::string> problem;  // key (without "problem.") -> text
  std::string problem_name;                    // from the config file's "problem" key
};

// Adds one "key=value" (or "problem.key=value"); InputError if malformed.
void add_setting(Settings& s, const std::string& assignment);

// Reads a config file: a JSON object ({"h": 0.1, "problem.precision": [[2, 0.5], [0.5, 1]]})
// when the name ends in .json, else "key = value" lines with # comments.
// The key "problem" names the problem. InputError names the file and line.
Settings read_config(const std::string& path);

// Parses a seed / thread count from text; InputError names the option.
std::uint64_t parse_seed(const std::string& text);
int parse_threads(const std::string& text);

}  // namespace wprox::cli
