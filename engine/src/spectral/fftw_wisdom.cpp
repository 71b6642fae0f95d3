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
