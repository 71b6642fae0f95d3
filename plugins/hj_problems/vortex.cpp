#include "vortex.hpp"

#include <cmath>

namespace wprox::hj_problems {

namespace {

const double kPi = std::acos(-1.0);

class VortexProblem : public HjProblem {
 public:
  explicit VortexProblem(VortexSettings s) : s_(std::move(s)) {}
  std::string name() const override { return "hj-vortex"; }
  int dim() const override { return 2; }
  GridAxis axis(int i) const override { return {0, 0.0, 2.0, Boundary::Periodic, i == 0 ? "x" : "y"}; }
  double horizon() const override { return s_.T; }
  double viscosity() const override { return s_.visc; }
  double initial(const double* x) const override { return std::sin(kPi * x[0]) + std::sin(kPi * x[1]); }
  ControlCost control_cost() const override {
    return s_.cost == "box" ? ControlCost::Box : ControlCost::Quadratic;
  }
  double drift(int i, const double* x, double t) const override {
    const double strength = s_.u0 * std::cos(s_.omega * t);
    if (i == 0) return strength * std::sin(kPi * x[0]) * std::cos(kPi * x[1]);
    return -strength * std::cos(kPi * x[0]) * std::sin(kPi * x[1]);
  }
  double gain(int i, int j, const double* x, double) const override {
    if (i == j) return 1.0;
    return s_.beta * std::sin(kPi * x[i == 0 ? 1 : 0]);
  }
  bool time_dependent() const override { return s_.u0 != 0.0 && s_.omega != 0.0; }

 private:
  VortexSettings s_;
};

}  // namespace

std::shared_ptr<const HjProblem> make_vortex_problem(const VortexSettings& s) {
  return std::make_shared<VortexProblem>(s);
}

SettingsSchema<VortexSettings> vortex_schema() {
  using S = VortexSettings;
  return SettingsSchema<S>()
      .real("visc", &S::visc, 0.0, "viscosity eps >= 0 of phi_t + H = eps Lap phi", Range::at_least(0.0))
      .real("T", &S::T, 1.0, "final time", Range::positive())
      .real("u0", &S::u0, 1.0, "strength of the vortex drift")
      .real("omega", &S::omega, 2.0 * kPi, "angular frequency of the drift's turning (time-to-go t)")
      .real("coupling", &S::beta, 0.5, "off-diagonal size of the control matrix G", Range::open(-1.0, 1.0))
      .alias("beta", "coupling")  // beta is the samplers' inverse temperature (docs/parameters.md)
      .choice("cost", &S::cost, "quadratic", {"quadratic", "box"}, "control cost: |alpha|^2/2 or |alpha_j| <= 1");
}

}  // namespace wprox::hj_problems
