#include "kernel_model.hpp"

#include <algorithm>
#include <cmath>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <wprox/errors.hpp>
#include <wprox/kernel.hpp>
#include <wprox/parallel.hpp>
#include <wprox/random.hpp>

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

// The mixture as kernel sources: centres with precisions Gamma_i and log
// weights b_i = log det(Gamma_i)^{1/2}, so that w_i ∝ N(x; Z_i, Gamma_i^{-1}).
// `trace` (N x 1) is averaged by the kernel's mean: sum_i w_i tr Gamma_i.
struct MixtureSources {
  std::vector<Matrix> gamma;
  Vector half_logdet;
  RowMatrix trace;
};

MixtureSources mixture_sources(const std::vector<Component>& c) {
  MixtureSources s;
  const long n = long(c.size());
  s.gamma.resize(n);
  s.half_logdet.resize(n);
  s.trace.resize(n, 1);
  for (long i = 0; i < n; ++i) {
    s.gamma[i] = c[i].gamma;
    s.half_logdet[i] = c[i].half_logdet;
    s.trace(i, 0) = c[i].trace;
  }
  return s;
}

// lse, pull (= -grad log pi), pull_sq and the mean trace at the rows of X,
// and the weights when asked.
KernelResult mixture_kernel(const KernelModel& m, const MixtureSources& s, const Particles& X, bool weights) {
  KernelRequest req;
  req.lse = req.pull = req.pull_sq = req.mean = true;
  req.values = &s.trace;
  req.weights = weights;
  KernelResult r;
  kernel_sum(X, KernelSources::with_precisions(m.centres, s.gamma, s.half_logdet), req, r);
  return r;
}

}  // namespace

Matrix unpack_lower(const double* packed, int d) {
  Matrix L = Matrix::Zero(d, d);
  for (int r = 0, k = 0; r < d; ++r)
    for (int c = 0; c <= r; ++c) L(r, c) = packed[k++];
  return L;
}

KernelModel make_model(const Particles& centres, const RowMatrix& packed_L, double delta) {
  const int d = int(centres.cols());
  WPROX_REQUIRE(packed_L.rows() == centres.rows() && packed_L.cols() == packed_size(d), DimensionMismatch,
                "kernel model: " << centres.rows() << " centres in " << d << "-D need " << centres.rows() << " x "
                                 << packed_size(d) << " factor entries, got " << packed_L.rows() << " x "
                                 << packed_L.cols());
  KernelModel m{centres, std::vector<Matrix>(centres.rows())};
  for (long i = 0; i < m.size(); ++i) {
    const Matrix L = unpack_lower(packed_L.row(i).data(), d);
    m.precision[i] = L * L.transpose() + delta * Matrix::Identity(d, d);
  }
  return m;
}

KernelModel heat_flow(const KernelModel& m, double beta, double tau) {
  KernelModel out{m.centres, std::vector<Matrix>(m.size())};
  parallel_for(m.size(), [&](long b, long e) {
    for (long i = b; i < e; ++i) {
      Eigen::SelfAdjointEigenSolver<Matrix> eig(m.precision[i]);
      const Vector lam = eig.eigenvalues();
      const Vector flowed = (lam.array() / (1.0 + beta * beta * tau * lam.array())).matrix();
      out.precision[i] = eig.eigenvectors() * flowed.asDiagonal() * eig.eigenvectors().transpose();
    }
  });
  return out;
}

PointEval evaluate_point(const KernelModel& m, const double* x) {
  const int d = m.dim();
  const Particles X = Eigen::Map<const Particles>(x, 1, d);
  const KernelResult r = mixture_kernel(m, mixture_sources(components(m, false)), X, false);
  PointEval out;
  out.log_density = r.lse[0] - std::log(double(m.size())) - 0.5 * d * kLog2Pi;
  out.grad_log = -r.pull.row(0).transpose();
  out.laplacian_ratio = r.pull_sq[0] - r.mean(0, 0);
  return out;
}

