#include "fftw_wisdom.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>

#include <boost/filesystem.hpp>

#include "wprox/simd.hpp"

namespace wprox::fftw {
namespace {

// "" when measured planning is off.
std::string wisdom_path() {
  if (const char* p = std::getenv("WPROX_FFTW_WISDOM")) {
    const std::string s = p;
    return s == "estimate" ? "" : s;
  }
  std::string dir;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
    dir = std::string(x) + "/wprox";
  else if (const char* h = std::getenv("HOME"); h && *h)
    dir = std::string(h) + "/.cache/wprox";
  else
    return "";
  // Wisdom measured on one CPU model says nothing about another (a home
  // directory shared by a cluster's nodes).
  const std::size_t key = std::hash<std::string>()(cpu_model() + "|" + fftw_version);
  char name[64];
  std::snprintf(name, sizeof name, "/fftw-wisdom-%016zx", key);
  return dir + name;
}

// The wisdom file's lock, held while this process plans.
class FileLock {
 public:
  explicit FileLock(const std::string& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
    if (fd_ >= 0 && ::flock(fd_, LOCK_EX) != 0) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  ~FileLock() {
    if (fd_ >= 0) {
      ::flock(fd_, LOCK_UN);
      ::close(fd_);
    }
  }
  bool held() const { return fd_ >= 0; }

 private:
  int fd_;
};

}  // namespace

void plan_with_wisdom(const std::function<void(unsigned flags)>& make_plans, const CollectivePlanning& c) {
  // A file of its own: the serial planners of the same processes write the
  // serial file with whatever their own process holds, which is not what
  // the ranks planned from.
  static const std::string path = wisdom_path().empty() ? "" : wisdom_path() + "-mpi";
  unsigned flags = FFTW_ESTIMATE;
  if (c.lead && !path.empty()) {
    boost::system::error_code ec;
    boost::filesystem::create_directories(boost::filesystem::path(path).parent_path(), ec);
    // The lock is not held across the collective part: another rank may be
    // waiting for it (a plan of its own) before it joins.
    FileLock lock(path + ".lock");
    if (lock.held()) {  // else nowhere to keep the choice: estimate
      fftw_forget_wisdom();
      fftw_import_wisdom_from_filename(path.c_str());
      flags = FFTW_MEASURE;
    }
  }
  flags = c.agree(flags);
  if (flags == FFTW_ESTIMATE) return make_plans(FFTW_ESTIMATE);
  c.share_in();
  make_plans(flags);
  // Each rank timed its own local pieces. Plan once more, every rank from
  // exactly the wisdom that is kept (rank 0's union of what all learnt, as
  // a fresh import), as every later run will: this run then has their plans.
  c.share_out();
  char* kept = c.lead ? fftw_export_wisdom_to_string() : nullptr;
  fftw_forget_wisdom();
  if (kept) fftw_import_wisdom_from_string(kept);
  c.share_in();
  make_plans(flags);
  if (!c.lead) return;
  FileLock lock(path + ".lock");
  if (lock.held()) {
    fftw_forget_wisdom();
    fftw_import_wisdom_from_filename(path.c_str());  // what other jobs added meanwhile
    if (kept) fftw_import_wisdom_from_string(kept);
    const std::string tmp = path + ".tmp" + std::to_string(::getpid());
    if (fftw_export_wisdom_to_filename(tmp.c_str())) std::rename(tmp.c_str(), path.c_str());
  }
  if (kept) fftw_free(kept);
}

void plan_with_wisdom(const std::function<void(unsigned flags)>& make_plans) {
  static const std::string path = wisdom_path();
  if (path.empty()) return make_plans(FFTW_ESTIMATE);
  boost::system::error_code ec;
  boost::filesystem::create_directories(boost::filesystem::path(path).parent_path(), ec);
  FileLock lock(path + ".lock");
  if (!lock.held()) return make_plans(FFTW_ESTIMATE);  // nowhere to keep the choice
  // Another process may have added shapes since: import every time.
  fftw_import_wisdom_from_filename(path.c_str());
  make_plans(FFTW_MEASURE);
  const std::string tmp = path + ".tmp" + std::to_string(::getpid());
  if (fftw_export_wisdom_to_filename(tmp.c_str())) std::rename(tmp.c_str(), path.c_str());
}

}  // namespace wprox::fftw
