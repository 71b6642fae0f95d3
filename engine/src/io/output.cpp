#include "wprox/io/output.hpp"

#include "wprox/io/csv.hpp"
#include "wprox/io/npy.hpp"
#include "wprox/io/picture.hpp"

namespace wprox {

std::vector<std::string> write_results(const Results& r, const std::string& dir) {
  std::vector<std::string> files;
  for (const auto& a : r.arrays) {
    write_npy(dir + "/" + a.name + ".npy", a.data.data(), a.shape);
    files.push_back(a.name + ".npy");
  }
  for (const auto& t : r.tables) {
    write_table(dir + "/" + t.name + ".csv", t);
    files.push_back(t.name + ".csv");
  }
  for (const auto& p : r.pictures) {
    render_picture(p, dir + "/" + p.name + ".svg");
    files.push_back(p.name + ".svg");
  }
  return files;
}

}  // namespace wprox
