#pragma once
// exp(x) for x <= 0 in plain arithmetic, so that loops calling it vectorize
// (std::exp is a library call the compiler cannot vectorize).
//
// Cody-Waite reduction to |r| <= ln2/2 and a degree-13 Taylor polynomial
// (truncation 6e-18 relative), so the result is within a few ulp of
// std::exp. Also -inf -> 0 and NaN -> NaN. Below -708 the result would be
// subnormal; it is flushed to 0, which the kernel paths rely on only where a
// sum that is >= 1 absorbs it (terms < 1e-308 cannot change a double).
//
// Inline code compiled once per SIMD target: it lives in the target's
// namespace (WPROX_SIMD_NS, see wprox/simd_region_begin.hpp), so the copies never merge.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <initializer_list>

#include <wprox/simd_region_begin.hpp>

namespace wprox::kernel_detail::WPROX_SIMD_NS {

// p * 2^n, where the low bits of t (the shifted x log2 e) hold n, and +0
// where x < -708 (also at -inf): the last step of both exponentials below.
inline double scale_by_exponent(double p, double t, double x) {
  // Move n + 1023 into the exponent field.
  std::uint64_t bits;
  std::memcpy(&bits, &t, sizeof bits);
  bits = (bits + 1023) << 52;
  double scale;
  std::memcpy(&scale, &bits, sizeof scale);
  const double y = p * scale;
  std::uint64_t ybits;
  std::memcpy(&ybits, &y, sizeof ybits);
  ybits &= -std::uint64_t(!(x < -708.0));  // all ones, also for NaN
  double out;
  std::memcpy(&out, &ybits, sizeof out);
  return out;
}

inline double exp_nonpositive(double x) {
  // No clamp of x and no ?: on doubles: below -708 (and at -inf) the
  // arithmetic gives garbage that a bit mask replaces by +0 at the end. A
  // clamp or a select on doubles lets GCC specialize or sink the polynomial
  // into a branch, and a loop with a branch is not vectorized on targets
  // without masked instructions (SSE2, AVX2).
  const double xc = x;
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShifter = 6755399441055744.0;  // 1.5 * 2^52: rounds to an integer
  const double t = xc * kLog2e + kShifter;
  const double n = t - kShifter;
  const double r = (xc - n * kLn2Hi) - n * kLn2Lo;
  // Taylor coefficients 1/k!, k = 13 down to 0.
  double p = 1.6059043836821613e-10;
  p = p * r + 2.08767569878681e-09;
  p = p * r + 2.505210838544172e-08;
  p = p * r + 2.755731922398589e-07;
  p = p * r + 2.7557319223985893e-06;
  p = p * r + 2.48015873015873e-05;
  p = p * r + 0.0001984126984126984;
  p = p * r + 0.001388888888888889;
  p = p * r + 0.008333333333333333;
  p = p * r + 0.041666666666666664;
  p = p * r + 0.16666666666666666;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  return scale_by_exponent(p, t, x);
}

// a * b + c with the rounding spelled out: one rounding (fused) where the
// target has FMA, two otherwise. Code compiled without implicit contraction
// (-ffp-contract=off) and written with this gives the same bits whether the
// compiler vectorizes a loop or not, and in every function that repeats a
// computation: what the symmetric kernel path needs to rebuild a row's sums
// elsewhere (kernel_sum_rows). Plain a * b + c under the compiler's default
// contraction may be fused in one place and not in another. (__FMA__
// follows the target region's pragma.)
inline double fused_mul_add(double a, double b, double c) {
#ifdef __FMA__
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

// exp_nonpositive() with every multiply-add written as fused_mul_add().
inline double exp_nonpositive_fused(double x) {
  constexpr double kLog2e = 1.4426950408889634;
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShifter = 6755399441055744.0;
  const double t = fused_mul_add(x, kLog2e, kShifter);
  const double n = t - kShifter;
  const double r = fused_mul_add(-n, kLn2Lo, fused_mul_add(-n, kLn2Hi, x));
  double p = 1.6059043836821613e-10;
  for (double coefficient : {2.08767569878681e-09, 2.505210838544172e-08, 2.755731922398589e-07,
                             2.7557319223985893e-06, 2.48015873015873e-05, 0.0001984126984126984,
                             0.001388888888888889, 0.008333333333333333, 0.041666666666666664,
                             0.16666666666666666, 0.5, 1.0, 1.0})
    p = fused_mul_add(p, r, coefficient);
  return scale_by_exponent(p, t, x);
}

}  // namespace wprox::kernel_detail::WPROX_SIMD_NS

#include <wprox/simd_region_end.hpp>
