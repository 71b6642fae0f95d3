// kernel_paths(): the SIMD target's copy of the kernel paths
// (kernel_paths.hpp), for every entry point.
#include "kernel_paths.hpp"
#include "wprox/simd.hpp"

namespace wprox::kernel_detail {

namespace {
#define WPROX_KERNEL_TABLE(ns)                                                                                \
  KernelPaths {                                                                                               \
    ns::isotropic_general, ns::isotropic_symmetric, ns::isotropic_symmetric_rows, ns::general_kernel,         \
        ns::nearest_rows, ns::symmetric_ring_own, ns::symmetric_ring_block, ns::symmetric_ring_finish,       \
        ns::general_ring_start, ns::general_ring_block, ns::general_ring_finish                               \
  }
const KernelPaths kSse2 = WPROX_KERNEL_TABLE(sse2);
const KernelPaths kAvx2 = WPROX_KERNEL_TABLE(avx2);
const KernelPaths kAvx512 = WPROX_KERNEL_TABLE(avx512);
#undef WPROX_KERNEL_TABLE
}  // namespace

const KernelPaths& kernel_paths() {
  switch (simd_target()) {
    case SimdTarget::avx512: return kAvx512;
    case SimdTarget::avx2: return kAvx2;
    case SimdTarget::sse2: break;
  }
  return kSse2;
}

}  // namespace wprox::kernel_detail
