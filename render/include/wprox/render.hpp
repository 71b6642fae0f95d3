#pragma once
// librender (wprox::render): draws the pictures that Results describe, with
// PLplot. Its own library, used by the hosts, so that a program embedding
// the engine links neither PLplot nor its dependencies; without it a run's
// arrays, tables and summary are written and its pictures are not.
//
// Not thread-safe (PLplot keeps global state): call from the host's thread
// only.
#include <string>

#include "wprox/io/output.hpp"
#include "wprox/results.hpp"

namespace wprox {

// Writes `path` (should end in .svg). Throws InputError if it cannot be written.
void render_picture(const Picture& pic, const std::string& path);

// The picture writer hosts hand to write_results (wprox/io/output.hpp).
PictureWriter svg_pictures();

}  // namespace wprox
