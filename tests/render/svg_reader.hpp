#pragma once
// Just enough of a reader for the SVG files PLplot's svg device writes:
// the texts with their anchor x, the polylines with their stroke colour and
// points, and the embedded PNG images decoded to RGB pixels.
#include <string>
#include <vector>

namespace wprox::test_svg {

struct Text {
  std::string text;  // decoded (PLplot writes every character as &#x..;)
  double x = 0;      // in the drawing's coordinates (the same x as the polylines')
};

struct Polyline {
  std::string stroke;  // "#RRGGBB"
  std::vector<double> x, y;
};

struct Png {
  int width = 0, height = 0;
  std::vector<unsigned char> rgb;  // top row first
};

std::string read_file(const std::string& path);
std::vector<Text> texts(const std::string& svg);
std::vector<Polyline> polylines(const std::string& svg);
// Every <image> with a base64 PNG (8-bit RGB) in its href.
std::vector<Png> images(const std::string& svg);
std::size_t count(const std::string& svg, const std::string& what);

}  // namespace wprox::test_svg
