#include <cstdio>
#include <memory>

#include "options.hpp"
#include "wprox/errors.hpp"

namespace wprox::cli {

namespace po = boost::program_options;

int cmd_run(Registry& reg, const Args& args) {
  CommonOptions c;
  std::string method;
  po::options_description o("run");
  o.add_options()("method", po::value(&method), "method name");
  add_common_options(o, c);
  po::positional_options_description pos;
  pos.add("method", 1);
  parse_options(args, o, pos, "run");
  WPROX_REQUIRE(!method.empty(), InputError, "wprox run: name a method (see wprox list)");
  RunRequest req = make_request(c);
  req.method = method;
  load_plugins(reg);
  auto limit = limit_threads(req.threads);
  RunReport rep = execute(reg, req);
  if (rep.exit_code != 0) {
    std::fprintf(stderr, "wprox: run diverged at %s\n", rep.error.c_str());
    return rep.exit_code;
  }
  std::printf("%s: %ld steps in %.3f s\n", method.c_str(), rep.steps, rep.wall_seconds);
  for (const auto& [name, v] : rep.metrics.items()) std::printf("  %-22s %.6g\n", name.c_str(), v);
  if (!req.out.empty()) std::printf("results in %s\n", req.out.c_str());
  return 0;
}

}  // namespace wprox::cli
