#include "fftw_support.hpp"

#include <algorithm>
#include <memory>
#include <new>

namespace wprox::fftw {

std::mutex& planner_mutex() {
  static std::mutex m;
  return m;
}

Buffer::Buffer(std::size_t bytes) : p_(fftw_malloc(std::max<std::size_t>(bytes, 1))) {
  if (!p_) throw std::bad_alloc();
}

Buffer::~Buffer() { fftw_free(p_); }

namespace {

struct Scratch {
  std::unique_ptr<Buffer> real, spectrum;
  std::size_t real_bytes = 0, spectrum_bytes = 0;
};

Scratch& scratch() {
  thread_local Scratch s;
  return s;
}

Buffer& grow(std::unique_ptr<Buffer>& b, std::size_t& have, std::size_t need) {
  if (have < need) {
    b.reset();
    b = std::make_unique<Buffer>(need);
    have = need;
  }
  return *b;
}

}  // namespace

double* scratch_real(std::size_t doubles) {
  Scratch& s = scratch();
  return grow(s.real, s.real_bytes, doubles * sizeof(double)).real();
}

fftw_complex* scratch_spectrum(std::size_t complex_values) {
  Scratch& s = scratch();
  return grow(s.spectrum, s.spectrum_bytes, complex_values * sizeof(fftw_complex)).cplx();
}

double* scratch_spectrum_real(std::size_t doubles) {
  Scratch& s = scratch();
  return grow(s.spectrum, s.spectrum_bytes, doubles * sizeof(double)).real();
}

}  // namespace wprox::fftw
