#include "svg_reader.hpp"

#include <zlib.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wprox::test_svg {
namespace {

// PLplot writes each attribute on a line of its own, indented: a space
// always precedes the name.
std::string attribute(const std::string& element, const std::string& name) {
  const std::size_t at = element.find(" " + name + "=\"");
  if (at == std::string::npos) return "";
  const std::size_t start = at + name.size() + 3;
  return element.substr(start, element.find('"', start) - start);
}

std::string decode_entities(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s.compare(i, 3, "&#x") == 0) {
      const std::size_t end = s.find(';', i);
      const unsigned long code = std::strtoul(s.substr(i + 3, end - i - 3).c_str(), nullptr, 16);
      if (code < 0x80) out.push_back(char(code));
      else out += "?";  // non-ASCII: not needed by the tests
      i = end + 1;
    } else {
      out.push_back(s[i++]);
    }
  }
  return out;
}

std::string unbase64(const std::string& s) {
  auto value = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  std::string out;
  unsigned v = 0;
  int bits = 0;
  for (char c : s) {
    const int d = value(c);
    if (d < 0) continue;
    v = (v << 6) | unsigned(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(char((v >> bits) & 0xff));
    }
  }
  return out;
}

unsigned u32(const std::string& s, std::size_t at) {
  unsigned v = 0;
  for (int k = 0; k < 4; ++k) v = (v << 8) | static_cast<unsigned char>(s[at + k]);
  return v;
}

Png decode_png(const std::string& png) {
  if (png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) throw std::runtime_error("not a PNG");
  Png out;
  std::string idat;
  for (std::size_t at = 8; at + 8 <= png.size();) {
    const unsigned len = u32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (type == "IHDR") {
      out.width = int(u32(png, at + 8));
      out.height = int(u32(png, at + 12));
      if (png[at + 16] != 8 || png[at + 17] != 2) throw std::runtime_error("not 8-bit RGB");
    } else if (type == "IDAT") {
      idat += png.substr(at + 8, len);
    }
    at += 12 + len;
  }
  const std::size_t row = std::size_t(out.width) * 3 + 1;
  std::string raw(row * std::size_t(out.height), '\0');
  uLongf raw_size = uLongf(raw.size());
  if (uncompress(reinterpret_cast<Bytef*>(&raw[0]), &raw_size, reinterpret_cast<const Bytef*>(idat.data()),
                 uLong(idat.size())) != Z_OK || raw_size != raw.size())
    throw std::runtime_error("bad IDAT");
  for (int r = 0; r < out.height; ++r) {
    if (raw[r * row] != 0) throw std::runtime_error("filtered row");  // the writer uses filter 0 only
    out.rgb.insert(out.rgb.end(), raw.begin() + long(r * row + 1), raw.begin() + long((r + 1) * row));
  }
  return out;
}

}  // namespace

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<Text> texts(const std::string& svg) {
  std::vector<Text> out;
  for (std::size_t at = svg.find("<text"); at != std::string::npos; at = svg.find("<text", at + 1)) {
    const std::size_t end = svg.find("</text>", at);
    const std::string el = svg.substr(at, end - at);
    Text t;
    // transform="matrix(a b c d X Y)"
    std::istringstream m(attribute(el, "transform").substr(7));
    double v[6] = {};
    for (double& x : v) m >> x;
    t.x = v[4];
    for (std::size_t s = el.find("<tspan"); s != std::string::npos; s = el.find("<tspan", s + 1)) {
      const std::size_t open = el.find('>', s) + 1;
      t.text += decode_entities(el.substr(open, el.find("</tspan>", open) - open));
    }
    out.push_back(t);
  }
  return out;
}

std::vector<Polyline> polylines(const std::string& svg) {
  std::vector<Polyline> out;
  for (std::size_t at = svg.find("<polyline"); at != std::string::npos; at = svg.find("<polyline", at + 1)) {
    const std::string el = svg.substr(at, svg.find("/>", at) - at);
    Polyline p;
    p.stroke = attribute(el, "stroke");
    std::string pts = attribute(el, "points");
    for (char& c : pts)
      if (c == ',') c = ' ';
    std::istringstream in(pts);
    double x, y;
    while (in >> x >> y) p.x.push_back(x), p.y.push_back(y);
    out.push_back(p);
  }
  return out;
}

std::vector<Png> images(const std::string& svg) {
  std::vector<Png> out;
  const std::string key = "data:image/png;base64,";
  for (std::size_t at = svg.find("<image"); at != std::string::npos; at = svg.find("<image", at + 1)) {
    const std::size_t data = svg.find(key, at) + key.size();
    out.push_back(decode_png(unbase64(svg.substr(data, svg.find('"', data) - data))));
  }
  return out;
}

std::size_t count(const std::string& svg, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = svg.find(what); at != std::string::npos; at = svg.find(what, at + 1)) ++n;
  return n;
}

}  // namespace wprox::test_svg
