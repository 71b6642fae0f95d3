#include "wprox/io/npy.hpp"

#include <cstdint>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include "wprox/errors.hpp"

namespace wprox {

void write_npy(const std::string& path, const double* data, const std::vector<std::size_t>& shape) {
  std::ostringstream dict;
  dict << "{'descr': '<f8', 'fortran_order': False, 'shape': (";
  std::size_t count = 1;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    dict << shape[i] << (shape.size() == 1 ? "," : (i + 1 < shape.size() ? ", " : ""));
    count *= shape[i];
  }
  dict << "), }";
  std::string header = dict.str();
  // magic(6) + version(2) + length(2) + header + '\n' is a multiple of 64.
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::ofstream out(path, std::ios::binary);
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "'");
  const char magic[8] = {'\x93', 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.write(magic, 8);
  const std::uint16_t len = std::uint16_t(header.size());
  const char lenb[2] = {char(len & 0xff), char(len >> 8)};
  out.write(lenb, 2);
  out.write(header.data(), std::streamsize(header.size()));
  out.write(reinterpret_cast<const char*>(data), std::streamsize(count * sizeof(double)));
  out.flush();
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "' (" << std::strerror(errno) << "; is the disk full?)");
}

namespace {

template <class T>
void convert(const std::vector<char>& raw, std::vector<double>& out) {
  const std::size_t n = raw.size() / sizeof(T);
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
    out[i] = double(v);
  }
}

}  // namespace

NpyArray read_npy(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  WPROX_REQUIRE(in, InputError, "cannot read '" << path << "' (no such file or no permission)");
  auto bad = [&](const std::string& why) { return InputError("'" + path + "' is not a valid .npy file: " + why); };
  char magic[8];
  if (!in.read(magic, 8) || std::memcmp(magic, "\x93NUMPY", 6) != 0) throw bad("missing the \\x93NUMPY magic");
  const int major = static_cast<unsigned char>(magic[6]);
  std::size_t hlen = 0;
  if (major == 1) {
    unsigned char b[2];
    if (!in.read(reinterpret_cast<char*>(b), 2)) throw bad("truncated header");
    hlen = b[0] | (std::size_t(b[1]) << 8);
  } else if (major == 2 || major == 3) {
    unsigned char b[4];
    if (!in.read(reinterpret_cast<char*>(b), 4)) throw bad("truncated header");
    hlen = b[0] | (std::size_t(b[1]) << 8) | (std::size_t(b[2]) << 16) | (std::size_t(b[3]) << 24);
  } else {
    throw bad("unsupported format version " + std::to_string(major));
  }
  if (hlen > (1u << 20)) throw bad("header too long");
  std::string header(hlen, '\0');
  if (!in.read(&header[0], std::streamsize(hlen))) throw bad("truncated header");

  std::smatch m;
  if (!std::regex_search(header, m, std::regex("'descr'\\s*:\\s*'([<>|=]?)([a-z])(\\d+)'")))
    throw bad("no dtype in header");
  const std::string order = m[1], kind = m[2];
  const int size = std::stoi(m[3]);
  if (order == ">") throw bad("big-endian data is not supported");
  bool fortran = false;
  if (std::regex_search(header, m, std::regex("'fortran_order'\\s*:\\s*(True|False)"))) fortran = m[1] == "True";
  if (!std::regex_search(header, m, std::regex("'shape'\\s*:\\s*\\(([^)]*)\\)"))) throw bad("no shape in header");
  NpyArray a;
  std::string dims = m[1];
  std::size_t count = 1;
  const std::regex number("\\d+");
  for (std::sregex_iterator it(dims.begin(), dims.end(), number), end; it != end; ++it) {
    a.shape.push_back(std::stoull(it->str()));
    count *= a.shape.back();
  }
  std::vector<char> raw(count * std::size_t(size));
  if (!in.read(raw.data(), std::streamsize(raw.size())))
    throw bad("data is truncated (expected " + std::to_string(count) + " values)");
  if (kind == "f" && size == 8)
    convert<double>(raw, a.data);
  else if (kind == "f" && size == 4)
    convert<float>(raw, a.data);
  else if (kind == "i" && size == 4)
    convert<std::int32_t>(raw, a.data);
  else if (kind == "i" && size == 8)
    convert<std::int64_t>(raw, a.data);
  else
    throw bad("unsupported dtype '" + kind + std::to_string(size) + "' (float64, float32, int32, int64 are)");
  if (fortran && a.shape.size() == 2) {
    const std::size_t r = a.shape[0], c = a.shape[1];
    std::vector<double> t(a.data.size());
    for (std::size_t i = 0; i < r; ++i)
      for (std::size_t j = 0; j < c; ++j) t[i * c + j] = a.data[j * r + i];
    a.data.swap(t);
  } else if (fortran && a.shape.size() > 2) {
    throw bad("Fortran-ordered arrays of more than 2 dimensions are not supported");
  }
  return a;
}

RowMatrix read_npy_matrix(const std::string& path) {
  NpyArray a = read_npy(path);
  WPROX_REQUIRE(a.shape.size() == 1 || a.shape.size() == 2, InputError,
                "'" << path << "' holds a " << a.shape.size() << "-dimensional array; a 1-D or 2-D array is needed");
  const long rows = long(a.shape[0]);
  const long cols = a.shape.size() == 2 ? long(a.shape[1]) : 1;
  return Eigen::Map<const RowMatrix>(a.data.data(), rows, cols);
}

}  // namespace wprox
