// The SVG that librender writes, read back: colour bars, raster images of
// large fields, legend patches, legends outside the plot.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <wprox/render.hpp>

#include "svg_reader.hpp"

namespace fs = std::filesystem;
using namespace wprox;

namespace {

std::string out_path(const std::string& stem) {
  const fs::path dir = fs::path(WPROX_TEST_BINARY_DIR) / "tests" / "render" / "out";
  fs::create_directories(dir);
  return (dir / (stem + ".svg")).string();
}

// A smooth field on [0, 1]^2 with values in [lo, lo + 2000].
Layer field(long n, double lo, const std::string& label) {
  Layer l;
  l.kind = Layer::Kind::Heatmap;
  l.label = label;
  l.nx = l.ny = n;
  for (long j = 0; j < n; ++j)
    for (long i = 0; i < n; ++i)
      l.z.push_back(lo + 1000 * (1 + std::sin(6.0 * i / n) * std::cos(5.0 * j / n)));
  return l;
}

bool has_text(const std::string& svg, const std::string& s) {
  for (const auto& t : test_svg::texts(svg))
    if (t.text == s) return true;
  return false;
}

// The largest number among the texts (tick labels).
double largest_number(const std::string& svg) {
  double best = -1e300;
  for (const auto& t : test_svg::texts(svg)) {
    char* end = nullptr;
    const double v = std::strtod(t.text.c_str(), &end);
    if (!t.text.empty() && end == t.text.c_str() + t.text.size()) best = std::max(best, v);
  }
  return best;
}

}  // namespace

TEST_CASE("a heatmap gets a colour bar with its values and its name") {
  Picture p;
  p.name = "bar";
  p.title = "field";
  p.layers.push_back(field(16, 1000, "zeta"));
  const std::string path = out_path("colour_bar");
  render_picture(p, path);
  const std::string svg = test_svg::read_file(path);
  // The axes span [0, 1]: tick labels of 1000 and more come from the bar.
  CHECK(largest_number(svg) >= 1000);
  CHECK(has_text(svg, "zeta"));
  CHECK(test_svg::count(svg, "Gradient") >= 1);

  // Without a heatmap there is no bar: the largest number is an axis tick.
  Picture q;
  q.name = "no_bar";
  Layer c;
  c.kind = Layer::Kind::Curve;
  c.x = {0, 1};
  c.y = {0, 1};
  q.layers.push_back(c);
  const std::string qpath = out_path("no_colour_bar");
  render_picture(q, qpath);
  const std::string qsvg = test_svg::read_file(qpath);
  CHECK(largest_number(qsvg) < 2);
  CHECK(test_svg::count(qsvg, "Gradient") == 0);
}

TEST_CASE("fields above 64 x 64 are one raster image, smaller ones vector cells") {
  Picture big;
  big.name = "big";
  big.equal_axes = true;
  Layer l = field(128, 0, "u");
  // One bright cell at the top left (i = 0, j = ny - 1), the rest the minimum:
  // the image's first pixel must be the ramp's top, all others its bottom.
  std::fill(l.z.begin(), l.z.end(), 0.0);
  l.z[std::size_t(127 * 128)] = 1.0;
  big.layers.push_back(l);
  const std::string path = out_path("raster_128");
  render_picture(big, path);
  const std::string svg = test_svg::read_file(path);
  // A 128^2 field as vector cells is ~4.4 MB (~270 bytes a cell); as a PNG
  // it is a few kB: 300 kB leaves room for the frame and labels but not for
  // per-cell vectors (1100 cells would already exceed it).
  CHECK(fs::file_size(path) < 300 * 1024);
  const auto ims = test_svg::images(svg);
  REQUIRE(ims.size() == 1);
  CHECK(ims[0].width == 128);
  CHECK(ims[0].height == 128);
  const auto& px = ims[0].rgb;
  // The ramp ends in yellow (high red, low blue) and starts in dark blue.
  CHECK(int(px[0]) > 200);
  CHECK(int(px[2]) < 80);
  const std::size_t last = px.size() - 3;
  CHECK(int(px[last]) < 100);
  CHECK(int(px[last + 2]) > 60);
  CHECK(int(px[3]) == int(px[last]));  // the second pixel of the top row is at the minimum too

  // Smooth data compress well: the real 128^2 picture stays far below.
  Picture smooth;
  smooth.name = "smooth";
  smooth.layers.push_back(field(128, 0, "u"));
  const std::string spath = out_path("raster_smooth_128");
  render_picture(smooth, spath);
  CHECK(fs::file_size(spath) < 300 * 1024);

  Picture small;
  small.name = "small";
  small.layers.push_back(field(32, 0, "u"));
  const std::string smpath = out_path("vector_32");
  render_picture(small, smpath);
  const std::string smsvg = test_svg::read_file(smpath);
  CHECK(test_svg::count(smsvg, "<image") == 0);
  CHECK(test_svg::count(smsvg, "<polyline") + test_svg::count(smsvg, "<polygon") >= 32 * 32);
}

