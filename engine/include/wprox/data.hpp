#pragma once
// Basic numeric containers shared by every piece of wprox.
//
// Particles are an N x d row-major matrix: row i is particle i, contiguous in
// memory, so per-particle loops touch one cache line run and SIMD kernels can
// read a particle with one pointer.
#include <Eigen/Core>

namespace wprox {

using Vector = Eigen::VectorXd;
using Matrix = Eigen::MatrixXd;  // column-major, for small dense linear algebra
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Particles = RowMatrix;  // N x d

}  // namespace wprox
