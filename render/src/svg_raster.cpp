#include "svg_raster.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "png_image.hpp"
#include "wprox/errors.hpp"

namespace wprox::render_detail {

void embed_rasters(const std::string& path, const std::vector<RasterImage>& images) {
  if (images.empty()) return;
  std::string svg;
  {
    std::ifstream in(path, std::ios::binary);
    WPROX_REQUIRE(in, InputError, "cannot read '" << path << "'");
    std::ostringstream ss;
    ss << in.rdbuf();
    svg = ss.str();
  }
  // PLplot's svg: <svg ...> <rect .../> (the background) <g transform=...>
  // (the drawing, y upwards). The images go between the two, in page
  // coordinates, so that axes, curves and markers stay on top.
  const std::size_t rect = svg.find("<rect");
  const std::size_t at = rect == std::string::npos ? std::string::npos : svg.find("/>", rect);
  WPROX_REQUIRE(at != std::string::npos, InputError, "'" << path << "' is not an svg page with a background");
  std::string inserted;
  for (const RasterImage& im : images) {
    char box[200];
    std::snprintf(box, sizeof box, "x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"", im.x, im.y, im.width,
                  im.height);
    // preserveAspectRatio none: the cells fill the plotted rectangle;
    // pixelated: one cell one flat colour, as in the vector drawing.
    inserted += "\n  <image " + std::string(box) +
                " preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" xlink:href=\"data:image/png;base64," +
                base64(im.png) + "\"/>";
  }
  svg.insert(at + 2, inserted);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  WPROX_REQUIRE(out, InputError, "cannot write '" << path << "'");
  out << svg;
}

}  // namespace wprox::render_detail
