#pragma once
// The Registry holds every method and problem that plugins registered, and
// keeps each plugin library loaded for its own lifetime. Everything obtained
// from it (MethodInfo, Problems, Runs) must be destroyed before it.
//
// Loading: plugins are shared libraries exporting a PluginDescriptor (see
// wprox/plugin.hpp). The loader reads the descriptor's ABI version before
// calling any plugin code and refuses a mismatch. A file that fails to load
// is recorded with its reason; it does not stop the others. A second file
// with the name of a plugin already loaded is refused as a duplicate (the
// first on the search path wins), and so is a plugin registering a method or
// problem name another plugin has, with both named.
//
// Search path (load_default_path): every directory in WPROX_PLUGIN_PATH
// (colon-separated), then the plugin directory next to libwprox
// (<libdir>/wprox/plugins: the build tree and the install prefix alike).
// Only files ending in ".so" inside those directories are considered;
// nothing is loaded from the working directory.
#include <memory>
#include <string>
#include <vector>

#include "wprox/method.hpp"

namespace wprox {

struct PluginRecord {
  std::string file;
  std::string name, version;  // from the descriptor, when it could be read
  bool ok = false;
  std::string status;  // "loaded" or the reason it was refused
  std::vector<std::string> methods, problems;
};

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  void load_default_path();
  void load_directory(const std::string& dir);
  // Returns false (and records why) when the file is not a usable plugin.
  bool load_file(const std::string& file);
  // The directories load_default_path() would scan, in order.
  static std::vector<std::string> default_path();

  const std::vector<PluginRecord>& plugins() const { return records_; }
  bool all_loaded() const;
  // The first failure as one line ("plugin FILE: REASON"), empty if none.
  std::string first_failure() const;
  // " (N plugin files failed to load; see wprox list)", empty if none failed.
  std::string failure_note() const;

  // Called by plugins from their registration function. A duplicate name is
  // an InputError.
  void add_method(MethodInfo m);
  void add_problem(ProblemInfo p);

  // Lookup by name; an unknown name is an InputError listing the valid ones.
  const MethodInfo& method(const std::string& name) const;
  const ProblemInfo& problem(const std::string& name) const;
  bool has_method(const std::string& name) const;
  bool has_problem(const std::string& name) const;
  std::vector<std::string> method_names() const;
  std::vector<std::string> problem_names(const std::string& kind = "") const;

 private:
  struct Libraries;
  std::unique_ptr<Libraries> libs_;  // declared first: destroyed last
  std::vector<PluginRecord> records_;
  std::vector<std::unique_ptr<MethodInfo>> methods_;
  std::vector<std::unique_ptr<ProblemInfo>> problems_;
  PluginRecord* current_ = nullptr;  // the plugin being registered
  std::string owner_of(const std::string& name, bool method) const;
};

}  // namespace wprox
