#include "wprox/potential.hpp"

#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"

namespace wprox {

void evaluate(const Potential& V, const Particles& X, Vector* values, Particles* gradients) {
  const int d = V.dim();
  WPROX_REQUIRE(X.cols() == d, DimensionMismatch,
                "particles have dimension " << X.cols() << " but the potential has dimension " << d);
  const long n = X.rows();
  if (values) values->resize(n);
  if (gradients) gradients->resize(n, d);
  parallel_for(
      n,
      [&](long b, long e) {
        for (long i = b; i < e; ++i) {
          const double* x = X.row(i).data();
          if (gradients && values) {
            (*values)[i] = V.value_and_gradient(x, gradients->row(i).data());
          } else if (gradients) {
            V.gradient(x, gradients->row(i).data());
          } else if (values) {
            (*values)[i] = V.value(x);
          }
        }
      },
      64);
}

}  // namespace wprox
