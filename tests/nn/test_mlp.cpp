// The engine's network (Mlp) and optimizers against finite differences,
// hand-computed steps and each other.
//
// Tolerances. A central difference (f(x + h) - f(x - h)) / 2h differs from
// f' by the truncation h^2 |f'''| / 6 plus the round-off of the two values,
// about eps |f|_abs / h, where |f|_abs is the magnitude of the terms summed
// into f (eps = 2.2e-16). With h = 1e-6, networks of O(1) weights on inputs
// in [-1, 1] (|f'''| = O(1..10) per unit step) and |f|_abs = O(1..10), the
// truncation is ~1e-12 and the round-off ~1e-9: errors are checked against
// 1e-6 |f|_abs, a margin of ~1000 that still flags any wrong term (an O(1)
// relative error). Input derivatives use h = 1e-5 for the gradient (both
// terms ~1e-10) and a second difference (u(x+h) - 2u(x) + u(x-h)) / h^2 with
// h = 2e-4 for the Laplacian: truncation h^2 |u''''| / 12 ~ 3e-9 |u''''|,
// round-off 4 eps |u| / h^2 ~ 2e-8 |u| per direction; checked at 1e-5.
// Each test reports the largest measured error (MESSAGE).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include <wprox/adam.hpp>
#include <wprox/errors.hpp>
#include <wprox/mlp.hpp>
#include <wprox/parallel.hpp>
#include <wprox/random.hpp>

using namespace wprox;

namespace {

Matrix uniform(long rows, long cols, std::uint64_t seed) {
  Matrix X(rows, cols);
  RandomStream rs(seed, 1);
  for (long i = 0; i < X.size(); ++i) X.data()[i] = 2 * rs.uniform() - 1;
  return X;
}

Vector normal(long n, std::uint64_t seed) {
  Vector v(n);
  RandomStream(seed, 2).normal(v.data(), n);
  return v;
}

bool same_bits(const Matrix& a, const Matrix& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), sizeof(double) * std::size_t(a.size())) == 0;
}

bool same_bits(const InputJet& a, const InputJet& b) {
  return same_bits(a.u, b.u) && same_bits(a.grad, b.grad) && same_bits(a.dt, b.dt) && same_bits(a.lap, b.lap);
}

// sum_b [w.u u + w.grad . grad u + w.dt dt u + w.lap lap u], and the sum of
// the magnitudes of its terms.
double pairing(const InputJet& w, const InputJet& j, double* magnitude = nullptr) {
  double s = 0, a = 0;
  auto add = [&](const auto& x, const auto& y) {
    if (x.size() == 0) return;
    s += (x.array() * y.array()).sum();
    a += (x.array() * y.array()).abs().sum();
  };
  add(w.u, j.u);
  add(w.grad, j.grad);
  add(w.dt, j.dt);
  add(w.lap, j.lap);
  if (magnitude) *magnitude = a;
  return s;
}

InputJet random_weights(const InputSelection& s, long B, std::uint64_t seed) {
  InputJet w;
  w.u = uniform(B, 1, seed);
  w.grad = uniform(s.count, B, seed + 1);
  if (s.time >= 0) w.dt = uniform(B, 1, seed + 2);
  if (s.laplacian) w.lap = uniform(B, 1, seed + 3);
  return w;
}

// The networks the derivative tests run on: both activations, several
// depths and widths, and input selections with and without time.
struct Case {
  int d, width, depth;
  Activation f;
  InputSelection sel;
};
const Case kCases[] = {
    {3, 6, 1, Activation::gelu, {}},
    {2, 9, 3, Activation::gelu, {}},
    {4, 5, 2, Activation::tanh, {}},
    {2, 7, 4, Activation::tanh, {}},
    {3, 8, 2, Activation::gelu, {1, -1, 0, true}},  // phi(t, x): time first
    {3, 8, 2, Activation::tanh, {1, -1, 0, true}},
    {4, 6, 2, Activation::tanh, {0, 2, 3, true}},    // time after the range
    {3, 5, 3, Activation::gelu, {1, 1, -1, false}},  // one input, no Laplacian
};

}  // namespace

