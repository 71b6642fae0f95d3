#include "fit.hpp"

#include <cmath>

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>
#include <wprox/random.hpp>

#include "paths.hpp"

namespace wprox::mfc {

void validate(const FitSettings& s) {
  WPROX_REQUIRE(s.width >= 1 && s.width <= 1024, InputError,
                "mfc: width = " << s.width << " is out of range; allowed: 1..1024");
  WPROX_REQUIRE(s.depth >= 1 && s.depth <= 16, InputError,
                "mfc: depth = " << s.depth << " is out of range; allowed: 1..16");
  WPROX_REQUIRE(s.lr > 0 && std::isfinite(s.lr), InputError, "mfc: lr = " << s.lr << " is out of range; allowed: > 0");
  WPROX_REQUIRE(s.lr_final > 0 && std::isfinite(s.lr_final), InputError,
                "mfc: lr_final = " << s.lr_final << " is out of range; allowed: > 0");
  WPROX_REQUIRE(s.fit_iterations >= 1, InputError,
                "mfc: fit_iterations = " << s.fit_iterations << " is out of range; allowed: >= 1");
  WPROX_REQUIRE(s.batch >= 1, InputError, "mfc: batch = " << s.batch << " is out of range; allowed: >= 1");
}

ValueFitter::ValueFitter(int dim, const FitSettings& s, std::uint64_t seed)
    : s_(s),
      seed_(seed),
      net_((validate(s), dim + 1), s.width, s.depth, 1, StreamKey{seed, stream_purpose("mfc.network")}, s.activation),
      adam_(net_.parameter_count(), s.lr) {}

double ValueFitter::fit(const Matrix& inputs, const Vector& y, long outer, double lr) {
  const long n = inputs.cols(), B = s_.batch;
  WPROX_REQUIRE(y.size() == n && inputs.rows() == net_.inputs(), DimensionMismatch,
                "mfc: fit: inputs " << inputs.rows() << " x " << n << ", targets " << y.size());
  adam_.set_lr(lr);
  Matrix Xb(inputs.rows(), B);
  Vector yb(B);
  Mlp::Tape tape;
  const long tail = std::max(1L, s_.fit_iterations / 10);
  double tail_loss = 0;
  for (long j = 0; j < s_.fit_iterations; ++j) {
    parallel_for(
        B,
        [&](long b, long e) {
          for (long m = b; m < e; ++m) {
            RandomStream rs(seed_, kMiniBatch, std::uint64_t(m), std::uint64_t(outer), std::uint64_t(j));
            const long c = long(rs.bits() % std::uint64_t(n));
            Xb.col(m) = inputs.col(c);
            yb[m] = y[c];
          }
        },
        256);
    const Matrix u = net_.forward(Xb, &tape);
    const Matrix r = u - yb.transpose();
    const double loss = r.squaredNorm() / double(B);
    if (j >= s_.fit_iterations - tail) tail_loss += loss / double(tail);
    if (!std::isfinite(loss)) return loss;
    adam_.update(net_.parameters(), net_.backward(tape, (2.0 / double(B)) * r));
  }
  return tail_loss;
}

double ValueFitter::misfit(const Matrix& inputs, const Vector& y) const {
  const Matrix u = net_.forward(inputs);
  const long n = y.size();
  // Fixed-order sum: the same bits for any thread count.
  const double ss = deterministic_sum(n, [&](long m) {
    const double r = u(0, m) - y[m];
    return r * r;
  });
  return std::sqrt(ss / double(n));
}

}  // namespace wprox::mfc
