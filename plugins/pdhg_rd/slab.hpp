#pragma once
// This rank's share of the reaction–diffusion fields: a slab of whole grid
// rows, as the communicator's spectral transform splits them
// (wprox/slab_transform.hpp).
//
// Fields keep the whole grid's row-major layout on every rank (the model's
// stencils index rows globally and wrap them), but a rank computes and
// trusts only its rows [begin(), end()) plus `halo` rows on each side,
// which exchange_halo() refreshes from the neighbouring ranks (the wrapped
// rows across a periodic edge; a Neumann edge mirrors its own rows, and the
// wrapped rows it receives there go unused). Per-row partial results are
// combined over all rows in the one-rank order after gather_rows(), so a
// sum has the one-rank bits; whole fields are gathered only once per window
// (gather_field) for the energy, mass, snapshots and results.
//
// With one rank every function is a no-op and the slab is the whole grid.
#include <memory>
#include <vector>

#include <wprox/communicator.hpp>
#include <wprox/slab_transform.hpp>

namespace pdhg_rd {

class Slab {
 public:
  // InputError when a rank holds fewer than `halo` rows (the exchange
  // reaches the next rank only).
  Slab(const wprox::Communicator& comm, std::shared_ptr<const wprox::SlabTransform> t, int halo);

  const wprox::Communicator& comm() const { return comm_; }
  const std::shared_ptr<const wprox::SlabTransform>& transform() const { return t_; }
  bool distributed() const { return comm_.size() > 1; }
  long begin() const { return t_->row_begin(); }
  long end() const { return t_->row_end(); }
  long cols() const { return cols_; }
  // The slab's first value and count in the whole-grid layout.
  long offset() const { return begin() * cols_; }
  long count() const { return (end() - begin()) * cols_; }

  // The halo rows of `field` (whole-grid layout) from the neighbours.
  void exchange_halo(double* field) const;
  // per_row[r] for this rank's rows -> for every row, on every rank.
  void gather_rows(double* per_row) const;
  // This rank's rows of `field` -> the whole field, on every rank.
  void gather_field(double* field) const;
  // The largest of the ranks' values (NaN if any is NaN), on every rank.
  double max_nan(double mine) const;
  // Every value outside the slab becomes NaN, so that a read the halo does
  // not cover shows in the result instead of silently using stale data.
  void poison_outside(double* field) const;

 private:
  const wprox::Communicator& comm_;
  std::shared_ptr<const wprox::SlabTransform> t_;
  long rows_, cols_;
  int halo_;
  std::vector<std::size_t> row_counts_;  // rows per rank
};

}  // namespace pdhg_rd
