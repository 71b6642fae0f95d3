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
  int dim() const override { return int(s_.dim); }
  GridAxis axis(int i) const override {
    static const char* names[3] = {"x", "y", "z"};
    return {0, 0.0, 2.0, Boundary::Periodic, names[i]};
  }
  double horizon() const override { return s_.T; }
  double viscosity() const override { return s_.visc; }
  double initial(const double* x) const override {
    double g = 0.0;
    for (int i = 0; i < dim(); ++i) g += std::sin(kPi * x[i]);
    return g;
  }
  ControlCost control_cost() const override { return s_.cost; }
  double drift(int, const double*, double t) const override {
    return s_.u0 == 0.0 ? 0.0 : s_.u0 * std::cos(s_.omega * t);
  }
  double gain(int i, int j, const double* x, double) const override { return i == j ? -coefficient(x[i]) : 0.0; }
  bool time_dependent() const override { return s_.u0 != 0.0 && s_.omega != 0.0; }

  bool has_exact() const override { return s_.coefficient == Coefficient::One && s_.cost == ControlCost::Quadratic; }
  double exact(const double* x, double t) const override {
    if (!has_exact()) return HjProblem::exact(x, t);
    // H and g are sums over axes, so phi is the sum of 1-D solutions; the
    // uniform drift shifts them: phi(x, t) = psi(x + B(t), t) with
    // B' = b, where psi solves the problem without drift.
    const double shift = s_.omega == 0.0 ? s_.u0 * t : s_.u0 * std::sin(s_.omega * t) / s_.omega;
    double phi = 0.0;
    for (int i = 0; i < dim(); ++i) phi += hopf_.solution(x[i] + shift, t, s_.visc);
    return phi;
  }

 private:
  double coefficient(double xi) const {
    if (s_.coefficient == Coefficient::One) return 1.0;
    // a(x) of the periodic problem: x is reduced to [0, 2) first so that a
    // trajectory that leaves the box sees the periodic coefficient.
    const double r = xi - 2.0 * std::floor(xi / 2.0);
    if (s_.coefficient == Coefficient::Stiff) {
      const double bump = std::exp(-((r - 1.0) / 0.15) * ((r - 1.0) / 0.15));
      return 0.1 * std::pow(s_.contrast, bump);
    }
    return (r - 1.0) * (r - 1.0) + 0.1;
  }
  SeparableSettings s_;
  Hopf1D hopf_;
};

}  // namespace

std::shared_ptr<const HjProblem> make_separable_problem(const SeparableSettings& s) {
  return std::make_shared<SeparableProblem>(s);
}

SettingsSchema<SeparableSettings> separable_schema(Coefficient coefficient) {
  using S = SeparableSettings;
  auto schema = SettingsSchema<S>()
                    .integer("dim", &S::dim, 1, "space dimension (1, 2 or 3)", Range::closed(1, 3))
                    .real("visc", &S::visc, 0.0, "viscosity eps >= 0 of phi_t + H = eps Lap phi", Range::at_least(0.0))
                    .real("T", &S::T, 1.0, "final time", Range::positive());
  if (coefficient == Coefficient::One)
    // The exact Hopf-Cole solution integrates on ~1/sqrt(visc) nodes per
    // point: below 1e-6 it would run for hours (and overflow an int near
    // 1e-30). Hopf-Lax (visc = 0) is the limit there.
    schema
        .check([](const S& s) {
          WPROX_REQUIRE(s.visc == 0.0 || s.visc >= 1e-6, InputError,
                        "problem 'hj-hopf-lax': parameter 'problem.visc' = "
                            << s.visc << " is invalid: allowed are 0 (Hopf-Lax) or at least 1e-6 (Hopf-Cole)");
        })
        .real("u0", &S::u0, 0.0, "amplitude of the uniform drift b_i(t) = u0 cos(omega t) (time-to-go t)")
        .real("omega", &S::omega, 0.0, "angular frequency of the drift (0: constant drift u0)");
  if (coefficient == Coefficient::Stiff)
    schema.real("contrast", &S::contrast, 100.0, "ratio of the largest to the smallest speed a(x)",
                Range::at_least(1.0));
  return schema;
}

}  // namespace wprox::hj_problems
