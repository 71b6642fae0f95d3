#include "options.hpp"

#include "wprox/errors.hpp"

namespace wprox::cli {

namespace po = boost::program_options;

void add_common_options(po::options_description& o, CommonOptions& c) {
  o.add_options()("problem", po::value(&c.problem), "problem name")("set", po::value(&c.sets)->composing(),
                                                                    "key=value or problem.key=value")(
      "config", po::value(&c.config), "config file (.json, or key = value lines)")(
      "seed", po::value(&c.seed), "random seed")("threads", po::value(&c.threads), "worker threads (0: all cores)")(
      "out", po::value(&c.out), "output folder (absent or empty)")("force", po::bool_switch(&c.force),
                                                               "replace an --out folder that holds an earlier run")(
      "quiet", po::bool_switch(&c.quiet), "no progress display");
}

void parse_options(const Args& args, const po::options_description& o, const po::positional_options_description& pos,
                   const char* cmd) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(o).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw InputError(std::string("wprox ") + cmd + ": " + e.what() + " (see wprox --help)");
  }
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
