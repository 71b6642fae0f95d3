#include <cstdio>
#include <fstream>

#include "testing.hpp"
#include "wprox/io/npy.hpp"
#include "wprox/io/output.hpp"

using namespace wprox;

static std::string tmp(const std::string& name) { return std::string(WPROX_TEST_BINARY_DIR) + "/tests/" + name; }

TEST_CASE(".npy round trip keeps shape and bits") {
  RowMatrix X(3, 2);
  X << 1, 2, 3.5, -4, 1e-300, 7e200;
  write_npy(tmp("rt.npy"), X.data(), {3, 2});
  NpyArray a = read_npy(tmp("rt.npy"));
  CHECK(a.shape == std::vector<std::size_t>{3, 2});
  for (int i = 0; i < 6; ++i) CHECK(a.data[i] == X.data()[i]);
  CHECK(read_npy_matrix(tmp("rt.npy")) == X);
  // The header is padded to a multiple of 64 bytes as numpy requires.
  std::ifstream in(tmp("rt.npy"), std::ios::binary | std::ios::ate);
  CHECK((long(in.tellg()) - 6 * 8) % 64 == 0);
}

TEST_CASE("1-D arrays and float32 data are read") {
  Vector v(4);
  v << 1, 2, 3, 4;
  write_npy(tmp("v.npy"), v.data(), {4});
  CHECK(read_npy(tmp("v.npy")).shape == std::vector<std::size_t>{4});
  // A hand-made float32 file: header then 2 floats.
  std::string header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  header.append(64 - (10 + header.size() + 1) % 64, ' ');
  header += '\n';
  std::ofstream out(tmp("f4.npy"), std::ios::binary);
  out.write("\x93NUMPY\x01\x00", 8);
  const char len[2] = {char(header.size() & 0xff), char(header.size() >> 8)};
  out.write(len, 2);
  out << header;
  const float f[2] = {1.5f, -2.0f};
  out.write(reinterpret_cast<const char*>(f), sizeof f);
  out.close();
  NpyArray a = read_npy(tmp("f4.npy"));
  CHECK(a.data == std::vector<double>{1.5, -2.0});
}

TEST_CASE("malformed files are InputErrors naming the file") {
  CHECK_THROWS_WITH_AS(read_npy(tmp("missing.npy")), doctest::Contains("missing.npy"), InputError);
  std::ofstream(tmp("text.npy")) << "hello";
  CHECK_THROWS_WITH_AS(read_npy(tmp("text.npy")), doctest::Contains("not a valid .npy file"), InputError);
  RowMatrix X = RowMatrix::Ones(10, 3);
  write_npy(tmp("trunc.npy"), X.data(), {10, 3});
  std::ifstream in(tmp("trunc.npy"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  std::ofstream(tmp("trunc.npy"), std::ios::binary) << bytes.substr(0, bytes.size() - 9);
  CHECK_THROWS_WITH_AS(read_npy(tmp("trunc.npy")), doctest::Contains("truncated"), InputError);
}

TEST_CASE("write_results puts a stem with a folder into that folder and refuses stems that leave the output") {
  Results r;
  Vector v(2);
  v << 1, 2;
  r.arrays.push_back(make_array("train/core_0", v));
  const std::string dir = tmp("results_folder");
  const auto files = write_results(r, dir);
  REQUIRE(files.size() == 1);
  CHECK(files[0] == "train/core_0.npy");
  CHECK(read_npy(dir + "/train/core_0.npy").data == std::vector<double>{1, 2});
  for (const char* bad : {"../escape", "train/../../escape", "/abs"}) {
    Results b;
    b.arrays.push_back(make_array(bad, v));
    CAPTURE(bad);
    CHECK_THROWS_AS(write_results(b, dir), InputError);
  }
}

TEST_CASE("write_results draws pictures only through the writer it is given") {
  Results r;
  Picture pic;
  pic.name = "sub/scatter";
  r.pictures.push_back(pic);
  const std::string dir = tmp("pictures_folder");
  CHECK(write_results(r, dir).empty());  // the engine alone draws nothing
  std::vector<std::string> drawn;
  const auto files = write_results(
      r, dir, [&](const Picture& p, const std::string& stem) { drawn.push_back(p.name + "|" + stem); }, ".png");
  REQUIRE(files == std::vector<std::string>{"sub/scatter.png"});
  REQUIRE(drawn == std::vector<std::string>{"sub/scatter|" + dir + "/sub/scatter"});
}
