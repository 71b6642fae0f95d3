#pragma once
// Values of a potential at points, keyed by the exact bits of the point.
//
// A Python potential is evaluated in batches; the engine asks for it point
// by point. The cache is what joins the two: a batch's results go in, and a
// point query is answered when that very point (bit for bit) was in a
// batch. A hit is therefore always the value the callback computed for that
// point, so what lands in the cache only decides speed, never results.
//
// Thread safety: lookups from any number of threads run concurrently;
// insert() and clear() take the cache exclusively.
#include <cstddef>
#include <cstdint>
#include <shared_mutex>
#include <unordered_map>
#include <vector>

#include "channel.hpp"

namespace wprox::python {

class PointCache {
 public:
  explicit PointCache(int dim) : d_(dim) {}

  // Fills the outputs `need` asks for and returns true when the cache holds
  // all of them at x; false (outputs untouched) otherwise.
  bool lookup(const double* x, unsigned need, double* value, double* gradient, double* hessian) const;

  // Stores what `have` says at n points (rows of X, n x d). values: n;
  // gradients: n x d; hessians: n x d x d (row-major), each read only when
  // `have` has its bit. A point already present gains the new outputs.
  void insert(const double* X, std::size_t n, unsigned have, const double* values, const double* gradients,
              const double* hessians);

  void clear();
  std::size_t size() const;

 private:
  std::size_t find(const double* x, std::uint64_t h) const;  // npos when absent
  static constexpr std::size_t npos = std::size_t(-1);

  int d_;
  mutable std::shared_mutex mutex_;
  std::unordered_multimap<std::uint64_t, std::size_t> index_;  // hash -> entry
  std::vector<double> points_, values_, gradients_, hessians_;  // entry-major
  std::vector<unsigned> have_;
};

}  // namespace wprox::python
