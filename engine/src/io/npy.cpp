#include "wprox/io/npy.hpp"

#include <cstdint>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <cctype>
#include <functional>
#include <limits>
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

// The header is a Python dict literal such as
//   {'descr': '<f8', 'fortran_order': False, 'shape': (300, 2), }
// read by a small tokenizer (no regular expressions: their backtracking
// recursion overflowed the stack on long headers). Anything else is refused.
class HeaderParser {
 public:
  HeaderParser(const std::string& text, std::function<InputError(const std::string&)> bad)
      : t_(text), bad_(std::move(bad)) {}

  void parse(std::string& descr, bool& fortran, std::vector<std::size_t>& shape) {
    bool has_descr = false, has_shape = false;
    expect('{');
    while (true) {
      skip_space();
      if (peek() == '}') break;
      const std::string key = string_literal();
      expect(':');
      if (key == "descr") {
        descr = string_literal();
        has_descr = true;
      } else if (key == "fortran_order") {
        fortran = boolean();
      } else if (key == "shape") {
        shape = tuple();
        has_shape = true;
      } else {
        throw bad_("unexpected key " + quote(key) + " in the header (descr, fortran_order, shape are allowed)");
      }
      skip_space();
      if (peek() == ',') {
        ++i_;
        continue;
      }
      skip_space();
      if (peek() != '}') throw bad_("malformed header near position " + std::to_string(i_));
    }
    ++i_;
    skip_space();
    if (i_ != t_.size()) throw bad_("unexpected text after the header's closing brace");
    if (!has_descr) throw bad_("no dtype ('descr') in the header");
    if (!has_shape) throw bad_("no shape in the header");
  }

 private:
  char peek() const { return i_ < t_.size() ? t_[i_] : '\0'; }
  void skip_space() {
    while (i_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[i_]))) ++i_;
  }
  void expect(char c) {
    skip_space();
    if (peek() != c) throw bad_(std::string("expected '") + c + "' at position " + std::to_string(i_) + " of the header");
    ++i_;
  }
  std::string string_literal() {
    skip_space();
    const char q = peek();
    if (q != '\'' && q != '"') throw bad_("expected a quoted name at position " + std::to_string(i_) + " of the header");
    const std::size_t close = t_.find(q, i_ + 1);
    if (close == std::string::npos) throw bad_("unterminated string in the header");
    std::string out = t_.substr(i_ + 1, close - i_ - 1);
    i_ = close + 1;
    return out;
  }
  bool boolean() {
    skip_space();
    if (t_.compare(i_, 4, "True") == 0) return i_ += 4, true;
    if (t_.compare(i_, 5, "False") == 0) return i_ += 5, false;
    throw bad_("fortran_order must be True or False");
  }
  std::vector<std::size_t> tuple() {
    std::vector<std::size_t> dims;
    expect('(');
    while (true) {
      skip_space();
      if (peek() == ')') break;
      if (peek() == '-') throw bad_("the shape has a negative dimension");
      if (!std::isdigit(static_cast<unsigned char>(peek()))) throw bad_("the shape must be a tuple of integers");
      std::size_t v = 0;
      while (std::isdigit(static_cast<unsigned char>(peek()))) {
        const std::size_t digit = std::size_t(t_[i_++] - '0');
        if (v > (kMaxDim - digit) / 10) throw bad_("a shape dimension is too large");
        v = v * 10 + digit;
      }
      dims.push_back(v);
      if (dims.size() > 32) throw bad_("the shape has more than 32 dimensions");
      skip_space();
      if (peek() == ',') ++i_;
      else if (peek() != ')') throw bad_("the shape must be a tuple of integers");
    }
    ++i_;
    return dims;
  }

  static constexpr std::size_t kMaxDim = std::size_t(1) << 62;
  const std::string& t_;
  std::function<InputError(const std::string&)> bad_;
  std::size_t i_ = 0;
};

}  // namespace

NpyArray read_npy(const std::string& path) {
  std::error_code ec;
  WPROX_REQUIRE(!std::filesystem::is_directory(path, ec), InputError,
                quote(path) << " is a folder; a .npy file is needed");
  std::ifstream in(path, std::ios::binary);
  WPROX_REQUIRE(in, InputError, "cannot read " << quote(path) << " (no such file or no permission)");
  auto bad = [&](const std::string& why) { return InputError(quote(path) + " is not a valid .npy file: " + why); };
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
  // NumPy writes headers of a few hundred bytes; 64 KiB is ample.
  if (hlen > (std::size_t(1) << 16)) throw bad("header of " + std::to_string(hlen) + " bytes (64 KiB at most)");
  std::string header(hlen, '\0');
  if (!in.read(&header[0], std::streamsize(hlen))) throw bad("truncated header");

  std::string descr;
  bool fortran = false;
  NpyArray a;
  HeaderParser(header, bad).parse(descr, fortran, a.shape);
  if (descr.size() < 2) throw bad("unsupported dtype " + quote(descr));
  const char order = std::string("<>|=").find(descr[0]) != std::string::npos ? descr[0] : '=';
  const std::string kind(1, descr[order == descr[0] ? 1 : 0]);
  const std::string digits = descr.substr(order == descr[0] ? 2 : 1);
  if (order == '>') throw bad("big-endian data is not supported");
  if (digits.empty() || digits.size() > 2 || digits.find_first_not_of("0123456789") != std::string::npos)
    throw bad("unsupported dtype " + quote(descr));
  const int size = std::stoi(digits);
  if (size != 4 && size != 8) throw bad("unsupported dtype " + quote(descr) + " (float64, float32, int32, int64 are)");
  // The element count, checked for overflow and against the bytes the file
  // really has before anything is allocated.
  std::size_t count = 1;
  for (std::size_t d : a.shape) {
    if (d != 0 && count > std::numeric_limits<std::size_t>::max() / 8 / d) throw bad("the shape's size overflows");
    count *= d;
  }
  const std::streamoff data_start = in.tellg();
  in.seekg(0, std::ios::end);
  const std::streamoff file_end = in.tellg();
  in.seekg(data_start);
  const std::size_t available = file_end > data_start ? std::size_t(file_end - data_start) : 0;
  if (count * std::size_t(size) > available)
    throw bad("data is truncated (the shape needs " + std::to_string(count) + " values of " + std::to_string(size) +
              " bytes, the file has " + std::to_string(available) + " bytes)");
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
                quote(path) << " holds a " << a.shape.size() << "-dimensional array; a 1-D or 2-D array is needed");
  const long rows = long(a.shape[0]);
  const long cols = a.shape.size() == 2 ? long(a.shape[1]) : 1;
  return Eigen::Map<const RowMatrix>(a.data.data(), rows, cols);
}

}  // namespace wprox
