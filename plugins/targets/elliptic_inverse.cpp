// elliptic-inverse: a Bayesian inverse problem for an elliptic PDE.
//   -(k(s) u'(s))' = f on (0, 1),  u(0) = u(1) = 0,
//   log k(s) = sum_{j=1..m} theta_j sin(j pi s),
// observed at `observations` evenly spaced points with N(0, noise^2) errors;
// prior theta ~ N(0, prior_std^2 I). The target is the posterior (beta = 1):
//   V(theta) = |O u(theta) - y|^2 / (2 noise^2) + |theta|^2 / (2 prior_std^2).
//
// Discretization: n interior nodes s_i = i/(n+1), k at the edge midpoints,
// the conservative 3-point stencil
//   [k_{i-1/2}(u_i - u_{i-1}) - k_{i+1/2}(u_{i+1} - u_i)] / ds^2 = f,
// a symmetric positive definite tridiagonal system A(theta) u = f solved by
// the Thomas algorithm. Gradient by the adjoint: with A lambda = O^T r /
// noise^2 (A is symmetric), dV/dtheta_j = -lambda^T (dA/dtheta_j) u + prior,
// where dA/dtheta_j only rescales each edge's stencil by phi_j(s_edge).
// Synthetic data: y = O u(theta_true) + noise * xi, xi from data_seed.
// The target reports theta_err = |mean of the particles - theta_true|.
#include <cmath>
#include <vector>

#include "register.hpp"

namespace wprox::targets {
namespace {

struct Discretization {
  long n = 99;            // interior nodes
  double forcing = 1.0;   // f
  std::vector<long> obs;  // observed interior node indices (1-based node numbers)
  int modes = 3;

  double ds() const { return 1.0 / double(n + 1); }
  // phi_j(s) at edge e (between nodes e and e+1, e = 0..n), j = 0..modes-1.
  double phi(int j, long e) const { return std::sin((j + 1) * M_PI * (double(e) + 0.5) * ds()); }

  // Edge conductivities k_e, e = 0..n.
  std::vector<double> conductivity(const double* theta) const {
    std::vector<double> k(std::size_t(n + 1));
    for (long e = 0; e <= n; ++e) {
      double lk = 0.0;
      for (int j = 0; j < modes; ++j) lk += theta[j] * phi(j, e);
      k[std::size_t(e)] = std::exp(lk);
    }
    return k;
  }

  // Solves A(k) u = rhs; u and rhs hold nodes 0..n+1 (the ends stay zero).
  void solve(const std::vector<double>& k, const std::vector<double>& rhs, std::vector<double>& u) const {
    const double inv = 1.0 / (ds() * ds());
    std::vector<double> c(std::size_t(n + 2)), g(std::size_t(n + 2));
    u.assign(std::size_t(n + 2), 0.0);
    // Forward sweep over interior nodes i = 1..n: diag (k_{i-1} + k_i) inv,
    // off-diagonals -k_{i-1} inv (left) and -k_i inv (right).
    for (long i = 1; i <= n; ++i) {
      const double lower = -k[std::size_t(i - 1)] * inv, upper = -k[std::size_t(i)] * inv;
      const double diag = (k[std::size_t(i - 1)] + k[std::size_t(i)]) * inv;
      const double denom = diag - (i > 1 ? lower * c[std::size_t(i - 1)] : 0.0);
      c[std::size_t(i)] = upper / denom;
      g[std::size_t(i)] = (rhs[std::size_t(i)] - (i > 1 ? lower * g[std::size_t(i - 1)] : 0.0)) / denom;
    }
    for (long i = n; i >= 1; --i)
      u[std::size_t(i)] = g[std::size_t(i)] - (i < n ? c[std::size_t(i)] * u[std::size_t(i + 1)] : 0.0);
  }

  std::vector<double> forward(const double* theta) const {
    std::vector<double> rhs(std::size_t(n + 2), forcing), u;
    rhs.front() = rhs.back() = 0.0;
    solve(conductivity(theta), rhs, u);
    return u;
  }
};

class EllipticPotential : public Potential {
 public:
  EllipticPotential(Discretization disc, Vector y, double noise, double prior_std)
      : D_(std::move(disc)), y_(std::move(y)), noise_(noise), prior_std_(prior_std) {}
  int dim() const override { return D_.modes; }
  double value(const double* theta) const override {
    const std::vector<double> u = D_.forward(theta);
    return misfit(u) + prior(theta);
  }
  void gradient(const double* theta, double* g) const override { value_and_gradient(theta, g); }
  double value_and_gradient(const double* theta, double* g) const override {
    const std::vector<double> k = D_.conductivity(theta);
    std::vector<double> rhs(std::size_t(D_.n + 2), D_.forcing), u, lambda;
    rhs.front() = rhs.back() = 0.0;
    D_.solve(k, rhs, u);
    // Adjoint right-hand side: O^T (O u - y) / noise^2.
    std::vector<double> r(std::size_t(D_.n + 2), 0.0);
    for (std::size_t l = 0; l < D_.obs.size(); ++l)
      r[std::size_t(D_.obs[l])] += (u[std::size_t(D_.obs[l])] - y_[long(l)]) / (noise_ * noise_);
    D_.solve(k, r, lambda);
    const double inv = 1.0 / (D_.ds() * D_.ds());
    for (int j = 0; j < D_.modes; ++j) {
      double s = 0.0;
      for (long e = 0; e <= D_.n; ++e) {
        const double du = u[std::size_t(e + 1)] - u[std::size_t(e)];
        const double dl = lambda[std::size_t(e + 1)] - lambda[std::size_t(e)];
        s += k[std::size_t(e)] * D_.phi(j, e) * du * dl;
      }
      g[j] = -s * inv + theta[j] / (prior_std_ * prior_std_);
    }
    return misfit(u) + prior(theta);
  }

