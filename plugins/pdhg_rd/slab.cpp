#include "slab.hpp"

#include <algorithm>
#include <limits>

#include <wprox/errors.hpp>

#include "row_reductions.hpp"

namespace pdhg_rd {

Slab::Slab(const wprox::Communicator& comm, std::shared_ptr<const wprox::SlabTransform> t, int halo)
    : comm_(comm), t_(std::move(t)), rows_(t_->grid().n(0)), cols_(t_->grid().n(1)), halo_(halo) {
  const int R = comm_.size();
  row_counts_.assign(std::size_t(R), std::size_t(rows_));
  if (R == 1) return;
  const double mine = double(end() - begin());
  std::vector<double> counts(static_cast<std::size_t>(R));
  comm_.all_gather(&mine, 1, counts.data(), std::vector<std::size_t>(std::size_t(R), 1));
  for (int r = 0; r < R; ++r) row_counts_[std::size_t(r)] = std::size_t(counts[std::size_t(r)]);
  const double fewest = *std::min_element(counts.begin(), counts.end());
  WPROX_REQUIRE(fewest >= halo, wprox::InputError,
                "a " << rows_ << "-row grid split over " << R << " ranks leaves a rank " << fewest
                     << " rows, fewer than the model's stencil reaches (" << halo
                     << "): use fewer ranks or a larger problem.n");
}

void Slab::exchange_halo(double* field) const {
  if (!distributed()) return;
  const int r = comm_.rank(), R = comm_.size();
  const std::size_t n = std::size_t(halo_) * std::size_t(cols_);
  // My last rows go to the next rank, whose rows before its first are
  // those; rank 0's "rows before" are the grid's last rows (the wrap).
  const long before = (r == 0 ? rows_ : begin()) - halo_;
  const long after = r == R - 1 ? 0 : end();
  auto down = comm_.shift(field + (end() - halo_) * cols_, n, field + before * cols_, n);
  auto up = comm_.shift_back(field + begin() * cols_, n, field + after * cols_, n);
  down->wait();
  up->wait();
}

void Slab::gather_rows(double* per_row) const {
  if (!distributed()) return;
  // all_gather needs distinct send and receive arrays.
  const std::vector<double> mine(per_row + begin(), per_row + end());
  comm_.all_gather(mine.data(), mine.size(), per_row, row_counts_);
}

void Slab::gather_field(double* field) const {
  if (!distributed()) return;
  std::vector<std::size_t> counts(row_counts_);
  for (std::size_t& c : counts) c *= std::size_t(cols_);
  const std::vector<double> mine(field + offset(), field + offset() + count());
  comm_.all_gather(mine.data(), mine.size(), field, counts);
}

double Slab::max_nan(double mine) const {
  if (!distributed()) return mine;
  std::vector<double> all(std::size_t(comm_.size()));
  comm_.all_gather(&mine, 1, all.data(), std::vector<std::size_t>(all.size(), 1));
  double m = all[0];
  for (double x : all) m = pdhg_rd::max_nan(m, x);
  return m;
}

void Slab::poison_outside(double* field) const {
  if (!distributed()) return;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::fill(field, field + offset(), nan);
  std::fill(field + offset() + count(), field + rows_ * cols_, nan);
}

}  // namespace pdhg_rd
