// The kernel model's score-matching loss and mixture score as they were
// written before they moved onto the engine's all-pairs kernel (scalar
// std::exp loops), kept so that bench_sgm can time before against after in
// one run. Not used by the plugin.
#include "previous_kernel_model.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>

namespace wprox::sgm {
namespace {

constexpr double kLog2Pi = 1.83787706640934548356;

// Per-component constants shared by every evaluation point.
struct Component {
  Matrix gamma, inverse;
  double half_logdet = 0, trace = 0;
};

std::vector<Component> components(const KernelModel& m, bool with_inverse) {
  std::vector<Component> c(m.size());
  parallel_for(m.size(), [&](long b, long e) {
    for (long i = b; i < e; ++i) {
      Eigen::LLT<Matrix> llt(m.precision[i]);
      if (llt.info() != Eigen::Success)
        throw RunError(0, "kernel model: precision " + std::to_string(i) + " is not positive definite");
      c[i].gamma = m.precision[i];
      c[i].half_logdet = llt.matrixLLT().diagonal().array().log().sum();
      c[i].trace = m.precision[i].trace();
      if (with_inverse) c[i].inverse = llt.solve(Matrix::Identity(m.dim(), m.dim()));
    }
  });
  return c;
}

}  // namespace

// Derivation of the gradient (per loss point x; r_i = x - Z_i, g_i = Gamma_i r_i):
//   J = 2 sum_i w_i a_i - |gbar|^2,  a_i = |g_i|^2 - tr Gamma_i,  gbar = sum_i w_i g_i,
//   l_i = log w_i + const = half logdet Gamma_i - r_i^T g_i / 2,
//   dw_i = w_i (dl_i - sum_j w_j dl_j).
// Collecting the dw terms with c_i = 2 a_i - 2 gbar.g_i, cbar = sum_j w_j c_j:
//   dJ/dGamma_i = w_i [ (c_i - cbar)/2 (Gamma_i^{-1} - r_i r_i^T)
//                       + 2 (2 g_i r_i^T - I) - 2 gbar r_i^T ]   (=: G_i)
// and with Gamma = L L^T + delta I, dJ/dL = (G + G^T) L (lower part kept).
namespace {

// D > 0: the dimension as a compile-time constant, so that the small loops
// over coordinates unroll (2-D data is the common case); D = 0: any d.
template <int D>
double score_matching_loss_impl(const KernelModel& m, const Particles& X, const RowMatrix& packed_L, RowMatrix* dL) {
  const int d = D > 0 ? D : m.dim();
  const long B = X.rows(), N = m.size();
  WPROX_REQUIRE(X.cols() == d, DimensionMismatch,
                "score-matching loss: points have " << X.cols() << " coordinates, the model " << d);
  const auto comp = components(m, dL != nullptr);
  // The hot loops run over contiguous copies with no allocation per pair.
  std::vector<double> gam(N * d * d), half_logdet(N), trace(N);
  for (long i = 0; i < N; ++i) {
    Eigen::Map<RowMatrix>(&gam[i * d * d], d, d) = comp[i].gamma;
    half_logdet[i] = comp[i].half_logdet;
    trace[i] = comp[i].trace;
  }
  const double* Z = m.centres.data();
  // g = Gamma_i (x - Z_i) into g, r into r; returns r.g
  auto apply = [&](long i, const double* x, double* r, double* g) {
    for (int p = 0; p < d; ++p) r[p] = x[p] - Z[i * d + p];
    double q = 0;
    for (int p = 0; p < d; ++p) {
      const double* row = &gam[(i * d + p) * d];
      double s = 0;
      for (int c = 0; c < d; ++c) s += row[c] * r[c];
      g[p] = s;
      q += r[p] * s;
    }
    return q;
  };

  RowMatrix W(B, N);     // softmax weights
  Particles gbar(B, d);  // sum_i w_i g_i per point
  Vector cbar(B), J(B);
  parallel_for(B, [&](long b0, long b1) {
    std::vector<double> a(N), g(N * d), r(d);
    for (long b = b0; b < b1; ++b) {
      const double* x = X.row(b).data();
      double* w = W.row(b).data();
      double top = -std::numeric_limits<double>::infinity();
      for (long i = 0; i < N; ++i) {
        const double q = apply(i, x, r.data(), &g[i * d]);
        double gg = 0;
        for (int p = 0; p < d; ++p) gg += g[i * d + p] * g[i * d + p];
        a[i] = gg - trace[i];
        w[i] = half_logdet[i] - 0.5 * q;
        top = std::max(top, w[i]);
      }
      double total = 0;
      for (long i = 0; i < N; ++i) total += (w[i] = std::exp(w[i] - top));
      double A = 0;
      double* gb = gbar.row(b).data();
      for (int p = 0; p < d; ++p) gb[p] = 0;
      for (long i = 0; i < N; ++i) {
        w[i] /= total;
        A += w[i] * a[i];
        for (int p = 0; p < d; ++p) gb[p] += w[i] * g[i * d + p];
      }
      double gb2 = 0, cb = 0;
      for (int p = 0; p < d; ++p) gb2 += gb[p] * gb[p];
      for (long i = 0; i < N; ++i) {
        double dot = 0;
        for (int p = 0; p < d; ++p) dot += gb[p] * g[i * d + p];
        cb += w[i] * (2.0 * a[i] - 2.0 * dot);
      }
      J[b] = 2.0 * A - gb2;
      cbar[b] = cb;
    }
  });
  const double loss = deterministic_sum(B, [&](long b) { return J[b]; }) / double(B);
  if (!dL) return loss;

  const int P = packed_size(d);
  dL->resize(N, P);
  parallel_for(N, [&](long i0, long i1) {
    std::vector<double> r(d), g(d), u(d);
    Matrix G(d, d);
    for (long i = i0; i < i1; ++i) {
      G.setZero();
      double inverse_coeff = 0, identity_coeff = 0;
      for (long b = 0; b < B; ++b) {
        const double w = W(b, i);
        if (w == 0.0) continue;
        apply(i, X.row(b).data(), r.data(), g.data());
        const double* gb = gbar.row(b).data();
        double gg = 0, dot = 0;
        for (int p = 0; p < d; ++p) {
          gg += g[p] * g[p];
          dot += gb[p] * g[p];
        }
        const double half_dc = 0.5 * (2.0 * (gg - trace[i]) - 2.0 * dot - cbar[b]);
        inverse_coeff += w * half_dc;
        identity_coeff -= 2.0 * w;
        for (int p = 0; p < d; ++p) u[p] = w * (4.0 * g[p] - 2.0 * gb[p] - half_dc * r[p]);
        for (int c = 0; c < d; ++c)
          for (int p = 0; p < d; ++p) G(p, c) += u[p] * r[c];
      }
      G += inverse_coeff * comp[i].inverse;
      G.diagonal().array() += identity_coeff;
      G /= double(B);
      const Matrix L = unpack_lower(packed_L.row(i).data(), d);
      const Matrix dLi = (G + G.transpose()) * L;
      for (int rr = 0, k = 0; rr < d; ++rr)
        for (int c = 0; c <= rr; ++c) (*dL)(i, k++) = dLi(rr, c);
    }
  });
  return loss;
}

}  // namespace

double score_matching_loss_previous(const KernelModel& m, const Particles& X, const RowMatrix& packed_L,
                                    RowMatrix* dL) {
  switch (m.dim()) {
    case 2: return score_matching_loss_impl<2>(m, X, packed_L, dL);
    case 6: return score_matching_loss_impl<6>(m, X, packed_L, dL);
    default: return score_matching_loss_impl<0>(m, X, packed_L, dL);
  }
}

void mixture_score_previous(const KernelModel& model_, const std::vector<Matrix>& vectors_,
                            const std::vector<Vector>& values_, double beta_, const Particles& Y, double tau,
                            Particles& out) {
  const long N = model_.size();
  const int d = model_.dim();
  const double s = beta_ * beta_ * tau;
  // Gamma_tau,i row-major and contiguous, with half log det, for the hot loop.
  std::vector<double> gam(N * d * d);
  Vector half_logdet(N);
  for (long i = 0; i < N; ++i) {
    const Vector lam = (values_[i].array() / (1.0 + s * values_[i].array())).matrix();
    Eigen::Map<RowMatrix>(&gam[i * d * d], d, d) = vectors_[i] * lam.asDiagonal() * vectors_[i].transpose();
    half_logdet[i] = 0.5 * lam.array().log().sum();
  }
  const double* Z = model_.centres.data();
  out.resize(Y.rows(), d);
  parallel_for(Y.rows(), [&](long b, long e) {
    std::vector<double> logw(N), g(N * d), r(d);
    for (long k = b; k < e; ++k) {
      const double* y = Y.row(k).data();
      double top = -std::numeric_limits<double>::infinity();
      for (long i = 0; i < N; ++i) {
        for (int p = 0; p < d; ++p) r[p] = y[p] - Z[i * d + p];
        double q = 0;
        for (int p = 0; p < d; ++p) {
          const double* row = &gam[(i * d + p) * d];
          double acc = 0;
          for (int c = 0; c < d; ++c) acc += row[c] * r[c];
          g[i * d + p] = acc;
          q += r[p] * acc;
        }
        logw[i] = half_logdet[i] - 0.5 * q;
        top = std::max(top, logw[i]);
      }
      double total = 0;
      for (int p = 0; p < d; ++p) out(k, p) = 0;
      for (long i = 0; i < N; ++i) {
        const double w = std::exp(logw[i] - top);
        total += w;
        for (int p = 0; p < d; ++p) out(k, p) += w * g[i * d + p];
      }
      for (int p = 0; p < d; ++p) out(k, p) *= -s / total;
    }
  });
}

}  // namespace wprox::sgm
