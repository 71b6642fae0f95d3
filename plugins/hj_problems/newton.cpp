#include "newton.hpp"

#include <cmath>

namespace wprox::hj_problems {

namespace {

class NewtonProblem : public HjProblem {
 public:
  NewtonProblem(double visc, double T, double vmax) : visc_(visc), T_(T), vmax_(vmax) {}
  std::string name() const override { return "hj-newton"; }
  int dim() const override { return 2; }
  GridAxis axis(int i) const override {
    if (i == 0) return {0, -vmax_, vmax_, Boundary::Neumann, "v"};
    return {0, 0.0, 2.0, Boundary::Periodic, "y"};
  }
  double horizon() const override { return T_; }
  double viscosity() const override { return visc_; }
  double initial(const double* x) const override {
    return std::sin(std::acos(-1.0) * x[1]) * std::exp(-0.5 * x[0] * x[0]);
  }
  ControlCost control_cost() const override { return ControlCost::Quadratic; }
  // axis 0 (v): dv/ds = alpha_0; axis 1 (y): dy/ds = v; alpha_1 does nothing.
  double drift(int i, const double* x, double) const override { return i == 0 ? 0.0 : x[0]; }
  double gain(int i, int j, const double*, double) const override { return i == 0 && j == 0 ? 1.0 : 0.0; }

 private:
  double visc_, T_, vmax_;
};

}  // namespace

std::shared_ptr<const HjProblem> make_newton_problem(const NewtonSettings& s) {
  return std::make_shared<NewtonProblem>(s.visc, s.T, s.vmax);
}

SettingsSchema<NewtonSettings> newton_schema() {
  using S = NewtonSettings;
  return SettingsSchema<S>()
      .real("visc", &S::visc, 0.0, "viscosity eps >= 0 of phi_t + H = eps Lap phi", Range::at_least(0.0))
      .real("T", &S::T, 1.0, "final time", Range::positive())
      .real("vmax", &S::vmax, 3.0, "the velocity axis is [-vmax, vmax] (Neumann)", Range::positive());
}

}  // namespace wprox::hj_problems
