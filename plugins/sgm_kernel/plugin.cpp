// The sgm_kernel plugin: score-based generative models as Wasserstein
// proximal operators (docs/generative.md): data sets and the two methods.
#include <wprox/sdk.hpp>

#include "datasets.hpp"
#include "methods.hpp"

namespace {
void register_all(wprox::Registry& r) {
  wprox::sgm::register_datasets(r);
  wprox::sgm::register_empirical(r);
  wprox::sgm::register_kernel(r);
}
}  // namespace

WPROX_PLUGIN("sgm_kernel", "0.2.0", register_all)
