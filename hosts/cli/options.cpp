#include "options.hpp"

#include "help.hpp"
#include "wprox/errors.hpp"

namespace wprox::cli {

namespace po = boost::program_options;

void add_common_options(po::options_description& o, CommonOptions& c) {
  o.add_options()("problem", po::value(&c.problem)->value_name("P"), "problem name (default: the method's)")(
      "set", po::value(&c.sets)->composing()->value_name("KEY=VALUE"),
      "a parameter, repeatable: key=value (method), problem.key=value, METHOD.key=value (compare)")(
      "config", po::value(&c.config)->value_name("FILE"), "config file (.json, or key = value lines)")(
      "seed", po::value(&c.seed)->value_name("S"), "random seed (default 1)")(
      "threads", po::value(&c.threads)->value_name("T"), "worker threads (0: all cores; results do not depend on it)")(
      "out", po::value(&c.out)->value_name("DIR"), "output folder (absent or empty)")(
      "force", po::bool_switch(&c.force), "replace an --out folder that holds an earlier run, as a whole")(
      "quiet", po::bool_switch(&c.quiet), "no progress display");
}

bool parse_options(const Args& args, const po::options_description& o, const po::positional_options_description& pos,
                   const char* cmd) {
  for (const auto& a : args)
    if (a == "--help" || a == "-h") {
      po::options_description shown("options"), help("");
      help.add_options()("help,h", "print this help");
      shown.add(o).add(help);
      print_command_help(cmd, &shown);
      return false;
    }
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(o).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> names;
    for (const auto& d : o.options()) names.push_back("--" + d->long_name());
    const std::string given = e.get_option_name();
    throw InputError(std::string("wprox ") + cmd + ": unrecognised option " + quote(given) + did_you_mean(given, names) +
                     " (see wprox " + cmd + " --help)");
  } catch (const po::error& e) {
    throw InputError(std::string("wprox ") + cmd + ": " + e.what() + " (see wprox " + cmd + " --help)");
  }
  return true;
}

RunRequest make_request(const CommonOptions& c) {
  RunRequest req;
  if (!c.config.empty()) req.settings = read_config(c.config);
  for (const auto& s : c.sets) add_setting(req.settings, s);  // --set wins over the config
  req.problem = c.problem;
  req.seed = parse_seed(c.seed);
  req.threads = parse_threads(c.threads);
  req.out = c.out;
  req.force = c.force;
  req.progress = !c.quiet;
  return req;
}

std::unique_ptr<tbb::global_control> limit_threads(int threads) {
  if (threads <= 0) return nullptr;
  return std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, std::size_t(threads));
}

}  // namespace wprox::cli
