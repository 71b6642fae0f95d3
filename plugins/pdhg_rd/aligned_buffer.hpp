#pragma once
// Fields aligned to 64 bytes (a cache line, and any SIMD width): the FFTW
// plans of wprox::SpectralTransform are made for aligned arrays, and apply()
// copies an array of another alignment through scratch before and after
// the transform.
#include <cstddef>
#include <new>
#include <vector>

namespace pdhg_rd {

template <class T>
struct AlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
  void deallocate(T* p, std::size_t) { ::operator delete(p, kAlign); }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const {
    return true;
  }
  template <class U>
  bool operator!=(const AlignedAllocator<U>&) const {
    return false;
  }
};

using AlignedField = std::vector<double, AlignedAllocator<double>>;

}  // namespace pdhg_rd
