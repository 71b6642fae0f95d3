#pragma once
// Command-line options shared by `run` and `compare`.
#include <tbb/global_control.h>
#include <boost/program_options.hpp>

#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "run_driver.hpp"

namespace wprox::cli {

struct CommonOptions {
  std::string problem, config, out, seed = "1", threads = "0";
  std::vector<std::string> sets;
  bool quiet = false;
  bool force = false;  // replace an --out folder that holds an earlier run
};

void add_common_options(boost::program_options::options_description& o, CommonOptions& c);
// Parses args; a malformed command line is an InputError naming the command.
// With --help or -h among args, prints the command's help instead and
// returns false (the command then exits 0).
bool parse_options(const Args& args, const boost::program_options::options_description& o,
                   const boost::program_options::positional_options_description& pos, const char* cmd);
// Config file first, then --set on top of it.
RunRequest make_request(const CommonOptions& c);
// Caps TBB at `threads` workers for the lifetime of the result (0: no cap).
std::unique_ptr<tbb::global_control> limit_threads(int threads);

}  // namespace wprox::cli
