#include "wprox/stencil.hpp"

namespace wprox {

void laplacian(const TensorGrid& g, const double* u, double* out) {
  for_each_laplacian(g, u, [out](long c, double lap) { out[c] = lap; });
}

}  // namespace wprox