TEST_CASE("backward matches central differences of the value pass") {
  double worst = 0;
  for (Activation f : {Activation::gelu, Activation::tanh}) {
    Mlp net(3, 8, 3, 4, StreamKey{17, 0}, f);
    const Matrix X = uniform(3, 5, 1), C = uniform(4, 5, 2);  // loss = sum C .* Y
    Mlp::Tape tape;
    const Matrix Y = net.forward(X, &tape);
    const Vector g = net.backward(tape, C);
    const double scale = (C.array() * Y.array()).abs().sum();
    Vector& th = net.parameters();
    const double h = 1e-6;
    for (long k = 0; k < th.size(); ++k) {
      const double o = th[k];
      th[k] = o + h;
      const double fp = (C.array() * net.forward(X).array()).sum();
      th[k] = o - h;
      const double fm = (C.array() * net.forward(X).array()).sum();
      th[k] = o;
      worst = std::max(worst, std::abs(g[k] - (fp - fm) / (2 * h)) / scale);
    }
  }
  MESSAGE("backward vs central differences: max error / |f|_abs = " << worst);
  CHECK(worst < 1e-6);
}

TEST_CASE("input gradient, time derivative and Laplacian match finite differences of the value") {
  double worst_grad = 0, worst_lap = 0, worst_u = 0;
  for (const Case& c : kCases) {
    CAPTURE(c.d);
    CAPTURE(c.width);
    CAPTURE(c.depth);
    const Mlp net(c.d, c.width, c.depth, 1, StreamKey{5, 0}, c.f);
    const Matrix X = uniform(c.d, 7, 3);
    const InputJet j = net.jet(X, c.sel);
    const Vector u = net.forward(X).row(0).transpose();
    const int first = c.sel.first, count = c.sel.count < 0 ? c.d - first : c.sel.count;
    REQUIRE(j.grad.rows() == count);
    REQUIRE(j.dt.size() == (c.sel.time >= 0 ? 7 : 0));
    REQUIRE(j.lap.size() == (c.sel.laplacian ? 7 : 0));
    // The jet's value is the same function by another matrix product shape:
    // equal up to a few roundings.
    worst_u = std::max(worst_u, ((j.u - u).array().abs() / (1 + u.array().abs())).maxCoeff());
    auto shifted = [&](int input, double h) {
      Matrix Y = X;
      Y.row(input).array() += h;
      return Vector(net.forward(Y).row(0).transpose());
    };
    auto first_difference = [&](int input) {
      const double h = 1e-5;
      return Vector((shifted(input, h) - shifted(input, -h)) / (2 * h));
    };
    const Vector scale = 1 + u.array().abs();
    for (int i = 0; i < count; ++i) {
      const Vector fd = first_difference(first + i);
      worst_grad = std::max(worst_grad, ((j.grad.row(i).transpose() - fd).array().abs() / scale.array()).maxCoeff());
    }
    if (c.sel.time >= 0) {
      const Vector fd = first_difference(c.sel.time);
      worst_grad = std::max(worst_grad, ((j.dt - fd).array().abs() / scale.array()).maxCoeff());
    }
    if (c.sel.laplacian) {
      const double h = 2e-4;
      Vector lap = Vector::Zero(7);
      for (int i = 0; i < count; ++i) lap += (shifted(first + i, h) - 2 * u + shifted(first + i, -h)) / (h * h);
      worst_lap = std::max(worst_lap, ((j.lap - lap).array().abs() / scale.array()).maxCoeff());
    }
  }
  MESSAGE("jet value vs forward(): max relative difference " << worst_u);
  MESSAGE("input gradient / time derivative vs central differences: max error / (1 + |u|) = " << worst_grad);
  MESSAGE("Laplacian vs second differences: max error / (1 + |u|) = " << worst_lap);
  CHECK(worst_u < 1e-13);
  CHECK(worst_grad < 1e-6);
  CHECK(worst_lap < 1e-5);
}

TEST_CASE("jet_vjp is the parameter gradient of the weighted jet (central differences in theta)") {
  double worst = 0;
  for (const Case& c : kCases) {
    Mlp net(c.d, c.width, c.depth, 1, StreamKey{9, 0}, c.f);
    const Matrix X = uniform(c.d, 6, 4);
    JetTape tape;
    const InputJet j = net.jet(X, c.sel, &tape);
    const InputJet w = random_weights(tape.selection(), 6, 11);
    const Vector g = net.jet_vjp(tape, w);
    double scale = 0;
    pairing(w, j, &scale);
    Vector& th = net.parameters();
    const double h = 1e-6;
    for (long k = 0; k < th.size(); ++k) {
      const double o = th[k];
      th[k] = o + h;
      const double fp = pairing(w, net.jet(X, c.sel));
      th[k] = o - h;
      const double fm = pairing(w, net.jet(X, c.sel));
      th[k] = o;
      worst = std::max(worst, std::abs(g[k] - (fp - fm) / (2 * h)) / scale);
    }
  }
  MESSAGE("jet_vjp vs central differences: max error / |F|_abs = " << worst);
  CHECK(worst < 1e-6);
}

