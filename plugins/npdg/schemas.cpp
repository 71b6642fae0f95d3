#include "schemas.hpp"

namespace wprox::npdg {
namespace {

// [0, 1): Adam's moment decay rates.
const Range kUnitHalfOpen{0.0, 1.0, false, true};

// width, depth, activation of one network; `prefix` tells the test network's
// ("test_width") from the solution network's ("width").
SettingsSchema<NetworkSettings> network_schema(const std::string& prefix, const std::string& which) {
  using S = NetworkSettings;
  const S d;
  return SettingsSchema<S>()
      .integer(prefix + "width", &S::width, d.width, "hidden units per layer of " + which, Range::closed(1, 1024))
      .integer(prefix + "depth", &S::depth, d.depth, "hidden layers of " + which, Range::closed(1, 16))
      .choice(prefix + "activation", &S::activation, activation_name(d.activation),
              {{"tanh", Activation::tanh}, {"gelu", Activation::gelu}},
              "activation of " + which + " (smooth: the jets need its third derivative)");
}

SettingsSchema<SamplingSettings> sampling_schema() {
  using S = SamplingSettings;
  const S d;
  return SettingsSchema<S>()
      .integer("interior_points", &S::interior_points, d.interior_points, "collocation points in Omega per draw",
               Range::closed(16, 1e7))
      .choice("sequence", &S::sequence, "halton", {{"halton", PointSequence::halton}, {"random", PointSequence::random}},
              "interior points: scrambled Halton or i.i.d. uniform")
      .integer("boundary_points", &S::boundary_points, d.boundary_points,
               "points on the boundary per draw (0: 40 dim)", Range::closed(0, 1e7))
      .integer("resample_every", &S::resample_every, d.resample_every,
               "redraw the points every this many iterations (0: never)", Range::closed(0, 1e9))
      .integer("error_points", &S::error_points, d.error_points,
               "held-out points for the relative L2 and H1 errors", Range::closed(1, 1e7))
      .integer("error_every", &S::error_every, d.error_every,
               "measure the errors every this many iterations (and at the first)", Range::closed(1, 1e9));
}

template <class T>
SettingsSchema<MethodSettings<T>> with_init(const SettingsSchema<T>& trainer) {
  using M = MethodSettings<T>;
  return SettingsSchema<M>()
      .include(trainer, &M::trainer)
      .path("init", &M::init,
            "solution network parameters to start from (a u_parameters.npy written by a run with the same width, "
            "depth and activation; default: a fresh initialization)");
}

}  // namespace

SettingsSchema<CosineSettings> cosine_problem_schema(const CosineSettings& d) {
  using S = CosineSettings;
  return SettingsSchema<S>()
      .integer("dim", &S::dim, d.dim, "space dimension d of Omega = [0, 1]^d", Range::closed(1, CosineProblem::kMaxDim))
      .real("coefficient_mean", &S::coefficient_mean, d.coefficient_mean,
            "a0 in a(x) = a0 + a1 sin(pi s(x)); a0 - |a1| > 0")
      .real("coefficient_amplitude", &S::coefficient_amplitude, d.coefficient_amplitude,
            "a1 in a(x) = a0 + a1 sin(pi s(x)), s(x) = sum_i (2 x_i - 1) / sqrt(d)")
      .real("reaction", &S::reaction, d.reaction, "kappa in the reaction r(u) = kappa u^3", Range::closed(0, 100));
}

// The solution network, the test network and its boundary factor: what
// the two adversarial methods (npdg, wan) both declare.
template <class S>
SettingsSchema<S>& primal_dual_networks(SettingsSchema<S>& s, const S& d) {
  return s.include(network_schema("", "the solution network u_theta"), &S::solution)
      .include(network_schema("test_", "the test network N_eta (phi = m N_eta)"), &S::test)
      .choice("test_factor", &S::test_factor, boundary_factor_name(d.test_factor),
              {{"smooth", BoundaryFactor::smooth}, {"distance", BoundaryFactor::distance}},
              "the factor m that makes phi vanish on the boundary");
}

SettingsSchema<MethodSettings<NpdgSettings>> npdg_schema() {
  using S = NpdgSettings;
  const S d;
  SettingsSchema<S> s;
  primal_dual_networks(s, d)
      .include(sampling_schema(), &S::sampling)
      .integer("iterations", &S::iterations, d.iterations, "primal-dual iterations", Range::closed(1, 1e7))
      .real("tau_u", &S::tau_u, d.tau_u, "primal step size (natural-gradient descent)", Range::open_closed(0, 2))
      .real("tau_phi", &S::tau_phi, d.tau_phi, "dual step size (natural-gradient ascent)", Range::open_closed(0, 2))
      .real("epsilon", &S::epsilon, d.epsilon, "dual regularization (eps/2) ||phi||_D^2", Range::open_closed(0, 100))
      .real("omega", &S::omega, d.omega, "extrapolation of phi in function space", Range::closed(0, 1))
      .real("boundary_weight", &S::boundary_weight, d.boundary_weight,
            "lambda of the boundary penalty and of the primal metric's boundary term", Range::open_closed(0, 1e6))
      .boolean("boundary_h1", &S::boundary_h1, d.boundary_h1,
               "penalize the tangential gradient of u - g on the boundary too (H^1 trace)")
      .integer("gram_points", &S::gram_points, d.gram_points,
               "interior points of the Gram metrics (0: all; fewer is cheaper but can diverge)", Range::closed(0, 1e7))
      .real("minres_tol", &S::minres_tol, d.minres_tol, "relative residual of each Gram solve (MINRES)",
            Range::open(0, 1))
      .integer("minres_max_iter", &S::minres_max_iter, d.minres_max_iter, "MINRES iterations per Gram solve",
               Range::closed(1, 1e5))
      .real("damping", &S::damping, d.damping, "G + mu I with mu = damping g'Gg/g'g (0: the plain Gram matrix)",
            Range::at_least(0))
      .boolean("warm_start", &S::warm_start, d.warm_start, "start MINRES from the previous iteration's direction")
      .boolean("strict_minres", &S::strict_minres, d.strict_minres,
               "a Gram solve that misses minres_tol stops the run (exit 3, with the residual reached); "
               "otherwise the minimal-residual iterate is used")
      .real("trust_ratio", &S::trust_ratio, d.trust_ratio,
            "halve a step while ||actual - linearized change|| / ||linearized change|| exceeds this (0: off)",
            Range::closed(0, 10))
      .check([](const S& v) { validate(v); });
  return with_init(s);
}

SettingsSchema<MethodSettings<PinnSettings>> pinn_schema() {
  using S = PinnSettings;
  const S d;
  SettingsSchema<S> s;
  s.include(network_schema("", "the solution network u_theta"), &S::solution)
      .include(sampling_schema(), &S::sampling)
      .integer("iterations", &S::iterations, d.iterations, "Adam iterations", Range::closed(1, 1e7))
      .real("lr", &S::learning_rate, d.learning_rate, "Adam step size", Range::open_closed(0, 1))
      .alias("learning_rate", "lr")  // lr as in the other Adam methods (docs/parameters.md)
      .real("beta1", &S::beta1, d.beta1, "Adam first-moment decay", kUnitHalfOpen)
      .real("beta2", &S::beta2, d.beta2, "Adam second-moment decay", kUnitHalfOpen)
      .real("boundary_weight", &S::boundary_weight, d.boundary_weight, "lambda of the boundary penalty",
            Range::open_closed(0, 1e6))
      .check([](const S& v) { validate(v); });
  return with_init(s);
}

SettingsSchema<MethodSettings<WanSettings>> wan_schema() {
  using S = WanSettings;
  const S d;
  SettingsSchema<S> s;
  primal_dual_networks(s, d)
      .include(sampling_schema(), &S::sampling)
      .integer("iterations", &S::iterations, d.iterations, "alternating Adam iterations", Range::closed(1, 1e7))
      .real("lr_u", &S::lr_u, d.lr_u, "Adam step size of u_theta", Range::open_closed(0, 1))
      .real("lr_phi", &S::lr_phi, d.lr_phi, "Adam step size of the test network", Range::open_closed(0, 1))
      .real("beta1", &S::beta1, d.beta1, "Adam first-moment decay (both players)", kUnitHalfOpen)
      .real("beta2", &S::beta2, d.beta2, "Adam second-moment decay (both players)", kUnitHalfOpen)
      .real("boundary_weight", &S::boundary_weight, d.boundary_weight, "lambda of the boundary penalty",
            Range::open_closed(0, 1e6))
      .check([](const S& v) { validate(v); });
  return with_init(s);
}

}  // namespace wprox::npdg
