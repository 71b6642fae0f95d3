#include <cmath>

#include "testing.hpp"

using namespace wprox;

namespace {

// y1' = y2, y2' = -y1: a rotation, y(t) = (cos t, -sin t) from (1, 0).
struct Rotation : VectorField {
  long size() const override { return 2; }
  void rhs(double, const double* y, double* d) override {
    d[0] = y[1];
    d[1] = -y[0];
  }
};

double error_at_one(Integrator& I) {
  Rotation f;
  double y[2] = {1.0, 0.0};
  I.integrate(f, 0.0, 1.0, y);
  return std::hypot(y[0] - std::cos(1.0), y[1] + std::sin(1.0));
}

double observed_order(const std::string& scheme, long steps) {
  auto a = make_integrator(scheme, steps, 0, 0);
  auto b = make_integrator(scheme, 2 * steps, 0, 0);
  return std::log2(error_at_one(*a) / error_at_one(*b));
}

}  // namespace

TEST_CASE("explicit Euler converges with order 1") {
  // The leading error term dominates at these step counts: within 0.05 of 1.
  CHECK(observed_order("euler", 200) == doctest::Approx(1.0).epsilon(0.05));
}

TEST_CASE("RK4 converges with order 4") {
  CHECK(observed_order("rk4", 10) == doctest::Approx(4.0).epsilon(0.05));
  auto rk4 = make_rk4(10);
  error_at_one(*rk4);
  CHECK(rk4->stats().rhs_evals == 40);
}

TEST_CASE("CVODE and ARKODE errors follow their tolerances") {
  // An adaptive method controls the local error; the global error should be
  // within a modest multiple of the tolerance and fall with it. Going from
  // 1e-5 to 1e-9 (10^4) must gain at least 10^2.5 in the error.
  for (const char* name : {"cvode", "cvode-bdf", "arkode"}) {
    auto loose = make_integrator(name, 0, 1e-5, 1e-12);
    auto tight = make_integrator(name, 0, 1e-9, 1e-14);
    const double el = error_at_one(*loose), et = error_at_one(*tight);
    INFO(name << ": error " << el << " at rtol 1e-5, " << et << " at rtol 1e-9");
    CHECK(el < 100 * 1e-5);
    CHECK(et < 100 * 1e-9);
    CHECK(el / et > std::pow(10.0, 2.5));
  }
}

TEST_CASE("a failing right-hand side is a RunError") {
  struct Blowup : VectorField {
    long size() const override { return 1; }
    void rhs(double, const double* y, double* d) override { d[0] = y[0] * y[0]; }
  } f;
  double y = 1.0;  // y = 1/(1 - t) blows up at t = 1
  auto cv = make_cvode(1e-6, 1e-9);
  CHECK_THROWS_AS(cv->integrate(f, 0.0, 2.0, &y), RunError);
  y = 1.0;
  auto e = make_euler(4000);
  CHECK_THROWS_AS(e->integrate(f, 0.0, 200.0, &y), RunError);
  CHECK_THROWS_AS(make_integrator("leapfrog", 1, 0, 0), InputError);
}

TEST_CASE("an exception thrown by the vector field comes out of the SUNDIALS adapters unchanged") {
  struct Refuses : VectorField {
    int calls = 0;
    long size() const override { return 2; }
    void rhs(double t, const double*, double* d) override {
      ++calls;
      if (t > 0.5) throw InputError("the field refuses t = " + std::to_string(t));
      d[0] = d[1] = 1.0;
    }
  };
  for (const char* name : {"cvode", "cvode-bdf", "arkode"}) {
    CAPTURE(name);
    Refuses f;
    double y[2] = {0.0, 0.0};
    auto integ = make_integrator(name, 0, 1e-6, 1e-9);
    try {
      integ->integrate(f, 0.0, 1.0, y);
      FAIL("no exception");
    } catch (const InputError& e) {
      CHECK(std::string(e.what()).find("the field refuses t = ") == 0);
    }
  }
}

TEST_CASE("an adaptive integrator reused over segments gives the result of one fresh integrator per segment") {
  // The adapters keep their solver memory between calls and re-initialize
  // it; a re-initialized solver starts exactly as a new one would.
  struct Decay : VectorField {
    long size() const override { return 3; }
    void rhs(double t, const double* y, double* d) override {
      for (int i = 0; i < 3; ++i) d[i] = -(i + 1) * y[i] + std::sin(t);
    }
  };
  for (const char* name : {"cvode", "cvode-bdf", "arkode"}) {
    CAPTURE(name);
    Decay f;
    double reused[3] = {1, 2, 3}, fresh[3] = {1, 2, 3};
    auto integ = make_integrator(name, 0, 1e-8, 1e-10);
    for (int k = 0; k < 4; ++k) {
      integ->integrate(f, 0.25 * k, 0.25 * (k + 1), reused);
      make_integrator(name, 0, 1e-8, 1e-10)->integrate(f, 0.25 * k, 0.25 * (k + 1), fresh);
    }
    for (int i = 0; i < 3; ++i) CHECK(reused[i] == fresh[i]);
  }
}
