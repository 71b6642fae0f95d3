// wprox compare: several methods on one problem with the same settings; one
// folder per method plus a picture of a chosen diagnostic against the step.
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>

#include "options.hpp"
#include "output_folder.hpp"
#include "wprox/errors.hpp"
#include "wprox/render.hpp"
#include "wprox/io/summary.hpp"
#include "wprox/version.hpp"

namespace wprox::cli {

namespace po = boost::program_options;

namespace {

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream ss(s);
  std::string item;
  while (std::getline(ss, item, ','))
    if (!item.empty()) out.push_back(item);
  return out;
}

// Settings for one method: shared keys it knows, plus "METHOD.key" ones.
Settings settings_for(const Registry& reg, const std::string& method, const Settings& all,
                      const std::vector<std::string>& methods) {
  Settings s = all;
  s.method.clear();
  const auto& schema = reg.method(method).schema;
  for (const auto& [key, value] : all.method) {
    const auto dot = key.find('.');
    if (dot != std::string::npos) {
      const std::string who = key.substr(0, dot);
      bool known = false;
      for (const auto& m : methods) known = known || m == who;
      WPROX_REQUIRE(known, InputError, "--set " << key << ": '" << who << "' is not one of the compared methods");
      if (who == method) s.method[key.substr(dot + 1)] = value;
    } else if (schema.find(schema.canonical(key))) {  // kept as given: a deprecated name still gets its notice
      s.method[key] = value;
    }
  }
  return s;
}

// Whether `m` sets `key`, under its current name or a deprecated one.
bool sets(const ParamSchema& schema, const std::map<std::string, std::string>& m, const std::string& key) {
  for (const auto& [k, v] : m)
    if (schema.canonical(k) == key) return true;
  return false;
}

// Keys that make a comparison unfair when they silently differ: the same
// cloud size, number of steps and step size for every method that has them.
const char* const kLikeForLike[] = {"particles", "steps", "h"};

// For each like-for-like key the user left to the defaults: when the
// methods' defaults differ, every method without its own METHOD.key gets the
// first method's default; returns one notice per key so aligned.
std::vector<std::string> align_defaults(const Registry& reg, std::vector<RunRequest>& reqs, const Settings& given) {
  std::vector<std::string> notices;
  for (const char* key : kLikeForLike) {
    if (given.method.count(key)) continue;  // set for all: already alike
    std::string first, listing;
    bool differ = false;
    for (const auto& r : reqs) {
      const ParamSchema& schema = reg.method(r.method).schema;
      const ParamSpec* spec = schema.find(key);
      if (!spec || sets(schema, r.settings.method, key)) continue;  // no such key, or METHOD.key given
      listing += (listing.empty() ? "" : ", ") + r.method + " " + spec->default_text;
      if (first.empty())
        first = spec->default_text;
      else
        differ = differ || spec->default_text != first;
    }
    if (!differ) continue;
    for (auto& r : reqs)
      if (reg.method(r.method).schema.find(key) && !sets(reg.method(r.method).schema, r.settings.method, key))
        r.settings.method[key] = first;
    notices.push_back(std::string(key) + " = " + first + " for every method (defaults differ: " + listing +
                      "); set METHOD." + key + " to change one");
  }
  return notices;
}

// The curve's legend: the method and the like-for-like settings it ran with.
std::string legend(const Registry& reg, const RunRequest& r) {
  const Params p = reg.method(r.method).schema.resolve(r.settings.method, "method '" + r.method + "'");
  std::string out;
  for (const char* key : kLikeForLike) {
    if (!reg.method(r.method).schema.find(key) || !p.has(key)) continue;  // unset: the problem's (pdhg-rd's h)
    const auto& v = p.values().at(key);
    std::ostringstream os;
    os << (std::string(key) == "particles" ? "N" : key) << "=";
    if (v.type == ParamType::Int || v.type == ParamType::Real) os << v.number; else os << v.text;
    out += (out.empty() ? "" : ", ") + os.str();
  }
  return out.empty() ? r.method : r.method + " (" + out + ")";
}

// The diagnostics a method reports per step, learnt from one step run in
// memory, so that a wrong --metric is refused before any real work.
std::vector<std::string> diagnostic_names(Registry& reg, const RunRequest& r) {
  RunRequest probe = r;
  probe.out.clear();
  probe.progress = false;
  probe.checkpoint_every = 0;
  probe.interrupt_after = 1;
  const RunReport rep = execute(reg, probe);
  std::vector<std::string> names;
  if (!rep.trace.empty())
    for (const auto& [name, v] : rep.trace.front().items()) names.push_back(name);
  return names;
}

}  // namespace

