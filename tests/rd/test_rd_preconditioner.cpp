// The block preconditioner M (X on the diagonal, -I below) and its sweeps.
// All checks are identities that hold in exact arithmetic; the tolerance is
// round-off: each spectral application has relative error ~ 1e-16 log2(n^2)
// times the symbol's condition (here < 10), and a sweep chains at most
// 2 nt of them, so 1e-12 relative is a safe margin that a wrong sweep
// (an O(1) error) cannot meet.
#include <algorithm>
#include <memory>
#include <numeric>

#include "bidiagonal_preconditioner.hpp"

#include "rd_support.hpp"

namespace {

using wprox::BidiagonalPreconditioner;
using wprox::Boundary;
using wprox::TensorGrid;

std::unique_ptr<BidiagonalPreconditioner> make(Boundary b, int nt) {
  const TensorGrid g = TensorGrid::square(16, 2.0, b);
  auto t = wprox::serial_slab_transform(g);
  // An Allen–Cahn-like symbol 1 - ht (eps lambda - 2/eps): between 1.2 and ~6.
  std::vector<double> xhat = t->laplacian_symbol();
  for (double& l : xhat) l = 1.0 - 0.01 * (0.1 * l - 20.0);
  return std::make_unique<BidiagonalPreconditioner>(t, xhat, nt);
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

}  // namespace

TEST_CASE("rd preconditioner: sweeps invert M, M^T and M M^T") {
  for (Boundary b : {Boundary::Periodic, Boundary::Neumann}) {
    for (int nt : {1, 2, 4}) {
      CAPTURE(wprox::to_string(b));
      CAPTURE(nt);
      auto P = make(b, nt);
      const long N = P->size();
      const std::vector<double> z = rdtest::wiggly(N, 0.3), x = rdtest::wiggly(N, 1.1);
      std::vector<double> y(N), back(N), w(N), w2(N), tmp(N);

      P->apply_m(z.data(), y.data());
      P->solve_m(y.data(), back.data());
      CHECK(rdtest::max_abs_diff(back, z) <= 1e-12 * rdtest::max_abs(z));

      // M^{-T} is the adjoint of M^{-1}: <M^{-T} z, x> = <z, M^{-1} x>.
      P->solve_mt(z.data(), w.data());
      P->solve_m(x.data(), tmp.data());
      const double scale = std::sqrt(dot(z, z) * dot(x, x));
      CHECK(std::fabs(dot(w, x) - dot(z, tmp)) <= 1e-12 * scale);

      // G^{-1} = M^{-T} M^{-1}, and it inverts M M^T.
      P->solve_g(z.data(), w.data());
      P->solve_m(z.data(), tmp.data());
      P->solve_mt(tmp.data(), w2.data());
      CHECK(rdtest::max_abs_diff(w, w2) <= 1e-12 * rdtest::max_abs(w2));

      // In place (in == out) gives the same as out of place.
      std::vector<double> inplace = z;
      P->solve_g(inplace.data(), inplace.data());
      CHECK(rdtest::max_abs_diff(inplace, w) <= 1e-14 * rdtest::max_abs(w));
      inplace = y;
      P->solve_m(inplace.data(), inplace.data());
      CHECK(rdtest::max_abs_diff(inplace, z) <= 1e-12 * rdtest::max_abs(z));
    }
  }
}

// G^{-1} on the slots' spectra (each slot transformed once, mode-wise
// sweeps, in blocks as a solver calls it, slots padded apart) against the
// slot-by-slot sweeps M^{-T} M^{-1} in real space: the same operator.
TEST_CASE("rd preconditioner: G^{-1} in the spectrum equals the real-space sweeps") {
  for (Boundary b : {Boundary::Periodic, Boundary::Neumann}) {
    for (int nt : {1, 3, 5}) {
      CAPTURE(wprox::to_string(b));
      CAPTURE(nt);
      auto P = make(b, nt);
      const wprox::SlabTransform& t = P->transform();
      const long m = P->slot_size(), S = t.spectrum_size(), stride = S + 5;
      const std::vector<double> z = rdtest::wiggly(P->size(), 0.7);
      std::vector<double> w(z.size()), tmp(z.size()), spectra(std::size_t(stride * nt)), back(z.size());
      P->solve_m(z.data(), tmp.data());
      P->solve_mt(tmp.data(), w.data());
      for (int i = 0; i < nt; ++i) t.forward(z.data() + i * m, spectra.data() + i * stride);
      for (long v0 = 0; v0 < S; v0 += 37) P->solve_g_spectrum(spectra.data(), stride, v0, std::min(S, v0 + 37));
      for (int i = 0; i < nt; ++i) {
        double* s = spectra.data() + i * stride;
        for (long v = 0; v < S; ++v) s[v] *= t.scale();
        t.inverse(s, back.data() + i * m);
      }
      CHECK(rdtest::max_abs_diff(back, w) <= 1e-12 * rdtest::max_abs(w));
    }
  }
}

TEST_CASE("rd preconditioner: refuses a non-positive symbol") {
  const TensorGrid g = TensorGrid::square(8, 1.0, wprox::Boundary::Periodic);
  auto t = wprox::serial_slab_transform(g);
  std::vector<double> xhat(std::size_t(t->local_modes()), 1.0);
  xhat[3] = 0.0;
  CHECK_THROWS_AS(BidiagonalPreconditioner(t, xhat, 1), wprox::InputError);
  CHECK_THROWS_AS(BidiagonalPreconditioner(t, std::vector<double>(5, 1.0), 1), wprox::DimensionMismatch);
}
