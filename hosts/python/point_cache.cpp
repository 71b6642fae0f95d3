#include "point_cache.hpp"

#include <cstring>
#include <mutex>

namespace wprox::python {
namespace {

// FNV-1a over the 64-bit words of the point, finished with a mixer.
std::uint64_t hash_point(const double* x, int d) {
  std::uint64_t h = 1469598103934665603ull;
  for (int j = 0; j < d; ++j) {
    std::uint64_t w;
    std::memcpy(&w, x + j, sizeof w);
    h = (h ^ w) * 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

}  // namespace

std::size_t PointCache::find(const double* x, std::uint64_t h) const {
  const auto range = index_.equal_range(h);
  for (auto it = range.first; it != range.second; ++it)
    if (std::memcmp(&points_[it->second * d_], x, sizeof(double) * d_) == 0) return it->second;
  return npos;
}

bool PointCache::lookup(const double* x, unsigned need, double* value, double* gradient, double* hessian) const {
  const std::uint64_t h = hash_point(x, d_);
  std::shared_lock<std::shared_mutex> lock(mutex_);
  const std::size_t e = find(x, h);
  if (e == npos || (have_[e] & need) != need) return false;
  if (need & kValue) *value = values_[e];
  if (need & kGradient) std::memcpy(gradient, &gradients_[e * d_], sizeof(double) * d_);
  if (need & kHessian) std::memcpy(hessian, &hessians_[e * d_ * d_], sizeof(double) * d_ * d_);
  return true;
}

void PointCache::insert(const double* X, std::size_t n, unsigned have, const double* values, const double* gradients,
                        const double* hessians) {
  const std::size_t d = std::size_t(d_);
  std::unique_lock<std::shared_mutex> lock(mutex_);
  for (std::size_t i = 0; i < n; ++i) {
    const double* x = X + i * d;
    const std::uint64_t h = hash_point(x, d_);
    std::size_t e = find(x, h);
    if (e == npos) {
      e = have_.size();
      index_.emplace(h, e);
      points_.insert(points_.end(), x, x + d);
      values_.push_back(0.0);
      gradients_.resize(gradients_.size() + d);
      have_.push_back(0);
    }
    if (have & kValue) values_[e] = values[i];
    if (have & kGradient) std::memcpy(&gradients_[e * d], gradients + i * d, sizeof(double) * d);
    if (have & kHessian) {
      if (hessians_.size() < (e + 1) * d * d) hessians_.resize(have_.size() * d * d);
      std::memcpy(&hessians_[e * d * d], hessians + i * d * d, sizeof(double) * d * d);
    }
    have_[e] |= have;
  }
}

void PointCache::clear() {
  std::unique_lock<std::shared_mutex> lock(mutex_);
  index_.clear();
  points_.clear();
  values_.clear();
  gradients_.clear();
  hessians_.clear();
  have_.clear();
}

std::size_t PointCache::size() const {
  std::shared_lock<std::shared_mutex> lock(mutex_);
  return have_.size();
}

}  // namespace wprox::python
