#include "wprox/potential.hpp"

#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"

namespace wprox {

void Potential::evaluate_batch(const Particles& X, int parts, PotentialBatch& out) const {
  const int d = dim();
  WPROX_REQUIRE(X.cols() == d, DimensionMismatch,
                "particles have dimension " << X.cols() << " but the potential has dimension " << d);
  const long n = X.rows();
  const bool want_v = parts & kPotentialValue, want_g = parts & kPotentialGradient, want_h = parts & kPotentialHessian;
  out.values.resize(want_v ? n : 0);
  out.gradients.resize(want_g ? n : 0, want_g ? d : 0);
  out.hessians.assign(want_h ? std::size_t(n) * d * d : 0, 0.0);
  out.hessian_ok.assign(want_h ? std::size_t(n) : 0, 0);
  parallel_for(
      n,
      [&](long b, long e) {
        for (long i = b; i < e; ++i) {
          const double* x = X.row(i).data();
          if (want_g && want_v)
            out.values[i] = value_and_gradient(x, out.gradients.row(i).data());
          else if (want_g)
            gradient(x, out.gradients.row(i).data());
          else if (want_v)
            out.values[i] = value(x);
          if (want_h) out.hessian_ok[std::size_t(i)] = hessian(x, &out.hessians[std::size_t(i) * d * d]);
        }
      },
      64);
}

void evaluate(const Potential& V, const Particles& X, Vector* values, Particles* gradients) {
  PotentialBatch b;
  V.evaluate_batch(X, (values ? kPotentialValue : 0) | (gradients ? kPotentialGradient : 0), b);
  if (values) *values = std::move(b.values);
  if (gradients) *gradients = std::move(b.gradients);
}

}  // namespace wprox