TEST_CASE("jet_vjp with weights on u alone is backward()") {
  // The same sums in another order: equal to a few roundings of the
  // gradient's magnitude.
  const Mlp net(3, 10, 3, 1, StreamKey{2, 0}, Activation::gelu);
  const Matrix X = uniform(3, 300, 5);  // three chunks
  JetTape tape;
  net.jet(X, {}, &tape);
  InputJet w;
  w.u = normal(300, 6);
  Mlp::Tape t;
  net.forward(X, &t);
  const Vector g = net.backward(t, w.u.transpose());
  const double err = (net.jet_vjp(tape, w) - g).cwiseAbs().maxCoeff() / g.cwiseAbs().maxCoeff();
  MESSAGE("jet_vjp(u only) vs backward(): max difference / max |gradient| = " << err);
  CHECK(err < 1e-13);
}

TEST_CASE("jet_jvp matches central differences along a direction, and is the adjoint of jet_vjp") {
  double worst_fd = 0, worst_adjoint = 0;
  for (const Case& c : kCases) {
    Mlp net(c.d, c.width, c.depth, 1, StreamKey{21, 0}, c.f);
    const Matrix X = uniform(c.d, 6, 8);
    JetTape tape;
    const InputJet j = net.jet(X, c.sel, &tape);
    Vector v = normal(net.parameter_count(), 3);
    v /= v.norm();
    const InputJet Jv = net.jet_jvp(tape, v);
    // Every entry against (jet(theta + h v) - jet(theta - h v)) / 2h.
    const Vector theta = net.parameters();
    const double h = 1e-6;
    net.set_parameters(theta + h * v);
    const InputJet p = net.jet(X, c.sel);
    net.set_parameters(theta - h * v);
    const InputJet m = net.jet(X, c.sel);
    net.set_parameters(theta);
    auto compare = [&](const auto& jv, const auto& plus, const auto& minus, const auto& value) {
      if (jv.size() == 0) return;
      const double scale = 1 + value.cwiseAbs().maxCoeff();
      const double err = ((plus - minus) / (2 * h) - jv).cwiseAbs().maxCoeff() / scale;
      worst_fd = std::max(worst_fd, err);
    };
    compare(Jv.u, p.u, m.u, j.u);
    compare(Jv.grad, p.grad, m.grad, j.grad);
    compare(Jv.dt, p.dt, m.dt, j.dt);
    compare(Jv.lap, p.lap, m.lap, j.lap);
    // <J v, w> = <v, J^T w>: the same bilinear form summed in two orders,
    // each exact to ~(terms along a path) eps ~ 1e-14 of the magnitude of
    // its terms.
    const InputJet w = random_weights(tape.selection(), 6, 12);
    double mag_left = 0;
    const double left = pairing(w, Jv, &mag_left);
    const Vector JTw = net.jet_vjp(tape, w);
    const double right = v.dot(JTw);
    const double mag = std::max(mag_left, (v.array() * JTw.array()).abs().sum());
    worst_adjoint = std::max(worst_adjoint, std::abs(left - right) / mag);
  }
  MESSAGE("jet_jvp vs central differences: max error / (1 + max|value|) = " << worst_fd);
  MESSAGE("adjoint identity <Jv, w> = <v, J^T w>: max relative error = " << worst_adjoint);
  CHECK(worst_fd < 1e-6);
  CHECK(worst_adjoint < 1e-12);
}

