#include "models.hpp"

#include <wprox/simd.hpp>

namespace rd {

// The target is read once per model: a model keeps the copy it was made with.
std::shared_ptr<const wprox::ReactionDiffusionModel> make_model(ModelKind kind, const wprox::TensorGrid& grid,
                                                                double eps, double mu) {
  switch (wprox::simd_target()) {
    case wprox::SimdTarget::avx512: return avx512::make_model(kind, grid, eps, mu);
    case wprox::SimdTarget::avx2: return avx2::make_model(kind, grid, eps, mu);
    case wprox::SimdTarget::sse2: break;
  }
  return sse2::make_model(kind, grid, eps, mu);
}

}  // namespace rd
