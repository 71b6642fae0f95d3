#include "wprox/registry.hpp"

#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <boost/filesystem.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "wprox/errors.hpp"
#include "wprox/plugin.hpp"

namespace wprox {

namespace fs = boost::filesystem;

namespace {

// Boost.DLL wraps dlerror()'s text in its own words and appends an errno
// that means nothing for a load failure ("Bad file descriptor"); keep the
// dynamic loader's own reason, without the file name it repeats.
std::string loader_reason(const std::string& what, const std::string& file) {
  const std::string tag = "dlerror system message: ";
  std::string reason = what;
  const auto at = what.find(tag);
  if (at != std::string::npos) {
    reason = what.substr(at + tag.size());
    const auto close = reason.rfind("):");
    if (close != std::string::npos) reason = reason.substr(0, close);
  }
  if (reason.compare(0, file.size() + 2, file + ": ") == 0) reason = reason.substr(file.size() + 2);
  return reason;
}

}  // namespace

struct Registry::Libraries {
  std::vector<boost::dll::shared_library> libs;
};

Registry::Registry() : libs_(std::make_unique<Libraries>()) {}

Registry::~Registry() {
  // Objects created by plugin code go before the code itself.
  methods_.clear();
  problems_.clear();
}

std::vector<std::string> Registry::default_path() {
  std::vector<std::string> dirs;
  if (const char* env = std::getenv("WPROX_PLUGIN_PATH")) {
    std::istringstream is(env);
    std::string dir;
    while (std::getline(is, dir, ':'))
      if (!dir.empty()) dirs.push_back(dir);
  }
  // libwprox lives in <libdir>; its plugins in <libdir>/wprox/plugins, in the
  // build tree and in an install alike.
  fs::path self = boost::dll::this_line_location();
  dirs.push_back((self.parent_path() / WPROX_PLUGIN_SUBDIR).string());
  return dirs;
}

void Registry::load_default_path() {
  for (const auto& dir : default_path()) load_directory(dir);
}

void Registry::load_directory(const std::string& dir) {
  boost::system::error_code ec;
  if (!fs::is_directory(dir, ec)) return;  // a missing directory on the path is not an error
  std::vector<std::string> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (p.extension() == ".so" && !fs::is_directory(p, ec)) files.push_back(fs::absolute(p).string());
  }
  std::sort(files.begin(), files.end());  // a stable, predictable order
  for (const auto& f : files) load_file(f);
}

bool Registry::load_file(const std::string& file) {
  for (const auto& r : records_)
    if (r.file == file) return r.ok;  // already seen
  records_.push_back(PluginRecord{});
  PluginRecord& rec = records_.back();
  rec.file = file;
  auto refuse = [&](const std::string& why) {
    rec.ok = false;
    rec.status = why;
    return false;
  };

  boost::dll::shared_library lib;
  try {
    // rtld_local keeps each plugin's symbols to itself; rtld_now surfaces
    // missing symbols here instead of at the first call.
    lib.load(file, boost::dll::load_mode::rtld_local | boost::dll::load_mode::rtld_now);
  } catch (const std::exception& e) {
    return refuse("cannot be loaded as a shared library (" + loader_reason(e.what(), file) + ")");
  }
  if (!lib.has("wprox_plugin")) return refuse("not a wprox plugin (no 'wprox_plugin' descriptor)");
  const PluginDescriptor* desc = nullptr;
  try {
    desc = &lib.get_alias<const PluginDescriptor>("wprox_plugin");
  } catch (const std::exception& e) {
    return refuse(std::string("unreadable plugin descriptor (") + e.what() + ")");
  }
  // The ABI version is plain data, read before any plugin code is called.
  if (desc->abi_version != kAbiVersion) {
    return refuse("wrong ABI version " + std::to_string(desc->abi_version) + " (this wprox accepts " +
                  std::to_string(kAbiVersion) + "); rebuild the plugin against this wprox");
  }
  rec.name = desc->name ? desc->name : "";
  rec.version = desc->version ? desc->version : "";
  if (!desc->register_all) return refuse("plugin descriptor has no registration function");
  for (const auto& other : records_)
    if (&other != &rec && other.ok && other.name == rec.name)
      return refuse("duplicate of plugin '" + rec.name + "' already loaded from " + other.file +
                    " (the first on the search path wins)");

  const auto methods_before = methods_.size();
  const auto problems_before = problems_.size();
  current_ = &rec;
  try {
    desc->register_all(*this);
  } catch (const std::exception& e) {
    current_ = nullptr;
    // Undo a partial registration; the library is unloaded when `lib` goes.
    methods_.resize(methods_before);
    problems_.resize(problems_before);
    rec.methods.clear();
    rec.problems.clear();
    return refuse(std::string("registration failed: ") + e.what());
  }
  current_ = nullptr;
  libs_->libs.push_back(std::move(lib));
  rec.ok = true;
  rec.status = "loaded";
  return true;
}

