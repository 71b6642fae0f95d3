// Explicit fixed-step schemes: forward Euler (order 1) and classical RK4
// (order 4). Work arrays are kept between calls.
#include <cmath>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/integrator.hpp"

namespace wprox {
namespace {

void require_finite(const double* y, long n, const char* scheme) {
  for (long i = 0; i < n; ++i)
    if (!std::isfinite(y[i]))
      throw RunError(0, std::string(scheme) + " produced a non-finite state (component " + std::to_string(i) + ")");
}

class Euler : public Integrator {
 public:
  explicit Euler(long steps) : steps_(steps) {}
  std::string name() const override { return "euler"; }
  void integrate(VectorField& f, double t0, double t1, double* y) override {
    const long n = f.size();
    k_.resize(n);
    const double dt = (t1 - t0) / steps_;
    for (long s = 0; s < steps_; ++s) {
      f.rhs(t0 + s * dt, y, k_.data());
      for (long i = 0; i < n; ++i) y[i] += dt * k_[i];
      ++stats_.steps;
      ++stats_.rhs_evals;
    }
    require_finite(y, n, "euler");
  }

 private:
  long steps_;
  std::vector<double> k_;
};

class Rk4 : public Integrator {
 public:
  explicit Rk4(long steps) : steps_(steps) {}
  std::string name() const override { return "rk4"; }
  void integrate(VectorField& f, double t0, double t1, double* y) override {
    const long n = f.size();
    k1_.resize(n), k2_.resize(n), k3_.resize(n), k4_.resize(n), tmp_.resize(n);
    const double dt = (t1 - t0) / steps_;
    for (long s = 0; s < steps_; ++s) {
      const double t = t0 + s * dt;
      f.rhs(t, y, k1_.data());
      for (long i = 0; i < n; ++i) tmp_[i] = y[i] + 0.5 * dt * k1_[i];
      f.rhs(t + 0.5 * dt, tmp_.data(), k2_.data());
      for (long i = 0; i < n; ++i) tmp_[i] = y[i] + 0.5 * dt * k2_[i];
      f.rhs(t + 0.5 * dt, tmp_.data(), k3_.data());
      for (long i = 0; i < n; ++i) tmp_[i] = y[i] + dt * k3_[i];
      f.rhs(t + dt, tmp_.data(), k4_.data());
      for (long i = 0; i < n; ++i) y[i] += dt / 6.0 * (k1_[i] + 2.0 * k2_[i] + 2.0 * k3_[i] + k4_[i]);
      ++stats_.steps;
      stats_.rhs_evals += 4;
    }
    require_finite(y, n, "rk4");
  }

 private:
  long steps_;
  std::vector<double> k1_, k2_, k3_, k4_, tmp_;
};

}  // namespace

std::unique_ptr<Integrator> make_euler(long steps) {
  WPROX_REQUIRE(steps >= 1, InputError, "euler: steps = " << steps << " must be at least 1");
  return std::make_unique<Euler>(steps);
}

std::unique_ptr<Integrator> make_rk4(long steps) {
  WPROX_REQUIRE(steps >= 1, InputError, "rk4: steps = " << steps << " must be at least 1");
  return std::make_unique<Rk4>(steps);
}

std::unique_ptr<Integrator> make_integrator(const std::string& name, long steps, double rtol, double atol) {
  if (name == "euler") return make_euler(steps);
  if (name == "rk4") return make_rk4(steps);
  if (name == "cvode") return make_cvode(rtol, atol, false);
  if (name == "cvode-bdf") return make_cvode(rtol, atol, true);
  if (name == "arkode") return make_arkode_erk(rtol, atol);
  throw InputError("unknown integrator '" + name + "'; valid integrators: euler, rk4, cvode, cvode-bdf, arkode");
}

}  // namespace wprox
