#include "tt_brwp_step.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <sstream>

#include <wprox/kernel.hpp>
#include <wprox/sampling.hpp>

namespace wprox::tt_brwp {

namespace {

constexpr std::uint64_t kCrossSeed = stream_purpose("tt-brwp.cross_seed");

// Per-thread rows for tt_contract.
struct AxisRows {
  std::vector<std::vector<double>> v, dv;
  std::vector<const double*> pv, pdv;
  explicit AxisRows(const std::vector<TTAxis>& axes) {
    for (const TTAxis& a : axes) {
      v.emplace_back(std::size_t(a.size()));
      dv.emplace_back(std::size_t(a.size()));
    }
    for (std::size_t k = 0; k < axes.size(); ++k) {
      pv.push_back(v[k].data());
      pdv.push_back(dv[k].data());
    }
  }
};

// log ∫ Π_k N(u_k; m_k, s_k^2) f(u) du and its gradient in m.
double log_gaussian_average(const TargetGrid& g, const TensorTrain& f, const Vector& m, const Vector& s, AxisRows& rows,
                            double* grad) {
  const int d = f.dim();
  for (int k = 0; k < d; ++k)
    g.interpolants()[std::size_t(k)].gaussian(m[k], s[k], rows.v[std::size_t(k)].data(),
                                               grad ? rows.dv[std::size_t(k)].data() : nullptr);
  // A non-positive average (the train lost the density there) gives NaN.
  const double val = grad ? tt_contract(f, rows.pv, rows.pdv, grad) : tt_contract(f, rows.pv);
  if (!(val > 0)) return std::numeric_limits<double>::quiet_NaN();
  if (grad)
    for (int k = 0; k < d; ++k) grad[k] /= val;
  return std::log(val);
}

}  // namespace

std::uint64_t cross_seed(std::uint64_t seed, std::uint64_t item, long step) {
  return RandomStream(seed, kCrossSeed, item, std::uint64_t(step)).bits();
}

void prepare(const Potential& /*V*/, const TargetModel& model, double T, double beta, EstimateKind kind, bool exact,
             const Particles& X, const Particles& G, long step, StepState& st) {
  st.kind = kind;
  st.exact = exact;
  st.evaluations = 0;
  st.tt_error = 0;
  if (kind == EstimateKind::Particles) {
    const double vmin = st.values.minCoeff(), span = (2.0 / beta) * std::log(1.0 / kReliable);
    st.bulk.assign(std::size_t(X.rows()), 0);
    for (long j = 0; j < X.rows(); ++j) st.bulk[std::size_t(j)] = st.values[j] - vmin <= span ? 1 : 0;
    st.points = estimate_points(X, G, st.curvature, T, step);
    st.clipped = st.points.clipped;
    st.evaluations = st.curvature.evaluations;
    st.centres_u = model.to_frame(st.points.centres);
    return;
  }
  st.gauss = estimate_gaussian(X, T, beta, step);
  st.clipped = st.gauss.clipped;
  const NormalizerConstants nc = normalizer_constants(model.eta, beta, T);
  const Matrix& U = model.frame;
  Matrix Su = U.transpose() * st.gauss.precision * U;
  Su = 0.5 * (Su + Su.transpose());
  const Vector mu_u = U.transpose() * (st.gauss.mean - model.centre);
  st.b0 = Su * mu_u;
  st.lambda = Su;
  st.lambda.diagonal() += Vector::Constant(model.dim(), 2.0 * nc.c) - nc.p;
  if (exact) {
    st.D = st.lambda.diagonal();
  } else {
    st.sigma = st.lambda.llt().solve(Matrix::Identity(model.dim(), model.dim()));
    st.sigma = 0.5 * (st.sigma + st.sigma.transpose());
  }
}

Needs needs(const TargetModel& model, double T, double beta, const Particles& X, const StepState& st) {
  Needs n;
  const NormalizerConstants nc = normalizer_constants(model.eta, beta, T);
  if (st.kind == EstimateKind::Particles) {
    long nb = 0;
    for (char b : st.bulk) nb += b;
    n.means.resize(nb, st.centres_u.cols());
    for (long j = 0, r = 0; j < st.centres_u.rows(); ++j)
      if (st.bulk[std::size_t(j)]) n.means.row(r++) = st.centres_u.row(j);
    n.sd = nc.lambda.cwiseSqrt().cwiseInverse();
    return n;
  }
  const RowMatrix Xu = model.to_frame(X);
  const RowMatrix B = (2.0 * nc.c * Xu).rowwise() + st.b0.transpose();
  if (st.exact) {
    n.means = B * st.D.cwiseInverse().asDiagonal();
    n.sd = st.D.cwiseSqrt().cwiseInverse();
  } else {
    n.means = B * st.sigma;  // Sigma symmetric
    n.sd = st.sigma.diagonal().cwiseSqrt();
  }
  return n;
}

Box1 box_for(const Needs& n, const Vector& centre_sd, double margin) {
  Box1 b;
  b.lo = (n.means.colwise().minCoeff().transpose() - margin * n.sd).cwiseMin(-margin * centre_sd);
  b.hi = (n.means.colwise().maxCoeff().transpose() + margin * n.sd).cwiseMax(margin * centre_sd);
  return b;
}

void build_step(const TargetGrid& g, const Particles& X, double beta, double tol, int max_rank, long step,
                StepState& st) {
  if (st.kind == EstimateKind::Particles) {
    std::vector<char> reliable;
    g.log_normalizer(st.centres_u, st.log_z, &reliable);
    const long N = st.centres_u.rows(), d = st.centres_u.cols();
    const double c = g.c();
    st.laplace = 0;
    for (long j = 0; j < N; ++j) {
      if (reliable[std::size_t(j)]) continue;
      ++st.laplace;
      // V and grad V carried from the particle to its centre by their
      // Taylor expansions, then Laplace in H's eigenbasis.
      const Eigen::Map<const Matrix> axes(st.curvature.axes.row(j).data(), d, d);
      const Vector eta = st.curvature.values.row(j).transpose();
      const Vector delta = axes.transpose() * (st.points.centres.row(j) - X.row(j)).transpose();
      const Vector ge = axes.transpose() * st.grads.row(j).transpose();
      double vc = st.values[j], quad = 0, logdet = 0;
      for (long k = 0; k < d; ++k) {
        vc += ge[k] * delta[k] + 0.5 * eta[k] * delta[k] * delta[k];
        const double gk = ge[k] + eta[k] * delta[k];
        const double a = std::max(0.5 * beta * eta[k], -c) + 2.0 * c;
        quad += gk * gk / a;
        logdet += std::log(a);
      }
      st.log_z[j] = -0.5 * beta * vc + 0.125 * beta * beta * quad - 0.5 * logdet + 0.5 * d * std::log(2.0 * M_PI);
    }
    if (!st.log_z.allFinite()) throw RunError(step, "log Z is not finite at a shrunk particle centre");
    return;
  }
  if (!st.exact) return;
  // r~ = r exp(-u^T O u / 2) on the full grid, O = Lambda - diag(Lambda).
  const RowMatrix P = grid_points(g.axes());
  const std::vector<double>& r = g.inverse_values();
  Matrix O = st.lambda;
  O.diagonal().setZero();
  const long M = P.rows();
  Vector logv(M);
  parallel_for(M, [&](long b, long end) {
    for (long m = b; m < end; ++m) {
      const auto u = P.row(m);
      logv[m] = std::log(r[std::size_t(m)]) - 0.5 * u.dot(O * u.transpose());
    }
  }, 1024);
  const double top = logv.maxCoeff();
  std::vector<double> v(static_cast<std::size_t>(M));
  for (long m = 0; m < M; ++m) v[std::size_t(m)] = std::exp(logv[m] - top);
  double bound = 0;
  st.tilde = tt_svd(g.axes(), v.data(), std::min(tol, kExactTol), 1 << 20, &bound);
  st.evaluations += M;
  st.tt_error = bound;
  if (!(bound <= tol)) {
    std::ostringstream os;
    os << "the TT-SVD of the step's residual r exp(-u^T O u / 2) did not reach cross_tol = " << tol
       << " within max_rank = " << max_rank << " (reached " << bound << ")";
    throw RunError(step, os.str());
  }
}

void score(const TargetGrid& g, const StepState& st, const Particles& X, Particles& grad_log_w, long step,
           RowMatrix* jacobian) {
  const TargetModel& model = g.model();
  const long N = X.rows();
  const int d = model.dim();
  const double c2 = 2.0 * g.c();
  const RowMatrix Xu = model.to_frame(X);
  RowMatrix grad_u(N, d);
  if (st.kind == EstimateKind::Particles) {
    // W(x) = Σ_j exp(-c |x - c_j|^2 - log Z(c_j)): grad log W = 2c (mean_w c - x)
    // and its Jacobian 2c (2c Cov_w(c) - I), from the weighted first and
    // second moments of the centres.
    const long d2 = long(d) * d;
    RowMatrix values(st.centres_u.rows(), d + d2);
    for (long j = 0; j < st.centres_u.rows(); ++j) {
      values.row(j).head(d) = st.centres_u.row(j);
      for (int a = 0; a < d; ++a)
        for (int b = 0; b < d; ++b) values(j, d + a * d + b) = st.centres_u(j, a) * st.centres_u(j, b);
    }
    KernelRequest req;
    req.mean = true;
    req.values = &values;
    KernelResult kr;
    kernel_sum(Xu, KernelSources::isotropic(st.centres_u, g.c(), -st.log_z), req, kr);
    grad_u = c2 * (kr.mean.leftCols(d) - Xu);
    if (jacobian) {
      jacobian->resize(N, d2);
      for (long i = 0; i < N; ++i) {
        Matrix J(d, d);
        for (int a = 0; a < d; ++a)
          for (int b = 0; b < d; ++b)
            J(a, b) = c2 * (c2 * (kr.mean(i, d + a * d + b) - kr.mean(i, a) * kr.mean(i, b)) - (a == b ? 1.0 : 0.0));
        const Matrix Jx = model.frame * (0.5 * (J + J.transpose())) * model.frame.transpose();
        Eigen::Map<Matrix>(jacobian->row(i).data(), d, d) = Jx;
      }
    }
  } else {
    const TensorTrain& f = st.exact ? st.tilde : g.inverse();
    const Vector sd = st.exact ? Vector(st.D.cwiseSqrt().cwiseInverse()) : Vector(st.sigma.diagonal().cwiseSqrt());
    std::atomic<long> lost{-1};
    parallel_for(N, [&](long begin, long end) {
      AxisRows rows(g.axes());
      Vector b(d), m(d), gr(d);
      for (long i = begin; i < end; ++i) {
        b = st.b0 + c2 * Xu.row(i).transpose();
        m = st.exact ? Vector(b.cwiseQuotient(st.D)) : Vector(st.sigma * b);
        const double lv = log_gaussian_average(g, f, m, sd, rows, gr.data());
        if (!std::isfinite(lv)) {
          long none = -1;
          lost.compare_exchange_strong(none, i);
          continue;
        }
        if (st.exact)
          grad_u.row(i) = (c2 * (m - Xu.row(i).transpose() + gr.cwiseQuotient(st.D))).transpose();
        else
          grad_u.row(i) = (c2 * (m - Xu.row(i).transpose() + st.sigma * gr)).transpose();
      }
    }, 8);
    if (lost.load() >= 0) {
      std::ostringstream os;
      os << "the residual's Gaussian average is not positive at particle " << lost.load()
         << ": the tensor train lost the density there (raise grid or max_rank, or lower cross_tol)";
      throw RunError(step, os.str());
    }
  }
  grad_log_w = grad_u * model.frame.transpose();
}

void log_w(const TargetGrid& g, const StepState& st, const RowMatrix& Y, Vector& out) {
  const TargetModel& model = g.model();
  const long M = Y.rows();
  const int d = model.dim();
  const double c = g.c(), c2 = 2.0 * c;
  const RowMatrix Yu = model.to_frame(Y);
  out.resize(M);
  if (st.kind == EstimateKind::Particles) {
    KernelRequest req;
    req.lse = true;
    KernelResult kr;
    kernel_sum(Yu, KernelSources::isotropic(st.centres_u, c, -st.log_z), req, kr);
    out = kr.lse;
    return;
  }
  const TensorTrain& f = st.exact ? st.tilde : g.inverse();
  const Vector sd = st.exact ? Vector(st.D.cwiseSqrt().cwiseInverse()) : Vector(st.sigma.diagonal().cwiseSqrt());
  parallel_for(M, [&](long begin, long end) {
    AxisRows rows(g.axes());
    Vector b(d), m(d);
    for (long i = begin; i < end; ++i) {
      b = st.b0 + c2 * Yu.row(i).transpose();
      m = st.exact ? Vector(b.cwiseQuotient(st.D)) : Vector(st.sigma * b);
      const double quad = 0.5 * b.dot(m);  // b^T D^-1 b / 2 (exact) or b^T Sigma b / 2
      out[i] = -c * Yu.row(i).squaredNorm() + quad + log_gaussian_average(g, f, m, sd, rows, nullptr);
    }
  }, 8);
}

void move_particles(const TargetModel& model, const StepState& st, double h, double beta, const Particles& G,
                    const Particles& grad_log_w, const RowMatrix& jacobian_w, Particles& X) {
  if (st.kind == EstimateKind::Particles) {
    // P_j = (I + h (|grad^2 V| / 2 + |J_W| / beta))^-1: each part of the
    // bracket damped by the size of its own Jacobian (a stiff convex or
    // steep concave potential; a repulsion 2c (2c Cov_w - I) that is stiff
    // where the kernels of the centres do not overlap). At a Gaussian
    // target's fixed point J_W = -beta A / 2 and this is (I + h A)^-1.
    const long N = X.rows(), d = X.cols();
    parallel_for(N, [&](long b, long end) {
      Vector f(d), ev(d);
      Matrix M(d, d);
      Eigen::SelfAdjointEigenSolver<Matrix> es;
      for (long j = b; j < end; ++j) {
        const Eigen::Map<const Matrix> V(st.curvature.axes.row(j).data(), d, d);
        ev = st.curvature.values.row(j).transpose().cwiseAbs();
        M = 0.5 * V * ev.asDiagonal() * V.transpose();
        es.compute(Eigen::Map<const Matrix>(jacobian_w.row(j).data(), d, d));
        M += (1.0 / beta) * es.eigenvectors() * es.eigenvalues().cwiseAbs().asDiagonal() * es.eigenvectors().transpose();
        M = Matrix::Identity(d, d) + h * M;
        f = 0.5 * G.row(j).transpose() + (1.0 / beta) * grad_log_w.row(j).transpose();
        X.row(j) -= h * M.llt().solve(f).transpose();
      }
    }, 64);
    return;
  }
  const Matrix& U = model.frame;
  const Vector damp = (Vector::Ones(model.dim()) + h * model.curvature).cwiseInverse();
  const Matrix P = U * damp.asDiagonal() * U.transpose();
  X -= h * ((0.5 * G + (1.0 / beta) * grad_log_w) * P);
}

}  // namespace wprox::tt_brwp
