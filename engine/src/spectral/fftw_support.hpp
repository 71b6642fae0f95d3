#pragma once
// Internal to libwprox (not installed): what every FFTW-based transform in
// the engine shares.
#include <fftw3.h>

#include <cstddef>
#include <mutex>

namespace wprox::fftw {

// FFTW's planner keeps global state and is not thread-safe: every plan made
// or destroyed anywhere in libwprox takes this one lock.
std::mutex& planner_mutex();

// Memory from fftw_malloc (the alignment FFTW's SIMD code wants).
class Buffer {
 public:
  explicit Buffer(std::size_t bytes);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  double* real() { return static_cast<double*>(p_); }
  fftw_complex* cplx() { return static_cast<fftw_complex*>(p_); }

 private:
  void* p_;
};

// Per-thread scratch, grown on demand and reused across calls (allocating
// fresh n x n buffers on every transform costs as much as the FFTs at
// n >= 128). Two independent buffers per thread: `real` for grid data,
// `spectrum` for transform coefficients. Valid until the same thread asks
// for the same buffer again.
double* scratch_real(std::size_t doubles);
fftw_complex* scratch_spectrum(std::size_t complex_values);
double* scratch_spectrum_real(std::size_t doubles);

}  // namespace wprox::fftw