bool Registry::all_loaded() const {
  return std::all_of(records_.begin(), records_.end(), [](const PluginRecord& r) { return r.ok; });
}

std::string Registry::failure_note() const {
  const long failed = std::count_if(records_.begin(), records_.end(), [](const PluginRecord& r) { return !r.ok; });
  if (failed == 0) return "";
  return " (" + std::to_string(failed) + " plugin file" + (failed == 1 ? "" : "s") +
         " failed to load; see wprox list)";
}

std::string Registry::first_failure() const {
  for (const auto& r : records_)
    if (!r.ok) return "plugin " + r.file + ": " + r.status;
  return "";
}

std::string Registry::owner_of(const std::string& name, bool method) const {
  for (const auto& r : records_) {
    const auto& names = method ? r.methods : r.problems;
    if (std::find(names.begin(), names.end(), name) != names.end()) return "plugin '" + r.name + "' (" + r.file + ")";
  }
  return "the host";
}

void Registry::add_method(MethodInfo m) {
  WPROX_REQUIRE(!m.name.empty() && m.start, InputError, "a method needs a name and a start function");
  WPROX_REQUIRE(!has_method(m.name), InputError,
                "method '" << m.name << "' is registered twice: " << owner_of(m.name, true) << " has it already");
  if (current_) current_->methods.push_back(m.name);
  methods_.push_back(std::make_unique<MethodInfo>(std::move(m)));
}

void Registry::add_problem(ProblemInfo p) {
  WPROX_REQUIRE(!p.name.empty() && p.create, InputError, "a problem needs a name and a create function");
  WPROX_REQUIRE(!has_problem(p.name), InputError,
                "problem '" << p.name << "' is registered twice: " << owner_of(p.name, false) << " has it already");
  if (current_) current_->problems.push_back(p.name);
  problems_.push_back(std::make_unique<ProblemInfo>(std::move(p)));
}

static std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(none: no plugin loaded)" : out;
}

const MethodInfo& Registry::method(const std::string& name) const {
  for (const auto& m : methods_)
    if (m->name == name) return *m;
  throw InputError("unknown method " + quote(name) + did_you_mean(name, method_names()) +
                   "; valid methods: " + join(method_names()) + failure_note());
}

const ProblemInfo& Registry::problem(const std::string& name) const {
  for (const auto& p : problems_)
    if (p->name == name) return *p;
  throw InputError("unknown problem " + quote(name) + did_you_mean(name, problem_names()) +
                   "; valid problems: " + join(problem_names()) + failure_note());
}

bool Registry::has_method(const std::string& name) const {
  return std::any_of(methods_.begin(), methods_.end(), [&](const auto& m) { return m->name == name; });
}

bool Registry::has_problem(const std::string& name) const {
  return std::any_of(problems_.begin(), problems_.end(), [&](const auto& p) { return p->name == name; });
}

std::vector<std::string> Registry::method_names() const {
  std::vector<std::string> out;
  for (const auto& m : methods_) out.push_back(m->name);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Registry::problem_names(const std::string& kind) const {
  std::vector<std::string> out;
  for (const auto& p : problems_)
    if (kind.empty() || p->kind == kind) out.push_back(p->name);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace wprox