 private:
  double misfit(const std::vector<double>& u) const {
    double v = 0.0;
    for (std::size_t l = 0; l < D_.obs.size(); ++l) {
      const double r = u[std::size_t(D_.obs[l])] - y_[long(l)];
      v += r * r;
    }
    return v / (2 * noise_ * noise_);
  }
  double prior(const double* theta) const {
    double v = 0.0;
    for (int j = 0; j < D_.modes; ++j) v += theta[j] * theta[j];
    return v / (2 * prior_std_ * prior_std_);
  }

  Discretization D_;
  Vector y_;
  double noise_, prior_std_;
};

class EllipticInverseTarget : public TargetProblem {
 public:
  EllipticInverseTarget(Discretization disc, Vector y, double noise, double prior_std, Vector theta_true)
      : V_(std::move(disc), std::move(y), noise, prior_std), theta_true_(std::move(theta_true)) {}
  std::string name() const override { return "elliptic-inverse"; }
  const Potential& potential() const override { return V_; }
  std::string headline() const override { return "theta_err"; }
  void report(const Particles& P, Diagnostics& out) const override {
    out.set("theta_err", (sample_mean(P) - theta_true_).norm());
  }

 private:
  EllipticPotential V_;
  Vector theta_true_;
};

struct EllipticSettings {
  long modes = 3, grid = 99, observations = 9, data_seed = 1;
  double noise = 0.05, prior_std = 1.0, forcing = 1.0;
  Vector theta_true;  // empty: the default
};

std::shared_ptr<const TargetProblem> create(const EllipticSettings& p) {
  Discretization D;
  D.modes = int(p.modes);
  D.n = p.grid;
  D.forcing = p.forcing;
  const long n_obs = p.observations;
  WPROX_REQUIRE(n_obs <= D.n, InputError,
                "problem.observations = " << n_obs << " exceeds problem.grid = " << D.n << " interior nodes");
  for (long l = 1; l <= n_obs; ++l) D.obs.push_back(std::lround(double(l) * double(D.n + 1) / double(n_obs + 1)));
  Vector theta_true(D.modes);
  if (p.theta_true.size()) {
    theta_true = p.theta_true;
    WPROX_REQUIRE(theta_true.size() == D.modes, DimensionMismatch,
                  "problem.theta_true has " << theta_true.size() << " entries but problem.modes = " << D.modes);
  } else {
    for (int j = 0; j < D.modes; ++j) theta_true[j] = (j % 2 == 0 ? 1.0 : -1.0) / double(j + 1);
  }
  const double noise = p.noise;
  const std::vector<double> u = D.forward(theta_true.data());
  Vector y(n_obs);
  RandomStream rs(std::uint64_t(p.data_seed), stream_purpose("elliptic-inverse.noise"));
  for (long l = 0; l < n_obs; ++l) y[l] = u[std::size_t(D.obs[std::size_t(l)])] + noise * rs.normal();
  return std::make_shared<EllipticInverseTarget>(std::move(D), std::move(y), noise, p.prior_std, std::move(theta_true));
}

}  // namespace

void register_elliptic_inverse(Registry& r) {
  using S = EllipticSettings;
  r.add_problem(make_problem<TargetProblem>(
      "elliptic-inverse",
      "posterior of theta in log k = sum theta_j sin(j pi s) for -(k u')' = f from noisy u observations",
      SettingsSchema<S>()
          .integer("modes", &S::modes, 3, "number m of sine modes in log k (the dimension)", Range::closed(1, 50))
          .integer("grid", &S::grid, 99, "interior finite-difference nodes", Range::closed(3, 100000))
          .integer("observations", &S::observations, 9, "evenly spaced observation points", Range::closed(1, 1e5))
          .real("noise", &S::noise, 0.05, "observation noise standard deviation", Range::positive())
          .real("prior_std", &S::prior_std, 1.0, "prior standard deviation of each theta_j", Range::positive())
          .real("forcing", &S::forcing, 1.0, "constant right-hand side f", Range::any())
          .vector("theta_true", &S::theta_true, "",
                  "true parameter for the synthetic data, m numbers (default: (-1)^(j+1) / j, j = 1..m)")
          .integer("data_seed", &S::data_seed, 1, "seed of the observation noise", Range::at_least(0)),
      [](const S& s, const RunContext&) { return create(s); }));
}

}  // namespace wprox::targets
