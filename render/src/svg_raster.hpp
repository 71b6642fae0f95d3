#pragma once
// PLplot's svg device draws an image as one filled polygon per cell (a
// 128 x 128 field: 4.4 MB). Large fields are instead drawn afterwards as
// one embedded PNG: the renderer leaves their cells out and this inserts an
// <image> element under everything PLplot drew.
#include <string>
#include <vector>

namespace wprox::render_detail {

struct RasterImage {
  double x = 0, y = 0, width = 0, height = 0;  // in SVG user units, y from the top of the page
  std::string png;                             // the PNG file's bytes
};

// Inserts the images (in order, the first lowest) right after the page's
// background rectangle of the svg file at `path`. Throws InputError if the
// file is not a PLplot svg.
void embed_rasters(const std::string& path, const std::vector<RasterImage>& images);

}  // namespace wprox::render_detail