TEST_CASE("every pass gives the same bits with 1 and 2 threads") {
  for (Activation f : {Activation::gelu, Activation::tanh}) {
    const Mlp net(3, 16, 3, 1, StreamKey{4, 0}, f);
    const Matrix X = uniform(3, 1000, 9);  // 8 chunks, the last one partial
    const InputSelection sel{1, -1, 0, true};
    struct Out {
      Matrix y;
      Vector g, vjp;
      InputJet jet, jvp;
    };
    auto run = [&](int threads) {
      Out o;
      with_threads(threads, [&] {
        Mlp::Tape t;
        o.y = net.forward(X, &t);
        o.g = net.backward(t, o.y);
        JetTape tape;
        o.jet = net.jet(X, sel, &tape);
        o.vjp = net.jet_vjp(tape, o.jet);
        o.jvp = net.jet_jvp(tape, o.g);
      });
      return o;
    };
    const Out a = run(1), b = run(2);
    CHECK(same_bits(a.y, b.y));
    CHECK(same_bits(a.g, b.g));
    CHECK(same_bits(a.vjp, b.vjp));
    CHECK(same_bits(a.jet, b.jet));
    CHECK(same_bits(a.jvp, b.jvp));
  }
}

TEST_CASE("a reused jet tape gives the same bits as a fresh one") {
  const Mlp net(3, 12, 2, 1, StreamKey{6, 0}, Activation::tanh);
  const InputSelection sel{1, -1, 0, true};
  const Matrix X = uniform(3, 200, 2);
  JetTape reused, fresh;
  net.jet(uniform(3, 300, 1), {}, &reused);  // another size and selection first
  const InputJet a = net.jet(X, sel, &reused), b = net.jet(X, sel, &fresh);
  CHECK(same_bits(a, b));
  CHECK(same_bits(net.jet_vjp(reused, a), net.jet_vjp(fresh, b)));
  const Vector v = normal(net.parameter_count(), 4);
  CHECK(same_bits(net.jet_jvp(reused, v), net.jet_jvp(fresh, v)));
}

TEST_CASE("initialization: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) from RandomStream(key, layer)") {
  const Mlp net(2, 3, 1, 1, StreamKey{42, 0});
  REQUIRE(net.parameter_count() == 2 * 3 + 3 + 3 + 1);
  RandomStream hidden(StreamKey{42, 0}, 0), out(StreamKey{42, 0}, 1);
  for (long k = 0; k < 9; ++k) CHECK(net.parameters()[k] == (1 / std::sqrt(2.0)) * (2 * hidden.uniform() - 1));
  for (long k = 9; k < 13; ++k) CHECK(net.parameters()[k] == (1 / std::sqrt(3.0)) * (2 * out.uniform() - 1));
}

TEST_CASE("Adam: two steps by hand, and a restored state continues with the same bits") {
  // theta = 1, gradients 2 then -1, lr 0.1 (exact decimal arithmetic):
  //   t = 1: m = 0.2, v = 0.004, theta = 1 - 0.1 * 2 / (2 + 1e-8)
  //   t = 2: m = 0.08, v = 0.004996,
  //          theta -= 0.1 (0.08 / 0.19) / (sqrt(0.004996 / 0.001999) + 1e-8).
  Adam adam(1, 0.1);
  Vector th(1);
  th << 1.0;
  adam.update(th, Vector::Constant(1, 2.0));
  CHECK(th[0] == doctest::Approx(0.9000000004999999975).epsilon(1e-15));
  adam.update(th, Vector::Constant(1, -1.0));
  CHECK(th[0] == doctest::Approx(0.87336629670243135784).epsilon(1e-15));
  CHECK(adam.steps() == 2);
  CHECK(adam.first_moment()[0] == doctest::Approx(0.08).epsilon(1e-15));
  CHECK(adam.second_moment()[0] == doctest::Approx(0.004996).epsilon(1e-15));

  Adam a(5, 0.01), b(5, 0.01);
  Vector x = normal(5, 1);
  for (int k = 0; k < 3; ++k) a.update(x, normal(5, 10 + k));
  b.set_state(a.first_moment(), a.second_moment(), a.steps());
  Vector y = x;
  for (int k = 3; k < 6; ++k) {
    a.update(x, normal(5, 10 + k));
    b.update(y, normal(5, 10 + k));
  }
  CHECK(same_bits(x, y));

  GradientDescent gd(0.5);
  Vector z = Vector::Constant(2, 1.0);
  gd.update(z, Vector::Constant(2, 4.0));
  CHECK(z[0] == -1.0);
}

