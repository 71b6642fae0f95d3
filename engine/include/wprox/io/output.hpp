#pragma once
// Writes a run's Results into a folder: arrays as .npy, tables as .csv,
// pictures as .svg. Returns the file names written.
#include <string>
#include <vector>

#include "wprox/results.hpp"

namespace wprox {

std::vector<std::string> write_results(const Results& r, const std::string& dir);

}  // namespace wprox
