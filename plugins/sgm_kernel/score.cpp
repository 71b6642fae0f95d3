#include "score.hpp"

#include <cmath>
#include <limits>

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

namespace wprox::sgm {

void EmpiricalScore::eval(const Particles& Y, double tau, Particles& out) const {
  KernelRequest req;
  req.mean = true;
  KernelResult r;
  kernel_sum(Y, KernelSources::isotropic(Z_, 1.0 / (2.0 * beta_ * beta_ * tau)), req, r);
  out = r.mean - Y;
}

Particles EmpiricalScore::sample(long count, double tau, StreamKey key) const {
  const int d = dim();
  const double sd = beta_ * std::sqrt(tau);
  Particles Y(count, d);
  parallel_for(count, [&](long b, long e) {
    for (long k = b; k < e; ++k) {
      RandomStream rs(key, std::uint64_t(k));
      const long i = long(rs.bits() % std::uint64_t(Z_.rows()));
      for (int j = 0; j < d; ++j) Y(k, j) = Z_(i, j) + sd * rs.normal();
    }
  });
  return Y;
}

MixtureScore::MixtureScore(const KernelModel& m, double beta)
    : model_(m), beta_(beta), vectors_(m.size()), values_(m.size()) {
  for (long i = 0; i < m.size(); ++i) {
    Eigen::SelfAdjointEigenSolver<Matrix> eig(m.precision[i]);
    vectors_[i] = eig.eigenvectors();
    values_[i] = eig.eigenvalues();
  }
}

KernelModel MixtureScore::at(double tau) const {
  KernelModel out{model_.centres, std::vector<Matrix>(model_.size())};
  const double s = beta_ * beta_ * tau;
  for (long i = 0; i < model_.size(); ++i) {
    const Vector lam = (values_[i].array() / (1.0 + s * values_[i].array())).matrix();
    out.precision[i] = vectors_[i] * lam.asDiagonal() * vectors_[i].transpose();
  }
  return out;
}

// tau s = beta^2 tau grad log eta = -beta^2 tau sum_i w_i Gamma_tau,i (y - Z_i): the
// kernel's pull with the smoothed precisions and b_i = log det(Gamma_tau,i)^{1/2}.
void MixtureScore::eval(const Particles& Y, double tau, Particles& out) const {
  const long N = model_.size();
  const double s = beta_ * beta_ * tau;
  std::vector<Matrix> gam(N);
  Vector half_logdet(N);
  for (long i = 0; i < N; ++i) {
    const Vector lam = (values_[i].array() / (1.0 + s * values_[i].array())).matrix();
    gam[i] = vectors_[i] * lam.asDiagonal() * vectors_[i].transpose();
    half_logdet[i] = 0.5 * lam.array().log().sum();
  }
  KernelRequest req;
  req.pull = true;
  KernelResult r;
  kernel_sum(Y, KernelSources::with_precisions(model_.centres, gam, half_logdet), req, r);
  out = -s * r.pull;
}

Particles MixtureScore::sample(long count, double tau, StreamKey key) const {
  return sample_model(at(tau), count, key);
}

SettingsSchema<ReverseOptions> reverse_schema() {
  using S = ReverseOptions;
  return SettingsSchema<S>()
      .real("sigma", &S::beta, 1.0, "noise level of the forward SDE dX = sigma dW", Range::positive())
      .alias("beta", "sigma")  // beta is the samplers' inverse temperature (docs/parameters.md)
      .real("T", &S::T, 1.0, "terminal time of the forward SDE", Range::positive())
      .real("eps", &S::eps, 1e-3, "the reverse dynamics stop at t = T - eps (0 < eps < T)", Range::positive())
      .integer("segments", &S::segments, 10, "run steps of the reverse dynamics (segment ends geometric in T - t)",
               Range::closed(1, 1e6))
      .choice("integrator", &S::integrator, "cvode", {"cvode", "cvode-bdf", "arkode", "rk4", "euler"},
              "ODE integrator (SUNDIALS CVODE/ARKODE adaptive, or fixed-step rk4/euler)")
      .integer("ode_steps", &S::ode_steps, 50, "fixed-step integrators: steps per segment", Range::closed(1, 1e7))
      .integer("sde_steps", &S::sde_steps, 50, "reverse SDE: Euler-Maruyama steps per segment (geometric in T - t)",
               Range::closed(1, 1e7))
      .real("rtol", &S::rtol, 1e-6, "adaptive integrators: relative tolerance", Range::positive())
      .real("atol", &S::atol, 1e-9, "adaptive integrators: absolute tolerance", Range::positive())
      .choice("clock", &S::clock, "log", {"log", "linear"},
              "ODE time variable: log(T/(T-t)) (bounded right-hand side) or t itself")
      .check([](const S& s) {
        WPROX_REQUIRE(s.eps < s.T, InputError,
                      "parameter eps = " << s.eps << " must lie in (0, T) = (0, " << s.T << ")");
      });
}

ReverseSettings reverse_settings(const ReverseOptions& o, bool sde) {
  ReverseSettings r;
  r.beta = o.beta;
  r.T = o.T;
  r.eps = o.eps;
  r.sde = sde;
  r.log_clock = o.clock == "log";
  r.segments = o.segments;
  r.ode_steps = o.ode_steps;
  r.sde_steps = o.sde_steps;
  r.integrator = o.integrator;
  r.rtol = o.rtol;
  r.atol = o.atol;
  return r;
}

ProbabilityFlow::ProbabilityFlow(const ScaledScore& s, long rows, double T, bool log_clock)
    : s_(s), T_(T), log_clock_(log_clock), Y_(rows, s.dim()), out_(rows, s.dim()) {}

void ProbabilityFlow::rhs(double t, const double* y, double* dydt) {
  const double tau_now = tau(t);
  Y_ = Eigen::Map<const Particles>(y, Y_.rows(), Y_.cols());
  s_.eval(Y_, tau_now, out_);
  const double scale = log_clock_ ? 0.5 : 0.5 / tau_now;
  Eigen::Map<Particles>(dydt, Y_.rows(), Y_.cols()) = scale * out_;
}

ReverseSampler::ReverseSampler(const ScaledScore& s, ReverseSettings r, std::uint64_t seed)
    : s_(s), r_(std::move(r)), seed_(seed) {
  if (!r_.sde) integrator_ = make_integrator(r_.integrator, r_.ode_steps, r_.rtol, r_.atol);
}

double ReverseSampler::tau_at(long k) const {
  if (k >= r_.segments) return r_.eps;  // exact end point, no round-off
  return r_.T * std::pow(r_.eps / r_.T, double(k) / double(r_.segments));
}

void ReverseSampler::advance(long k, Particles& Y, long first) {
  if (r_.sde) {
    sde_segment(k, Y, first);
  } else {
    ProbabilityFlow flow(s_, Y.rows(), r_.T, r_.log_clock);
    const long before = integrator_->stats().rhs_evals;
    try {
      integrator_->integrate(flow, flow.clock(tau_at(k - 1)), flow.clock(tau_at(k)), Y.data());
    } catch (const RunError& e) {
      throw e.at(k, "probability-flow ODE");
    }
    evals_ += integrator_->stats().rhs_evals - before;
  }
  for (long i = 0; i < Y.rows(); ++i)
    if (!Y.row(i).allFinite())
      throw RunError(k, "sample " + std::to_string(first + i) + " is not finite at T - t = " + std::to_string(tau_at(k)));
}

// Euler-Maruyama on a geometric grid in tau: the step h_j = tau_j - tau_{j+1}
// is a fixed fraction of tau_j, which keeps h s = (h / tau) (tau s) stable
// however close to tau = 0 the segment is.
void ReverseSampler::sde_segment(long k, Particles& Y, long first) {
  const double t0 = tau_at(k - 1), t1 = tau_at(k);
  const long n = r_.sde_steps;
  Particles drift;
  for (long j = 0; j < n; ++j) {
    const double ta = t0 * std::pow(t1 / t0, double(j) / double(n));
    const double tb = j + 1 == n ? t1 : t0 * std::pow(t1 / t0, double(j + 1) / double(n));
    const double h = ta - tb;
    s_.eval(Y, ta, drift);
    ++evals_;
    // The noise of Euler-Maruyama step (k - 1) n + j of the whole reverse run.
    const std::uint64_t step = std::uint64_t((k - 1) * n + j);
    constexpr std::uint64_t kNoise = stream_purpose("sgm.reverse.noise");
    const double noise = r_.beta * std::sqrt(h);
    parallel_for(Y.rows(), [&](long b, long e) {
      for (long i = b; i < e; ++i) {
        RandomStream rs(seed_, kNoise, std::uint64_t(first + i), step);
        for (long c = 0; c < Y.cols(); ++c) Y(i, c) += (h / ta) * drift(i, c) + noise * rs.normal();
      }
    });
  }
}

}  // namespace wprox::sgm
