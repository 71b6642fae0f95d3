#include "output_folder.hpp"

#include <boost/filesystem.hpp>

#include <fstream>

#include "wprox/errors.hpp"

namespace wprox::cli {

namespace fs = boost::filesystem;

bool is_run_folder(const std::string& dir) {
  boost::system::error_code ec;
  for (const char* f : {"summary.json", "trace.csv", "checkpoint"})
    if (fs::exists(fs::path(dir) / f, ec)) return true;
  return false;
}

namespace {

bool empty_folder(const std::string& dir) {
  boost::system::error_code ec;
  return fs::is_directory(dir, ec) && fs::is_empty(dir, ec) && !ec;
}

}  // namespace

OutputFolder::OutputFolder(std::string final_dir, bool force) : final_(std::move(final_dir)) {
  boost::system::error_code ec;
  WPROX_REQUIRE(!final_.empty() && final_[0] != '-', InputError,
                "--out " << quote(final_) << " is not a folder name (did --out swallow the next option?)");
  while (final_.size() > 1 && final_.back() == '/') final_.pop_back();
  staging_ = final_ + ".partial";
  if (fs::exists(final_, ec)) {
    WPROX_REQUIRE(fs::is_directory(final_, ec), InputError, "--out " << quote(final_) << " exists and is not a folder");
    if (!empty_folder(final_)) {
      WPROX_REQUIRE(is_run_folder(final_), InputError,
                    "--out " << quote(final_) << " holds files that are not a wprox run; choose an empty folder");
      WPROX_REQUIRE(force, InputError,
                    "--out " << quote(final_) << " holds another run's results; add --force to replace them");
    }
  }
  // A staging folder left by an earlier run of this --out is ours to replace.
  fs::remove_all(staging_, ec);
  fs::create_directories(staging_, ec);
  WPROX_REQUIRE(!ec && fs::is_directory(staging_), InputError,
                "output folder " << quote(final_) << " cannot be created" << (ec ? " (" + ec.message() + ")" : ""));
  const std::string probe = staging_ + "/.wprox-write-test";
  {
    std::ofstream f(probe);
    WPROX_REQUIRE(f && (f << "x") && f.flush(), InputError, "output folder " << quote(staging_) << " is not writable");
  }
  fs::remove(probe, ec);
}

void OutputFolder::commit() {
  boost::system::error_code ec;
  if (fs::exists(final_, ec)) {
    // Empty, or an earlier run's folder the user asked to replace (checked
    // when the run started).
    fs::remove_all(final_, ec);
    WPROX_REQUIRE(!ec, InputError, "cannot replace " << quote(final_) << " (" << ec.message() << ")");
  }
  fs::rename(staging_, final_, ec);
  WPROX_REQUIRE(!ec, InputError,
                "cannot move " << quote(staging_) << " to " << quote(final_) << " (" << ec.message() << ")");
}

}  // namespace wprox::cli
