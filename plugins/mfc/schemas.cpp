#include "schemas.hpp"

namespace wprox::mfc {
namespace {

SettingsSchema<FitSettings> fit_schema() {
  using S = FitSettings;
  return SettingsSchema<S>()
      .integer("width", &S::width, 32, "hidden units per layer of the value network phi_theta(t, x)",
               Range::closed(1, 4096))
      .integer("depth", &S::depth, 2, "hidden layers of the value network", Range::closed(1, 64))
      .choice("activation", &S::activation, "gelu", {{"gelu", Activation::gelu}, {"tanh", Activation::tanh}},
              "activation of the value network")
      .real("lr", &S::lr, 3e-3, "Adam step size in the first outer iteration", Range::positive())
      .real("lr_final", &S::lr_final, 3e-4, "Adam step size in the last outer iteration (geometric in between)",
            Range::positive())
      .integer("fit_iterations", &S::fit_iterations, 300, "Adam steps per outer iteration", Range::closed(1, 100000000))
      .integer("batch", &S::batch, 256, "fitting points per Adam step", Range::closed(1, 100000000));
}

SettingsSchema<KernelScoreSettings> kernel_schema(const std::string& use) {
  using S = KernelScoreSettings;
  return SettingsSchema<S>()
      .choice(
          "bandwidth", &S::rule, "silverman",
          {{"silverman", BandwidthRule::silverman}, {"scott", BandwidthRule::scott}, {"fixed", BandwidthRule::fixed}},
          "kernel bandwidth rule of the density estimate (" + use + ")")
      .real("bandwidth_scale", &S::scale, 1.0,
            "multiplier of the bandwidth rule (bandwidth=fixed: the bandwidth itself)", Range::positive())
      .boolean("extrapolate", &S::extrapolate, true,
               "combine bandwidths h and sqrt(2) h to cancel the kernel estimate's O(h^2) bias")
      .boolean("leave_one_out", &S::leave_one_out, false, "leave each particle's own kernel out of its estimate");
}

SettingsSchema<ErrorSettings> error_schema() {
  using S = ErrorSettings;
  return SettingsSchema<S>()
      .integer("error_points", &S::points, 256, "exact samples of rho_t per time for the error measures",
               Range::closed(1, 10000000))
      .integer("error_times", &S::times, 20, "times t_j = j T / error_times at which the errors are measured",
               Range::closed(1, 100000));
}

}  // namespace

SettingsSchema<GaussianMfcParams> gaussian_problem_schema(bool entropy) {
  using S = GaussianMfcParams;
  SettingsSchema<S> s;
  s.real("a", &S::a, 1.0, "running cost (a/2)|x|^2", Range::at_least(0.0))
      .real("b", &S::b, 0.5, "terminal cost (b/2)|x|^2 (any b for which a solution exists)");
  if (entropy) s.real("c", &S::c, 1.0, "entropy cost c log rho", Range::positive());
  s.real("visc", &S::nu, 1.0, "viscosity (noise) nu: d rho/dt + div(rho v) = nu Laplace rho", Range::at_least(0.0))
      .alias("nu", "visc")  // visc as in the Hamilton-Jacobi problems (docs/parameters.md)
      .real("s0", &S::s0, entropy ? 1.0 : 0.7, "initial variance per coordinate: rho_0 = N(0, s0 I)", Range::positive())
      .real("T", &S::T, 1.0, "horizon", Range::positive())
      .integer("dim", &S::dim, entropy ? 1 : 2, "space dimension", Range::closed(1, 10));
  return s;
}

SettingsSchema<ScoreMethodSettings> score_method_schema() {
  using S = ScoreMethodSettings;
  return SettingsSchema<S>()
      .integer("particles", &S::particles, 1000, "particles per outer iteration (a fresh sample of rho_0 each time)",
               Range::closed(8, 100000000))
      .integer("time_steps", &S::time_steps, 50, "Euler steps on [0, T]", Range::closed(1, 100000))
      .integer("outer_iterations", &S::outer_iterations, 30, "sweep + fit rounds (one per run step)",
               Range::closed(1, 1000000))
      .choice("score", &S::score, "kernel", {{"kernel", ScoreSource::kernel}, {"flow", ScoreSource::flow}},
              "score grad log rho: kernel density estimate of the cloud, or carried along the flow")
      .include(kernel_schema("score=kernel, and log rho for entropy costs"), &S::kernel)
      .real("fd_step", &S::fd_step, 1e-3, "score=flow: difference step for the second derivatives of phi_theta",
            Range::open_closed(0.0, 0.1))
      .boolean("flow_drive", &S::flow_drive, false,
               "score=flow: keep phi_theta's 3rd/4th derivatives in the Hessian equation (unstable)")
      .real("horizon", &S::horizon, 0.1,
            "time over which y is integrated backward before restarting from phi_theta (>= T: the whole sweep)",
            Range::positive())
      .boolean("balanced", &S::balanced, true, "rho_0 samples with their exact mean and covariance")
      .include(fit_schema(), &S::fit)
      .include(error_schema(), &S::errors);
}

SettingsSchema<BsdeMethodSettings> bsde_method_schema() {
  using S = BsdeMethodSettings;
  return SettingsSchema<S>()
      .integer("particles", &S::particles, 1000, "paths per outer iteration", Range::closed(8, 100000000))
      .integer("time_steps", &S::time_steps, 50, "Euler-Maruyama steps on [0, T]", Range::closed(1, 100000))
      .integer("outer_iterations", &S::outer_iterations, 30, "sweep + fit rounds (one per run step)",
               Range::closed(1, 1000000))
      .include(kernel_schema("log rho for entropy costs"), &S::kernel)
      .boolean("balanced", &S::balanced, true, "rho_0 samples with their exact mean and covariance")
      .include(fit_schema(), &S::fit)
      .include(error_schema(), &S::errors);
}

}  // namespace wprox::mfc
