// Mlp: input derivatives of a scalar network by forward mode through the
// layers, and the parameter Jacobian products of those derivatives.
//
// The state of a layer on n samples is one matrix of blocks of n columns:
//   [ a | A_0 ... A_{K-1} | La ],
// the activation, its derivative along each selected input direction k (the
// spatial ones first, then time) and its Laplacian over the spatial ones.
// With z = W a + b, Z_k = W A_k, Lz = W La (one product W [a | A | La]):
//   a' = s(z),  A'_k = s'(z) Z_k,  La' = s'(z) Lz + s''(z) sum_spatial Z_k^2.
// At the input a = x, A_k = e_k, La = 0; the output layer gives u, grad u
// and Lap u in the same blocks. The reverse of this map (for J^T w) and its
// tangent in theta (for J v) use the same blocks, so each layer costs one or
// two matrix products plus elementwise loops.
#include <algorithm>

#include "activation.hpp"
#include "wprox/errors.hpp"
#include "wprox/mlp.hpp"
#include "wprox/parallel.hpp"

namespace wprox {
namespace {

// Directions and blocks of a resolved selection.
struct Blocks {
  long spatial, K, nb;  // nb = 1 + K (+ 1 with the Laplacian) blocks
  bool lap;
  explicit Blocks(const InputSelection& s)
      : spatial(s.count), K(s.count + (s.time >= 0 ? 1 : 0)), nb(1 + K + (s.laplacian ? 1 : 0)), lap(s.laplacian) {}
};

InputSelection resolve(const InputSelection& s, int inputs) {
  WPROX_REQUIRE(s.first >= 0 && s.first <= inputs, InputError,
                "network: selection first = " << s.first << " is not an input (the network has " << inputs << ")");
  InputSelection r = s;
  if (r.count == -1) r.count = inputs - s.first;
  WPROX_REQUIRE(r.count >= 0 && r.first + r.count <= inputs, InputError,
                "network: selection of inputs [" << s.first << ", " << s.first + s.count
                                                 << ") is outside the network's " << inputs << " inputs");
  WPROX_REQUIRE(s.time >= -1 && s.time < inputs, InputError,
                "network: time input " << s.time << " is not an input (the network has " << inputs << ")");
  WPROX_REQUIRE(s.time < r.first || s.time >= r.first + r.count, InputError,
                "network: time input " << s.time << " lies in the spatial inputs [" << r.first << ", "
                                       << r.first + r.count << ")");
  return r;
}

// Copies the output row y (blocks of n columns) into out's columns j0..j0+n,
// adding `bias` to the value.
void unpack(const Matrix& y, long j0, long n, const Blocks& k, double bias, InputJet& out) {
  out.u.segment(j0, n) = y.leftCols(n).transpose().array() + bias;
  for (long i = 0; i < k.spatial; ++i) out.grad.block(i, j0, 1, n) = y.middleCols((1 + i) * n, n);
  if (k.K > k.spatial) out.dt.segment(j0, n) = y.middleCols((1 + k.spatial) * n, n).transpose();
  if (k.lap) out.lap.segment(j0, n) = y.middleCols((1 + k.K) * n, n).transpose();
}

InputJet shaped(const InputSelection& s, long B) {
  InputJet j;
  j.u.resize(B);
  j.grad.resize(s.count, B);
  if (s.time >= 0) j.dt.resize(B);
  if (s.laplacian) j.lap.resize(B);
  return j;
}

}  // namespace

void Mlp::jet_chunk(const Matrix& X, long j0, long n, const InputSelection& sel, JetTape::Chunk& c) const {
  const Blocks k(sel);
  const long hidden = long(layers_.size()) - 1;
  c.S.resize(hidden + 1);
  c.P.resize(hidden);
  c.d1.resize(hidden);
  c.d2.resize(hidden);
  c.d3.resize(hidden);
  c.S[0].setZero(in_, k.nb * n);
  c.S[0].leftCols(n) = X.middleCols(j0, n);
  for (long i = 0; i < k.K; ++i) c.S[0].block(i < k.spatial ? sel.first + i : sel.time, (1 + i) * n, 1, n).setOnes();
  for (long l = 0; l < hidden; ++l) {
    const Layer& L = layers_[l];
    Matrix& P = c.P[l];
    Matrix& S = c.S[l + 1];
    P.noalias() = W(L) * c.S[l];
    P.leftCols(n).colwise() += b(L);
    S.resize(L.rows, k.nb * n);
    c.d1[l].resize(L.rows, n);
    c.d2[l].resize(L.rows, n);
    c.d3[l].resize(L.rows, n);
    const long m = long(L.rows) * n;
    const double* z = P.data();
    double* s = S.data();
    double *d1 = c.d1[l].data(), *d2 = c.d2[l].data(), *d3 = c.d3[l].data();
    for (long i = 0; i < m; ++i) {
      double f[4];
      nn::derivatives(act_, z[i], f);
      s[i] = f[0];
      d1[i] = f[1];
      d2[i] = f[2];
      d3[i] = f[3];
    }
    for (long q = 1; q <= k.K; ++q)
      for (long i = 0; i < m; ++i) s[q * m + i] = d1[i] * z[q * m + i];
    if (k.lap) {
      double* La = s + (1 + k.K) * m;
      const double* Lz = z + (1 + k.K) * m;
      for (long i = 0; i < m; ++i) La[i] = d1[i] * Lz[i];
      for (long q = 1; q <= k.spatial; ++q)
        for (long i = 0; i < m; ++i) La[i] += d2[i] * z[q * m + i] * z[q * m + i];
    }
  }
}

InputJet Mlp::jet(const Matrix& X, const InputSelection& sel, JetTape* tape) const {
  WPROX_REQUIRE(
      out_ == 1, InputError,
      "network: input derivatives (gradient, Laplacian) need a scalar network; this one has " << out_ << " outputs");
  WPROX_REQUIRE(X.rows() == in_, DimensionMismatch, "network: input has " << X.rows() << " rows, expected " << in_);
  const InputSelection s = resolve(sel, in_);
  const Blocks k(s);
  const long B = X.cols(), chunks = (B + kChunk - 1) / kChunk;
  InputJet out = shaped(s, B);
  if (tape) {
    tape->owner_ = this;
    tape->sel_ = s;
    tape->batch_ = B;
    tape->chunks_.resize(chunks);  // a tape reused for batches of one size keeps its memory
  }
  const Layer& Lo = layers_.back();
  const double bias = theta_[Lo.b];
  parallel_for(chunks, [&](long c0, long c1) {
    JetTape::Chunk scratch;
    Matrix y;
    for (long c = c0; c < c1; ++c) {
      const long j0 = c * kChunk, n = std::min(kChunk, B - j0);
      JetTape::Chunk& ck = tape ? tape->chunks_[c] : scratch;
      jet_chunk(X, j0, n, s, ck);
      y.noalias() = W(Lo) * ck.S.back();
      unpack(y, j0, n, k, bias, out);
    }
  });
  return out;
}

void Mlp::check_tape(const JetTape& tape) const {
  WPROX_REQUIRE(tape.owner_ == this, InputError, "network: the jet tape was recorded by another network (or none)");
}

Vector Mlp::jet_vjp(const JetTape& tape, const InputJet& w) const {
  check_tape(tape);
  const InputSelection& s = tape.sel_;
  const Blocks k(s);
  const long B = tape.batch_, chunks = long(tape.chunks_.size());
  auto fits = [&](long size, long expected) { return size == 0 || size == expected; };
  WPROX_REQUIRE(fits(w.u.size(), B), DimensionMismatch,
                "network: weights of u have " << w.u.size() << " entries, the batch " << B);
  WPROX_REQUIRE(w.grad.size() == 0 || (w.grad.rows() == s.count && w.grad.cols() == B), DimensionMismatch,
                "network: weights of the gradient are " << w.grad.rows() << " x " << w.grad.cols() << ", expected "
                                                        << s.count << " x " << B);
  WPROX_REQUIRE(fits(w.dt.size(), s.time >= 0 ? B : 0), DimensionMismatch,
                "network: weights of the time derivative have " << w.dt.size() << " entries, expected "
                                                                << (s.time >= 0 ? B : 0) << " (or none)");
  WPROX_REQUIRE(fits(w.lap.size(), s.laplacian ? B : 0), DimensionMismatch,
                "network: weights of the Laplacian have " << w.lap.size() << " entries, expected "
                                                          << (s.laplacian ? B : 0) << " (or none)");
  if (chunks == 0) return Vector::Zero(theta_.size());
  const long hidden = long(layers_.size()) - 1;
  const Layer& Lo = layers_.back();
  std::vector<Vector> partial(chunks);
  parallel_for(chunks, [&](long c0, long c1) {
    Matrix ybar, Sbar, Pbar;
    for (long c = c0; c < c1; ++c) {
      const JetTape::Chunk& ck = tape.chunks_[c];
      const long j0 = c * kChunk, n = std::min(kChunk, B - j0);
      ybar.setZero(1, k.nb * n);
      if (w.u.size()) ybar.leftCols(n) = w.u.segment(j0, n).transpose();
      if (w.grad.size())
        for (long i = 0; i < k.spatial; ++i) ybar.middleCols((1 + i) * n, n) = w.grad.block(i, j0, 1, n);
      if (w.dt.size()) ybar.middleCols((1 + k.spatial) * n, n) = w.dt.segment(j0, n).transpose();
      if (w.lap.size()) ybar.middleCols((1 + k.K) * n, n) = w.lap.segment(j0, n).transpose();
      Vector& g = partial[c];
      g.resize(theta_.size());
      Eigen::Map<Matrix>(g.data() + Lo.w, Lo.rows, Lo.cols).noalias() = ybar * ck.S[hidden].transpose();
      g[Lo.b] = ybar.leftCols(n).sum();
      Sbar.noalias() = W(Lo).transpose() * ybar;
      for (long l = hidden - 1; l >= 0; --l) {
        const Layer& L = layers_[l];
        const long m = long(L.rows) * n;
        const double *z = ck.P[l].data(), *d1 = ck.d1[l].data(), *d2 = ck.d2[l].data(), *d3 = ck.d3[l].data();
        const double* sb = Sbar.data();
        Pbar.resize(L.rows, k.nb * n);
        double* pb = Pbar.data();
        // Adjoint of a' = s(z), A'_q = s' Z_q, La' = s' Lz + s'' sum Z_q^2.
        for (long i = 0; i < m; ++i) {
          const double lb = k.lap ? sb[(1 + k.K) * m + i] : 0.0;
          double zb = sb[i] * d1[i], sumsq = 0.0;
          for (long q = 1; q <= k.K; ++q) {
            const double Zq = z[q * m + i], Ab = sb[q * m + i];
            double Zb = Ab * d1[i];
            zb += Ab * d2[i] * Zq;
            if (k.lap && q <= k.spatial) {
              Zb += 2.0 * lb * d2[i] * Zq;
              sumsq += Zq * Zq;
            }
            pb[q * m + i] = Zb;
          }
          if (k.lap) {
            zb += lb * (d2[i] * z[(1 + k.K) * m + i] + d3[i] * sumsq);
            pb[(1 + k.K) * m + i] = lb * d1[i];
          }
          pb[i] = zb;
        }
        Eigen::Map<Matrix>(g.data() + L.w, L.rows, L.cols).noalias() = Pbar * ck.S[l].transpose();
        Eigen::Map<Vector>(g.data() + L.b, L.rows) = Pbar.leftCols(n).rowwise().sum();
        if (l > 0) Sbar.noalias() = W(L).transpose() * Pbar;
      }
    }
  });
  Vector grad = partial[0];
  for (long c = 1; c < chunks; ++c) grad += partial[c];
  return grad;
}

InputJet Mlp::jet_jvp(const JetTape& tape, const Vector& v) const {
  check_tape(tape);
  WPROX_REQUIRE(v.size() == theta_.size(), DimensionMismatch,
                "network: direction has " << v.size() << " entries, the network " << theta_.size() << " parameters");
  const InputSelection& s = tape.sel_;
  const Blocks k(s);
  const long B = tape.batch_, chunks = long(tape.chunks_.size()), hidden = long(layers_.size()) - 1;
  const Layer& Lo = layers_.back();
  auto dW = [&](const Layer& L) { return Eigen::Map<const Matrix>(v.data() + L.w, L.rows, L.cols); };
  InputJet out = shaped(s, B);
  parallel_for(chunks, [&](long c0, long c1) {
    Matrix dP, dS, dy;
    for (long c = c0; c < c1; ++c) {
      const JetTape::Chunk& ck = tape.chunks_[c];
      const long j0 = c * kChunk, n = std::min(kChunk, B - j0);
      for (long l = 0; l < hidden; ++l) {
        const Layer& L = layers_[l];
        // The input block S_0 does not depend on theta: dS_0 = 0.
        dP.noalias() = dW(L) * ck.S[l];
        if (l > 0) dP.noalias() += W(L) * dS;
        dP.leftCols(n).colwise() += Eigen::Map<const Vector>(v.data() + L.b, L.rows);
        const long m = long(L.rows) * n;
        const double *z = ck.P[l].data(), *d1 = ck.d1[l].data(), *d2 = ck.d2[l].data(), *d3 = ck.d3[l].data();
        const double* dp = dP.data();
        dS.resize(L.rows, k.nb * n);
        double* ds = dS.data();
        // Tangent of a' = s(z), A'_q = s' Z_q, La' = s' Lz + s'' sum Z_q^2.
        for (long i = 0; i < m; ++i) {
          const double dz = dp[i];
          double sumsq = 0.0, cross = 0.0;
          ds[i] = d1[i] * dz;
          for (long q = 1; q <= k.K; ++q) {
            const double Zq = z[q * m + i], dZq = dp[q * m + i];
            ds[q * m + i] = d2[i] * dz * Zq + d1[i] * dZq;
            if (q <= k.spatial) {
              sumsq += Zq * Zq;
              cross += Zq * dZq;
            }
          }
          if (k.lap) {
            const long at = (1 + k.K) * m + i;
            ds[at] = d2[i] * dz * z[at] + d1[i] * dp[at] + d3[i] * dz * sumsq + 2.0 * d2[i] * cross;
          }
        }
      }
      dy.noalias() = dW(Lo) * ck.S[hidden];
      dy.noalias() += W(Lo) * dS;
      unpack(dy, j0, n, k, v[Lo.b], out);
    }
  });
  return out;
}

}  // namespace wprox