TEST_CASE("Adam minimizes an ill-conditioned quadratic; the learning rate can change between steps") {
  // f = 1/2 sum c_i (theta_i - t_i)^2, curvatures 0.1 .. 10, exact
  // gradients. Adam's second moment remembers the early, large gradients
  // (b2 = 0.999: ~1000 steps), so near the minimum the step lr m / sqrt(v)
  // shrinks with the gradient: a damped heavy-ball iteration that contracts
  // linearly (measured: to round-off within these 800 steps; a reference
  // written separately agrees). 1e-6 allows a slower contraction.
  const long n = 8;
  Vector c(n), t = uniform(n, 1, 3);
  for (long i = 0; i < n; ++i) c[i] = std::pow(10.0, -1 + 2 * double(i) / double(n - 1));
  Vector th = Vector::Zero(n);
  Adam adam(n, 0.05);
  for (double lr : {0.05, 0.005}) {
    adam.set_lr(lr);
    for (int k = 0; k < 400; ++k) adam.update(th, (c.array() * (th - t).array()).matrix());
  }
  const double err = (th - t).cwiseAbs().maxCoeff();
  MESSAGE("Adam on the quadratic: max |theta - t| = " << err);
  CHECK(err < 1e-6);

  // From theta = 0 the first step is -lr q exactly, so doubling lr (a power
  // of two) doubles it bit for bit.
  Adam a(3, 0.1), b(3, 0.1);
  b.set_lr(0.2);
  Vector x = Vector::Zero(3), y = Vector::Zero(3);
  const Vector g = normal(3, 7);
  a.update(x, g);
  b.update(y, g);
  CHECK(same_bits(2 * x, y));
}

TEST_CASE("bad sizes and selections are refused with clear messages") {
  CHECK_THROWS_WITH_AS(Mlp(2, 0, 2, 1, StreamKey{1, 0}), doctest::Contains("width 0"), InputError);
  CHECK_THROWS_WITH_AS(Mlp(2, 4, 0, 1, StreamKey{1, 0}), doctest::Contains("depth 0"), InputError);
  CHECK_THROWS_WITH_AS(activation_from_name("relu"), doctest::Contains("relu"), InputError);
  CHECK(activation_from_name(activation_name(Activation::tanh)) == Activation::tanh);

  Mlp net(2, 4, 2, 1, StreamKey{1, 0}), wide(2, 4, 2, 3, StreamKey{1, 0});
  CHECK_THROWS_WITH_AS(net.forward(Matrix::Zero(3, 4)), doctest::Contains("3 rows, expected 2"), DimensionMismatch);
  CHECK_THROWS_WITH_AS(net.jet(Matrix::Zero(3, 4)), doctest::Contains("3 rows, expected 2"), DimensionMismatch);
  CHECK_THROWS_WITH_AS(wide.jet(Matrix::Zero(2, 4)), doctest::Contains("scalar network"), InputError);
  CHECK_THROWS_WITH_AS(net.jet(Matrix::Zero(2, 4), {1, 2, -1, true}), doctest::Contains("outside"), InputError);
  CHECK_THROWS_WITH_AS(net.jet(Matrix::Zero(2, 4), {0, 2, 1, true}), doctest::Contains("time input 1"), InputError);
  CHECK_THROWS_WITH_AS(net.set_parameters(Vector::Zero(3)), doctest::Contains("3 parameters"), DimensionMismatch);

  JetTape tape;
  net.jet(Matrix::Zero(2, 4), {1, -1, 0, false}, &tape);
  InputJet w;
  w.u = Vector::Zero(5);
  CHECK_THROWS_WITH_AS(net.jet_vjp(tape, w), doctest::Contains("5 entries"), DimensionMismatch);
  w.u.resize(0);
  w.lap = Vector::Zero(4);  // no Laplacian was recorded
  CHECK_THROWS_AS(net.jet_vjp(tape, w), DimensionMismatch);
  CHECK_THROWS_AS(net.jet_jvp(tape, Vector::Zero(3)), DimensionMismatch);
  const Mlp other = net;
  CHECK_THROWS_WITH_AS(other.jet_vjp(tape, InputJet()), doctest::Contains("another network"), InputError);

  Adam adam(3, 0.1);
  Vector th = Vector::Zero(3);
  CHECK_THROWS_AS(adam.update(th, Vector::Zero(2)), DimensionMismatch);
  CHECK_THROWS_AS(adam.set_lr(0), InputError);
  CHECK_THROWS_AS(adam.set_state(Vector::Zero(3), Vector::Zero(2), 1), DimensionMismatch);
  CHECK_THROWS_AS(Adam(3, 0.1, 1.0), InputError);
}
