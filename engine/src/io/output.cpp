#include "wprox/io/output.hpp"

#include <filesystem>

#include "wprox/io/csv.hpp"
#include "wprox/io/npy.hpp"
#include "wprox/errors.hpp"

namespace wprox {

namespace {

// A stem may name subfolders ("tt/core_0": a set of files that belong
// together, like a tensor train's cores with its grid). They are created
// under dir; a stem that would leave dir (absolute, or with a ".." part)
// is refused.
void make_parent(const std::string& dir, const std::string& stem) {
  const std::filesystem::path p(stem);
  WPROX_REQUIRE(!stem.empty() && p.is_relative(), InputError, "result name '" << stem << "' is not a relative file stem");
  for (const auto& part : p)
    WPROX_REQUIRE(part != "..", InputError, "result name '" << stem << "' leaves the output folder");
  if (p.has_parent_path()) std::filesystem::create_directories(std::filesystem::path(dir) / p.parent_path());
}

}  // namespace

std::vector<std::string> write_results(const Results& r, const std::string& dir, const PictureWriter& draw,
                                       const std::string& picture_suffix) {
  std::vector<std::string> files;
  for (const auto& a : r.arrays) {
    make_parent(dir, a.name);
    write_npy(dir + "/" + a.name + ".npy", a.data.data(), a.shape);
    files.push_back(a.name + ".npy");
  }
  for (const auto& t : r.tables) {
    make_parent(dir, t.name);
    write_table(dir + "/" + t.name + ".csv", t);
    files.push_back(t.name + ".csv");
  }
  if (!draw) return files;
  for (const auto& p : r.pictures) {
    make_parent(dir, p.name);
    draw(p, dir + "/" + p.name);
    files.push_back(p.name + picture_suffix);
  }
  return files;
}

}  // namespace wprox