int cmd_compare(Registry& reg, const Args& args) {
  CommonOptions c;
  std::string methods_text, metric;
  po::options_description o("");
  o.add_options()("methods", po::value(&methods_text)->value_name("M1,M2"), "comma-separated method names")(
      "metric", po::value(&metric)->value_name("NAME"),
      "diagnostic to plot against the step (a trace.csv column; default: the first method's headline)");
  add_common_options(o, c);
  if (!parse_options(args, o, po::positional_options_description(), "compare")) return 0;
  const auto methods = split_list(methods_text);
  WPROX_REQUIRE(methods.size() >= 1, InputError, "wprox compare: give --methods M1,M2,...");
  WPROX_REQUIRE(!c.out.empty(), InputError, "wprox compare: give --out DIR");
  RunRequest base = make_request(c);
  load_plugins(reg);
  // Every shared key must be known to at least one method.
  for (const auto& [key, v] : base.settings.method) {
    (void)v;
    if (key.find('.') != std::string::npos) continue;
    bool known = false;
    for (const auto& m : methods) known = known || reg.method(m).schema.find(reg.method(m).schema.canonical(key));
    WPROX_REQUIRE(known, InputError, "--set " << key << ": no compared method has a parameter '" << key << "'");
  }
  std::vector<RunRequest> reqs;
  for (const auto& m : methods) {
    RunRequest r = base;
    r.method = m;
    r.settings = settings_for(reg, m, base.settings, methods);
    r.direct_out = true;
    reqs.push_back(r);
  }
  const auto notices = align_defaults(reg, reqs, base.settings);
  if (!metric.empty()) {
    auto limit = limit_threads(base.threads);
    for (const auto& r : reqs) {
      const auto names = diagnostic_names(reg, r);
      if (names.empty()) continue;  // it failed at once: the real run will say why
      if (std::find(names.begin(), names.end(), metric) != names.end()) continue;
      std::string valid;
      for (const auto& n : names) valid += (valid.empty() ? "" : ", ") + n;
      throw InputError("--metric " + quote(metric) + ": method '" + r.method + "' reports no such diagnostic" +
                       did_you_mean(metric, names) + "; it reports: " + valid);
    }
  }
  // Printed once the request is known to be valid (bad input stays one line).
  for (const auto& n : notices) std::fprintf(stderr, "wprox compare: %s\n", n.c_str());
  // Every method writes into the compare folder's staging area; the whole
  // folder moves into place at the end.
  OutputFolder folder(c.out, c.force);
  for (auto& r : reqs) r.out = folder.staging() + "/" + r.method;
  auto limit = limit_threads(base.threads);

  Picture pic;
  pic.name = "comparison";
  pic.xlabel = "step";
  pic.log_y = true;
  nlohmann::json summary;
  int exit_code = 0, color = 0;
  for (const auto& r : reqs) {
    RunReport rep = execute(reg, r);
    // The first method's headline diagnostic, unless --metric names one.
    if (metric.empty()) metric = rep.headline;
    Layer curve;
    curve.kind = Layer::Kind::Curve;
    curve.label = legend(reg, r);
    curve.color = color++;
    for (std::size_t k = 0; k < rep.trace.size(); ++k)
      // Steps whose diagnostics were skipped (diagnostics_every) hold NaN.
      if (rep.trace[k].has(metric) && std::isfinite(rep.trace[k].get(metric))) {
        curve.x.push_back(double(k + 1));
        curve.y.push_back(rep.trace[k].get(metric));
      }
    WPROX_REQUIRE(metric.empty() || !curve.x.empty() || rep.trace.empty(), InputError,
                  "--metric " << metric << ": method '" << r.method << "' reports no such diagnostic");
    pic.layers.push_back(curve);
    nlohmann::json m;
    m["status"] = rep.exit_code == 0 ? "done" : "diverged";
    m["steps"] = rep.steps;
    m["wall_seconds"] = rep.wall_seconds;
    m["metrics"] = nlohmann::json::parse(metrics_json(rep.metrics));
    summary["methods"][r.method] = m;
    std::printf("%-12s %ld steps %.3f s", r.method.c_str(), rep.steps, rep.wall_seconds);
    if (!curve.y.empty()) std::printf("  final %s = %.6g", metric.c_str(), curve.y.back());
    std::printf("%s\n", rep.exit_code ? "  (diverged)" : "");
    if (rep.exit_code) exit_code = rep.exit_code;
  }
  pic.title = metric + " vs step";
  pic.ylabel = metric;
  summary["metric"] = metric;
  summary["problem"] = base.problem;
  summary["seed"] = base.seed;
  summary["wprox_version"] = version();
  summary["command_line"] = command_line();
  summary["threads"] = threads_used();
  render_picture(pic, folder.staging() + "/comparison.svg");
  {
    std::ofstream f(folder.staging() + "/summary.json");
    f << summary.dump(2) << '\n';
    f.flush();
    WPROX_REQUIRE(f, InputError, "cannot write the comparison summary in " << quote(folder.staging()));
  }
  folder.commit();
  std::printf("results in %s (comparison.svg, one folder per method)\n", c.out.c_str());
  return exit_code;
}

}  // namespace wprox::cli
