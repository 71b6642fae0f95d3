#pragma once
// A minimal PNG writer (8-bit RGB, no interlace, zlib-compressed rows with
// filter 0) and base64, enough to embed a raster in an SVG file.
#include <string>
#include <vector>

namespace wprox::render_detail {

// rgb: height rows of width pixels, top row first, 3 bytes a pixel.
std::string png_rgb(const std::vector<unsigned char>& rgb, int width, int height);

std::string base64(const std::string& bytes);

}  // namespace wprox::render_detail