TEST_CASE("a filled layer's legend entry is a colour patch") {
  Picture p;
  p.name = "patch";
  Layer heat = field(100, 0, "phi");  // raster: no vector cell shares the patch's fill
  Layer pts;
  pts.kind = Layer::Kind::Points;
  pts.label = "start";
  pts.x = {0.2, 0.5};
  pts.y = {0.3, 0.7};
  p.layers = {heat, pts};
  const std::string path = out_path("legend_patch");
  render_picture(p, path);
  const std::string svg = test_svg::read_file(path);
  CHECK(has_text(svg, "start"));
  int phi = 0;
  for (const auto& t : test_svg::texts(svg)) phi += t.text == "phi";
  CHECK(phi == 2);  // the legend entry and the colour bar's label
  // The patch: a filled shape in a colour of the ramp, which nothing else
  // draws as a vector fill (the page is white, the text black, the markers
  // the points' colour, the field a raster image).
  auto other_fills = [](const std::string& svg) {
    int n = 0;
    for (std::size_t at = svg.find("fill=\"#"); at != std::string::npos; at = svg.find("fill=\"#", at + 1)) {
      const std::string hex = svg.substr(at + 7, 6);
      n += hex != "FFFFFF" && hex != "000000" && hex != "1F77B4";
    }
    return n;
  };
  CHECK(other_fills(svg) >= 1);
  // Unlabelled, the field has no legend entry, and no such fill appears.
  p.layers[0].label.clear();
  const std::string bare = out_path("legend_no_patch");
  render_picture(p, bare);
  CHECK(other_fills(test_svg::read_file(bare)) == 0);
}

TEST_CASE("the legend never covers a curve through every corner") {
  for (bool equal : {false, true}) {
    Picture p;
    p.name = "corners";
    p.equal_axes = equal;
    Layer c;
    c.kind = Layer::Kind::Curve;
    c.label = "corner path with a long legend label";
    c.x = {0, 1, 1, 0, 0, 1};
    c.y = {0, 0, 1, 1, 0, 1};
    p.layers.push_back(c);
    const std::string path = out_path(equal ? "legend_corners_equal" : "legend_corners");
    render_picture(p, path);
    const std::string svg = test_svg::read_file(path);
    // The curve: the long polyline in the first layer colour; the legend's
    // own sample of it has two points.
    double curve_right = -1e300;
    for (const auto& pl : test_svg::polylines(svg))
      if (pl.stroke == "#1F77B4" && pl.x.size() >= 5)
        curve_right = std::max(curve_right, *std::max_element(pl.x.begin(), pl.x.end()));
    REQUIRE(curve_right > 0);
    double label_x = -1;
    for (const auto& t : test_svg::texts(svg))
      if (t.text == c.label) label_x = t.x;
    REQUIRE(label_x > 0);
    CHECK(label_x > curve_right);
    // ... and the page is wide enough for the label (~9 units a character).
    const double page_w = std::strtod(svg.substr(svg.find("viewBox=\"0 0 ") + 13).c_str(), nullptr);
    CHECK(label_x + 9.5 * double(c.label.size()) <= page_w);
  }
}

TEST_CASE("a second heat map keeps the full colour ramp and gets its own bar") {
  // The colour bar is drawn from a 5-colour cmap1 (its gradient's stops);
  // cells drawn after it must be back on the 256-colour ramp.
  Picture p;
  p.name = "two";
  Layer flat = field(16, 0, "first");
  std::fill(flat.z.begin(), flat.z.end(), 1.0);  // one colour: the smooth second layer makes all the others
  p.layers = {flat, field(16, 5000, "second")};
  const std::string path = out_path("two_heatmaps");
  render_picture(p, path);
  const std::string svg = test_svg::read_file(path);
  // PLplot draws (n - 1)^2 cells of a 16 x 16 image; on 5 colours the
  // second layer would show at most 5.
  std::vector<std::string> fills;
  for (std::size_t at = svg.find("fill=\"#"); at != std::string::npos; at = svg.find("fill=\"#", at + 1))
    fills.push_back(svg.substr(at + 7, 6));
  std::sort(fills.begin(), fills.end());
  const long distinct = std::unique(fills.begin(), fills.end()) - fills.begin();
  CHECK(distinct > 20);
  CHECK(has_text(svg, "first"));
  CHECK(has_text(svg, "second"));
  CHECK(largest_number(svg) >= 6000);  // the second bar's values
}
