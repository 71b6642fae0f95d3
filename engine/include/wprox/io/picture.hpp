#pragma once
// Renders a Picture description to an SVG file with PLplot. Not thread-safe
// (PLplot keeps global state): call from the host's thread only.
#include <string>

#include "wprox/results.hpp"

namespace wprox {

// Writes `path` (should end in .svg). Throws InputError if it cannot be written.
void render_picture(const Picture& pic, const std::string& path);

}  // namespace wprox
