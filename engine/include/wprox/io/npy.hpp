#pragma once
// NumPy .npy files (format 1.0/2.0): write float64 C-order arrays; read
// float64, float32 and int32/int64 arrays (converted to double). A file that
// is missing, truncated or not an .npy array is an InputError naming the
// file and what is wrong.
#include <cstddef>
#include <string>
#include <vector>

#include "wprox/data.hpp"

namespace wprox {

struct NpyArray {
  std::vector<std::size_t> shape;
  std::vector<double> data;  // C order
};

void write_npy(const std::string& path, const double* data, const std::vector<std::size_t>& shape);
NpyArray read_npy(const std::string& path);
// A 2-D array as a matrix (a 1-D array of length n becomes n x 1).
RowMatrix read_npy_matrix(const std::string& path);

}  // namespace wprox
