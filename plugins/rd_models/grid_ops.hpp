#pragma once
// Stencil kernels on a 2-D TensorGrid used by the reaction–diffusion models,
// written a grid row at a time so that a model's operator is one pass over
// memory that hands its rows to the caller (wprox::RowSink):
//
//  - laplacian_row: one row of the 5-point Laplacian, with the arithmetic of
//    the engine's wprox::laplacian (wprox/stencil.hpp), so both give the same
//    bits;
//  - div_coef_grad_row: one row of the variable-coefficient divergence form,
//    written with forward differences across cell faces so that
//    -div(s grad) = (grad+)^T S (grad+) exactly (a symmetric operator) and
//    the energy's gradient is the operator;
//  - stencil_chain: an operator that is a chain of stencil stages (the 4th-
//    and 6th-order models apply the Laplacian two and three times), worked in
//    blocks of rows whose intermediate levels stay in per-thread buffers;
//  - face_gradient_sq and grid_sum: the energies' sums.
// laplacian_row, stencil_chain and grid_sum are templates compiled with the
// models once per SIMD target: they are in stencil_rows.hpp.
//
// Face coefficients: sx[i*n+j] sits on the face between (i, j) and (i+1, j),
// sy[i*n+j] between (i, j) and (i, j+1). Periodic grids wrap the last face;
// Neumann grids have no boundary faces (the reflected difference is zero),
// so their last entries are never used.
#include <algorithm>
#include <cstddef>
#include <memory>
#include <tuple>
#include <utility>
#include <vector>

#include <wprox/grid.hpp>
#include <wprox/kinds/pde.hpp>
#include <wprox/parallel.hpp>

namespace rd {

// The rows of a 2-D grid with equal spacing on both axes (the models'
// squares), with each axis' boundary rule.
struct GridRows {
  explicit GridRows(const wprox::TensorGrid& g);
  long rows = 0, cols = 0;
  bool periodic_rows = true, periodic_cols = true;
  double inv_h2 = 1.0;  // 1 / h^2, computed as the engine's Laplacian does
  // The grid row that row index i in [-rows, 2 rows) stands for: wrapped on a
  // periodic axis, mirrored about the edge on a Neumann axis (row -1 is row
  // 0, row `rows` is row rows - 1: the reflected ghost rows).
  long wrap(long i) const {
    if (i >= 0 && i < rows) return i;
    if (periodic_rows) return i < 0 ? i + rows : i - rows;
    return i < 0 ? -i - 1 : 2 * rows - 1 - i;
  }
};

// out = row i of div(s grad u) (units 1/h^2).
void div_coef_grad_row(const GridRows& g, const double* sx, const double* sy, const double* u, long i, double* out);

// What one stage of a stencil chain sees at one grid row.
struct ChainRow {
  long row;                       // the grid row being computed
  const double *up, *mid, *down;  // the previous level at rows row - 1, row, row + 1
  const double* const* level;     // level[m]: row `row` of level m, for every earlier m (0: the input)
  double* tmp;                    // a row of scratch for the stage's own use
  double* lap;                    // a row of scratch for the Laplacian of lap_each (models.ipp)
  // The last stage only: the sink's update, which the stage does while it
  // writes its row (then `out` is that row of update->dest), or nullptr.
  const wprox::RowUpdate* update = nullptr;
};

// sum over faces of s_f (u_+ - u_-)^2 / h^2; sx = sy = nullptr means s = 1.
// Deterministic for any thread count.
double face_gradient_sq(const wprox::TensorGrid& g, const double* sx, const double* sy, const double* u);

}  // namespace rd