// Derivation of the gradient (per loss point x; r_i = x - Z_i, g_i = Gamma_i r_i):
//   J = 2 sum_i w_i a_i - |gbar|^2,  a_i = |g_i|^2 - tr Gamma_i,  gbar = sum_i w_i g_i,
//   l_i = log w_i + const = half logdet Gamma_i - r_i^T g_i / 2,
//   dw_i = w_i (dl_i - sum_j w_j dl_j).
// Collecting the dw terms with c_i = 2 a_i - 2 gbar.g_i, cbar = sum_j w_j c_j:
//   dJ/dGamma_i = w_i [ (c_i - cbar)/2 (Gamma_i^{-1} - r_i r_i^T)
//                       + 2 (2 g_i r_i^T - I) - 2 gbar r_i^T ]   (=: G_i)
// and with Gamma = L L^T + delta I, dJ/dL = (G + G^T) L (lower part kept).
namespace {

// The per-block partials of dL for the loss of score_matching_loss() (see
// the derivation above), from the kernel's weights and pulls: for block j
// and centre i, G = sum_b w (4 g - 2 gbar - half_dc r) r^T and the
// coefficients sum_b w half_dc and -2 sum_b w, each summed over the block's
// points in order. D > 0: the dimension as a compile-time constant, so the
// small per-pair loops unroll (2-D data is the common case).
template <int D>
void block_partials(const KernelModel& m, const std::vector<Component>& comp, const Particles& X,
                    const KernelResult& k, const Vector& cbar, std::vector<double>& out) {
  const int d = D > 0 ? D : m.dim();
  const long B = X.rows(), N = m.size(), blocks = loss_blocks(B), width = partial_width(d);
  const RowMatrix& W = k.weights;
  out.assign(std::size_t(blocks * N * width), 0.0);
  parallel_for(N, [&](long i0, long i1) {
    std::vector<double> r(d), g(d), u(d);
    for (long i = i0; i < i1; ++i) {
      const double* zi = m.centres.row(i).data();
      const Matrix& gam = comp[i].gamma;
      for (long j = 0; j < blocks; ++j) {
        double* G = out.data() + (j * N + i) * width;
        double inverse_coeff = 0, identity_coeff = 0;
        for (long b = j * kLossBlock, end = std::min(B, (j + 1) * kLossBlock); b < end; ++b) {
          const double w = W(b, i);
          if (w == 0.0) continue;
          const double* x = X.row(b).data();
          const double* gb = k.pull.row(b).data();
          for (int p = 0; p < d; ++p) r[p] = x[p] - zi[p];
          double gg = 0, dot = 0;
          for (int p = 0; p < d; ++p) {
            double s = 0;
            for (int c = 0; c < d; ++c) s += gam(p, c) * r[c];
            g[p] = s;
            gg += s * s;
            dot += gb[p] * s;
          }
          const double half_dc = 0.5 * (2.0 * (gg - comp[i].trace) - 2.0 * dot - cbar[b]);
          inverse_coeff += w * half_dc;
          identity_coeff -= 2.0 * w;
          for (int p = 0; p < d; ++p) u[p] = w * (4.0 * g[p] - 2.0 * gb[p] - half_dc * r[p]);
          for (int c = 0; c < d; ++c)
            for (int p = 0; p < d; ++p) G[std::size_t(c) * d + p] += u[p] * r[c];  // column-major (p, c)
        }
        G[d * d] = inverse_coeff;
        G[d * d + 1] = identity_coeff;
      }
    }
  });
}

}  // namespace

