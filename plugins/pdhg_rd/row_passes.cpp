#include "row_passes.hpp"

#include <wprox/simd.hpp>

namespace pdhg_rd {

const RowPasses& row_passes() {
  switch (wprox::simd_target()) {
    case wprox::SimdTarget::avx512: return avx512::row_passes;
    case wprox::SimdTarget::avx2: return avx2::row_passes;
    case wprox::SimdTarget::sse2: break;
  }
  return sse2::row_passes;
}

}  // namespace pdhg_rd
