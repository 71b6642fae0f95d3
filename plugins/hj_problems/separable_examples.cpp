#include "separable_examples.hpp"

#include <cmath>

#include "hopf_formulas.hpp"

namespace wprox::hj_problems {

namespace {

const double kPi = std::acos(-1.0);

class SeparableProblem : public HjProblem {
 public:
  explicit SeparableProblem(SeparableSettings s) : s_(std::move(s)) {
    hopf_.g = [](double y) { return std::sin(kPi * y); };
  }
  std::string name() const override { return s_.name; }
  int dim() const override { return s_.dim; }
  GridAxis axis(int i) const override { return {0, 0.0, 2.0, Boundary::Periodic, i == 0 ? "x" : "y"}; }
  double horizon() const override { return s_.T; }
  double viscosity() const override { return s_.visc; }
  double initial(const double* x) const override {
    double g = 0.0;
    for (int i = 0; i < s_.dim; ++i) g += std::sin(kPi * x[i]);
    return g;
  }
  ControlCost control_cost() const override { return s_.cost; }
  double drift(int, const double*) const override { return 0.0; }
  double gain(int i, const double* x) const override { return -coefficient(x[i]); }

  bool has_exact() const override { return s_.coefficient == Coefficient::One && s_.cost == ControlCost::Quadratic; }
  double exact(const double* x, double t) const override {
    if (!has_exact()) return HjProblem::exact(x, t);
    // H and g are sums over axes, so phi is the sum of 1-D solutions.
    double phi = 0.0;
    for (int i = 0; i < s_.dim; ++i) phi += hopf_.solution(x[i], t, s_.visc);
    return phi;
  }

 private:
  double coefficient(double xi) const {
    if (s_.coefficient == Coefficient::One) return 1.0;
    // a(x) of the periodic problem: x is reduced to [0, 2) first so that a
    // trajectory that leaves the box sees the periodic coefficient.
    const double r = xi - 2.0 * std::floor(xi / 2.0);
    return (r - 1.0) * (r - 1.0) + 0.1;
  }
  SeparableSettings s_;
  Hopf1D hopf_;
};

}  // namespace

std::shared_ptr<const HjProblem> make_separable_problem(const SeparableSettings& s) {
  return std::make_shared<SeparableProblem>(s);
}

SettingsSchema<SeparableSettings> separable_schema() {
  using S = SeparableSettings;
  return SettingsSchema<S>()
      .integer("dim", &S::dim, 1, "space dimension (1 or 2)", Range::closed(1, 2))
      .real("visc", &S::visc, 0.0, "viscosity eps >= 0 of phi_t + H = eps Lap phi", Range::at_least(0.0))
      .real("T", &S::T, 1.0, "final time", Range::positive());
}

}  // namespace wprox::hj_problems
