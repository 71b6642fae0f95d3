#include "paths.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>
#include <wprox/random.hpp>

namespace wprox::mfc {
namespace {

// (t, x) columns of one cloud.
Matrix points_at(double t, const Particles& X) {
  Matrix P(X.cols() + 1, X.rows());
  P.row(0).setConstant(t);
  P.bottomRows(X.cols()) = X.transpose();
  return P;
}

void check_finite(const Particles& X, long k, const char* what) {
  if (!X.allFinite()) throw RunError(0, std::string(what) + " became non-finite at time step " + std::to_string(k));
}

// Stores cloud k into the fitting data.
void store(Paths& out, long k, const Particles& X) {
  const long N = X.rows();
  out.x[k] = X;
  out.inputs.block(0, k * N, 1, N).setConstant(k * out.dt);
  out.inputs.block(1, k * N, X.cols(), N) = X.transpose();
}

void prepare(Paths& out, long steps, double T, const Particles& x0) {
  WPROX_REQUIRE(steps >= 1, InputError, "mfc: time_steps = " << steps << " is out of range; allowed: >= 1");
  out.steps = steps;
  out.dt = T / double(steps);
  out.x.assign(steps + 1, Particles());
  out.inputs.resize(x0.cols() + 1, x0.rows() * (steps + 1));
  out.y.resize(x0.rows() * (steps + 1));
  out.bandwidth.clear();
}

// y_k = y_{k+1} + dt g_k (- noise_k), from y_M = g(x_M); with a horizon
// L < M, y_k restarts instead from phi(t_{k+L}, x_{k+L}) (u, N x (M+1) by
// step) whenever k + L < M.
void backward_values(const MfcProblem& problem, const RowMatrix& rate, const RowMatrix* noise, const RowMatrix* u,
                     long horizon, Paths& out) {
  const long M = out.steps, N = out.particles();
  parallel_for(
      N,
      [&](long b, long e) {
        std::vector<double> G(M + 1);  // G[k] = sum_{j >= k} (dt g_j - noise_j)
        for (long i = b; i < e; ++i) {
          G[M] = 0;
          for (long k = M - 1; k >= 0; --k) G[k] = G[k + 1] + out.dt * rate(k, i) - (noise ? (*noise)(k, i) : 0.0);
          const double yT = problem.terminal_cost(out.x[M].row(i).data());
          for (long k = M; k >= 0; --k)
            out.y[k * N + i] = k + horizon < M ? (*u)(k + horizon, i) + G[k] - G[k + horizon] : yT + G[k];
        }
      },
      256);
  if (!out.y.allFinite()) throw RunError(0, "the values y along the characteristics became non-finite");
}

}  // namespace

void score_paths(const MfcProblem& problem, const ValueModel& phi, const Particles& x0, const ScorePathSettings& s,
                 Paths& out) {
  const long N = x0.rows(), M = s.steps;
  const int d = problem.dim();
  const double nu = problem.noise();
  WPROX_REQUIRE(x0.cols() == d && phi.dim() == d, DimensionMismatch,
                "mfc: particles of dimension " << x0.cols() << ", phi of dimension " << phi.dim() << ", problem " << d);
  prepare(out, M, problem.horizon(), x0);
  const bool need_log = problem.uses_log_density();
  const bool flow = s.score == ScoreSource::flow;
  // The kernel estimate is skipped when nothing uses it (nu = 0 and f
  // independent of rho).
  const bool need_kernel = !flow && (nu != 0 || need_log);

  Particles X = x0;
  FlowState st, rate;
  if (flow) flow_initial(problem, X, st);
  RowMatrix g(M, N);      // the integrand of y at each step
  RowMatrix u(M + 1, N);  // phi along the particles (for the horizon restarts)
  Particles score = Particles::Zero(N, d);
  Vector logrho = Vector::Zero(N);
  ValueJet J;
  SecondOrderJet J2;
  for (long k = 0; k < M; ++k) {
    const double t = k * out.dt;
    store(out, k, X);
    const Matrix P = points_at(t, X);
    if (flow) {
      const Matrix S = st.s.transpose();
      second_order_jet(phi, P, S, s.fd_step, s.flow_drive, J2);
      flow_rates(J2, st, nu, rate);
      score = st.s;
      logrho = st.l;
    } else {
      phi.eval(P, J);
      if (need_kernel) out.bandwidth.push_back(kernel_score(X, s.kernel, score, need_log ? &logrho : nullptr));
    }
    const ValueJet& V = flow ? J2.base : J;
    u.row(k) = V.u.transpose();
    parallel_for(
        N,
        [&](long b, long e) {
          for (long i = b; i < e; ++i) {
            const auto z = V.grad.col(i);
            const auto si = score.row(i).transpose();
            g(k, i) = 0.5 * z.squaredNorm() + nu * V.lap[i] + nu * z.dot(si) +
                      problem.running_cost(t, X.row(i).data(), logrho[i]);
            X.row(i) -= out.dt * (z + nu * si).transpose();
          }
        },
        256);
    if (flow) {
      st.s += out.dt * rate.s;
      st.H += out.dt * rate.H;
      st.l += out.dt * rate.l;
    }
    check_finite(X, k + 1, "the particles");
  }
  store(out, M, X);
  const long L = s.horizon > 0 ? std::min(s.horizon, M) : M;
  backward_values(problem, g, nullptr, &u, L, out);
}

void bsde_paths(const MfcProblem& problem, const ValueModel& phi, const Particles& x0, long steps,
                const KernelScoreSettings& kernel, std::uint64_t seed, long outer, Paths& out) {
  const long N = x0.rows(), M = steps;
  const int d = problem.dim();
  const double nu = problem.noise();
  WPROX_REQUIRE(x0.cols() == d && phi.dim() == d, DimensionMismatch,
                "mfc: particles of dimension " << x0.cols() << ", phi of dimension " << phi.dim() << ", problem " << d);
  WPROX_REQUIRE(d <= 16, InputError, "mfc: dim = " << d << " is out of range for the BSDE sweep; allowed: 1..16");
  prepare(out, M, problem.horizon(), x0);
  const bool need_log = problem.uses_log_density();
  const double sq = std::sqrt(2.0 * nu * out.dt);

  Particles X = x0;
  RowMatrix g(M, N), noise(M, N);
  Particles unused;
  Vector logrho = Vector::Zero(N);
  ValueJet J;
  for (long k = 0; k < M; ++k) {
    const double t = k * out.dt;
    store(out, k, X);
    phi.eval(points_at(t, X), J);
    if (need_log) out.bandwidth.push_back(kernel_score(X, kernel, unused, &logrho));
    parallel_for(
        N,
        [&](long b, long e) {
          double xi[16];
          for (long i = b; i < e; ++i) {
            RandomStream rs(seed, kBrownian, std::uint64_t(i), std::uint64_t(outer), std::uint64_t(k));
            rs.normal(xi, d);
            const auto z = J.grad.col(i);
            g(k, i) = 0.5 * z.squaredNorm() + problem.running_cost(t, X.row(i).data(), logrho[i]);
            double zxi = 0;
            for (int j = 0; j < d; ++j) {
              zxi += z[j] * xi[j];
              X(i, j) += -out.dt * z[j] + sq * xi[j];
            }
            noise(k, i) = sq * zxi;
          }
        },
        256);
    check_finite(X, k + 1, "the particles");
  }
  store(out, M, X);
  backward_values(problem, g, &noise, nullptr, M, out);
}

}  // namespace wprox::mfc
