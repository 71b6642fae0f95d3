#pragma once
// Where a run's files go, so that results cannot lie or be lost.
//
// A run writes into a staging folder beside its --out folder,
// "<out>.partial", and commit() moves it into place at the end (a rename
// within one file system). So a folder named by --out holds either nothing
// of this run or all of it, a reused --out never mixes two runs, and a run
// that dies leaves its trace and last checkpoint in "<out>.partial" (which
// `wprox resume <out>` finds).
//
// --out must be absent or empty; an earlier run's folder is refused unless
// `force`, and then replaced as a whole at commit(). A non-empty folder that
// is not a wprox run folder is refused even with force: nothing else is ever
// deleted.
#include <string>

namespace wprox::cli {

class OutputFolder {
 public:
  // InputError (exit 2, before any work) when the folder cannot be used.
  OutputFolder(std::string final_dir, bool force);
  const std::string& staging() const { return staging_; }
  const std::string& final_dir() const { return final_; }
  // Replaces the final folder by the staging folder; InputError on failure.
  void commit();

 private:
  std::string final_, staging_;
};

// True when dir exists and holds a wprox run (summary.json, trace.csv or a
// checkpoint).
bool is_run_folder(const std::string& dir);

}  // namespace wprox::cli