LossPartials score_matching_partials(const KernelModel& m, const Particles& X, bool gradient) {
  const long B = X.rows();
  WPROX_REQUIRE(X.cols() == m.dim(), DimensionMismatch,
                "score-matching loss: points have " << X.cols() << " coordinates, the model " << m.dim());
  const auto comp = components(m, false);
  LossPartials out;
  out.terms.resize(B);
  if (B == 0) return out;  // a rank without loss points
  // Per loss point b: gbar = sum_i w_i g_i (the pull), A = sum_i w_i a_i =
  // pull_sq - sum_i w_i tr Gamma_i, J = 2 A - |gbar|^2 and
  // cbar = sum_i w_i c_i = 2 A - 2 |gbar|^2.
  const KernelResult k = mixture_kernel(m, mixture_sources(comp), X, gradient);
  Vector cbar(B);
  for (long b = 0; b < B; ++b) {
    const double A = k.pull_sq[b] - k.mean(b, 0), gb2 = k.pull.row(b).squaredNorm();
    out.terms[b] = 2.0 * A - gb2;
    cbar[b] = 2.0 * A - 2.0 * gb2;
  }
  if (!gradient) return out;
  switch (m.dim()) {
    case 2: block_partials<2>(m, comp, X, k, cbar, out.blocks); break;
    case 6: block_partials<6>(m, comp, X, k, cbar, out.blocks); break;
    default: block_partials<0>(m, comp, X, k, cbar, out.blocks); break;
  }
  return out;
}

// dJ/dGamma_i = (sum of the blocks' G + inverse_coeff Gamma_i^{-1} +
// identity_coeff I) / points, and dJ/dL_i = (G_i + G_i^T) L_i.
void score_matching_gradient(const KernelModel& m, const RowMatrix& packed_L, const double* blocks, long points,
                             RowMatrix& dL) {
  const int d = m.dim();
  const long N = m.size(), nb = loss_blocks(points), width = partial_width(d);
  const auto comp = components(m, true);
  dL.resize(N, packed_size(d));
  parallel_for(N, [&](long i0, long i1) {
    std::vector<double> sum(width);
    for (long i = i0; i < i1; ++i) {
      // Block order, starting from block 0's partial itself (not 0 + it).
      std::copy_n(blocks + i * width, width, sum.begin());
      for (long j = 1; j < nb; ++j) {
        const double* part = blocks + (j * N + i) * width;
        for (long q = 0; q < width; ++q) sum[q] += part[q];
      }
      Matrix Gm = Eigen::Map<const Matrix>(sum.data(), d, d);
      Gm += sum[d * d] * comp[i].inverse;
      Gm.diagonal().array() += sum[d * d + 1];
      Gm /= double(points);
      const Matrix L = unpack_lower(packed_L.row(i).data(), d);
      const Matrix dLi = (Gm + Gm.transpose()) * L;
      for (int rr = 0, q = 0; rr < d; ++rr)
        for (int c = 0; c <= rr; ++c) dL(i, q++) = dLi(rr, c);
    }
  });
}

double score_matching_loss(const KernelModel& m, const Particles& X, const RowMatrix& packed_L, RowMatrix* dL) {
  const long B = X.rows();
  const LossPartials p = score_matching_partials(m, X, dL != nullptr);
  const double loss = deterministic_sum(B, [&](long b) { return p.terms[b]; }) / double(B);
  if (dL) score_matching_gradient(m, packed_L, p.blocks.data(), B, *dL);
  return loss;
}

Particles sample_model(const KernelModel& m, long count, StreamKey key) {
  const int d = m.dim();
  std::vector<Eigen::LLT<Matrix>> chol(m.size());
  for (long i = 0; i < m.size(); ++i) chol[i].compute(m.precision[i]);
  Particles Y(count, d);
  parallel_for(count, [&](long b, long e) {
    Vector xi(d);
    for (long k = b; k < e; ++k) {
      RandomStream rs(key, std::uint64_t(k));
      const long i = long(rs.bits() % std::uint64_t(m.size()));
      rs.normal(xi.data(), d);
      // Gamma = C C^T (C = chol lower), Cov = Gamma^{-1} = C^{-T} C^{-1}: x = Z + C^{-T} xi.
      Y.row(k) = m.centres.row(i) + chol[i].matrixU().solve(xi).transpose();
    }
  });
  return Y;
}

}  // namespace wprox::sgm
