#pragma once
// SUNDIALS serial N_Vectors of a whole window (nt slots of the grid, the
// layout of window_system.hpp) whose reductions see this rank's slab rows
// only and combine them over the ranks in the one-rank order, so that
// KINSOL and SPGMR run unchanged on fields split in row slabs (slab.hpp).
//
// Every rank holds the whole window; rows outside its slab are not trusted
// (the solvers' operators write the slab and read its halo, refreshed
// before each use), so the pointwise operations of the serial vector may
// touch them freely, while the reductions must not: dot products and norms
// add per-row partial results (eight running sums over a row, the slots of
// a row in slot order) and every rank adds all rows' partials in row order
// (wprox::deterministic_sum), the same bits for any rank and thread count;
// maxima and minima are exact. With one rank the vectors reduce the whole
// window in that same order. The fused multi-vector reductions are removed
// from the ops table, so SUNDIALS falls back to the single ones here.
//
// Clones (N_VClone, as KINSOL and SPGMR make their work vectors) carry the
// layout; it must outlive every vector made from it.
#include <sundials/sundials_context.h>
#include <sundials/sundials_nvector.h>

#include <vector>

#include "slab.hpp"

namespace pdhg_rd {

class SlabVectorLayout {
 public:
  SlabVectorLayout(const Slab& slab, long rows, int slots);
  // A new vector of slots() * rows * cols() doubles; nullptr when out of memory.
  N_Vector make(SUNContext ctx);

  const Slab& slab() const { return slab_; }
  long rows() const { return rows_; }
  long slot_size() const { return rows_ * slab_.cols(); }
  int slots() const { return slots_; }
  // Scratch for the per-row partials (one reduction at a time: KINSOL
  // calls them from one thread).
  double* partials() { return part_.data(); }

 private:
  const Slab& slab_;
  long rows_;
  int slots_;
  std::vector<double> part_;
};

}  // namespace pdhg_rd
