#pragma once
// Writes a run's Results into a folder: arrays as .npy, tables as .csv, and
// pictures through `draw` (the hosts pass librender's svg_pictures(); the
// engine itself draws nothing, so it needs no graphics library). Returns the
// file names written.
#include <functional>
#include <string>
#include <vector>

#include "wprox/results.hpp"

namespace wprox {

// Draws one picture to `path_stem` plus the writer's extension, which
// write_results() lists as `picture_suffix`.
using PictureWriter = std::function<void(const Picture& pic, const std::string& path_stem)>;

// Without a writer, pictures are skipped.
std::vector<std::string> write_results(const Results& r, const std::string& dir, const PictureWriter& draw = {},
                                       const std::string& picture_suffix = ".svg");

}  // namespace wprox
