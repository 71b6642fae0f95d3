// PotentialProx: prox_{tau V}(y) against the closed form for quadratic V, by
// both of its algorithms (Newton with the Hessian, BFGS without), on a
// non-quadratic V through the optimality condition, and its failure report.
#include <wprox/potential_prox.hpp>

#include <Eigen/LU>

#include <cmath>

#include "testing.hpp"

using namespace wprox;

namespace {

// V = 1/2 x^T A x, optionally hiding its Hessian (forces the BFGS path).
class Quadratic : public Potential {
 public:
  Quadratic(Matrix A, bool expose_hessian) : A_(std::move(A)), hess_(expose_hessian) {}
  int dim() const override { return int(A_.rows()); }
  double value(const double* x) const override {
    const Eigen::Map<const Vector> v(x, dim());
    return 0.5 * v.dot(A_ * v);
  }
  void gradient(const double* x, double* g) const override {
    Eigen::Map<Vector>(g, dim()) = A_ * Eigen::Map<const Vector>(x, dim());
  }
  bool hessian(const double*, double* H) const override {
    if (hess_) Eigen::Map<RowMatrix>(H, dim(), dim()) = A_;
    return hess_;
  }

 private:
  Matrix A_;
  bool hess_;
};

// V = sum_k x_k^4 / 4 - x_k^2 / 2: a double well, non-convex near 0.
class DoubleWell : public Potential {
 public:
  explicit DoubleWell(int d, bool expose_hessian) : d_(d), hess_(expose_hessian) {}
  int dim() const override { return d_; }
  double value(const double* x) const override {
    double v = 0;
    for (int k = 0; k < d_; ++k) v += 0.25 * std::pow(x[k], 4) - 0.5 * x[k] * x[k];
    return v;
  }
  void gradient(const double* x, double* g) const override {
    for (int k = 0; k < d_; ++k) g[k] = x[k] * x[k] * x[k] - x[k];
  }
  bool hessian(const double* x, double* H) const override {
    if (!hess_) return false;
    for (int r = 0; r < d_; ++r)
      for (int c = 0; c < d_; ++c) H[r * d_ + c] = r == c ? 3 * x[r] * x[r] - 1 : 0.0;
    return true;
  }

 private:
  int d_;
  bool hess_;
};

Particles points(long n, int d, std::uint64_t seed, double scale) {
  Particles X(n, d);
  for (long i = 0; i < n; ++i) RandomStream(seed, std::uint64_t(i)).normal(X.row(i).data(), d);
  return X * scale;
}

Matrix spd(int d) {
  Matrix B = Matrix::Random(d, d);  // Eigen's fixed-seed generator: deterministic
  return B * B.transpose() + 0.5 * Matrix::Identity(d, d);
}

}  // namespace

TEST_CASE("prox of a quadratic equals (I + tau A)^-1 y, with and without the Hessian") {
  const int d = 6;
  const Matrix A = spd(d);
  const Particles Y = points(200, d, 1, 3.0);
  for (bool hess : {true, false}) {
    CAPTURE(hess);
    const Quadratic V(A, hess);
    PotentialProxOptions opt;
    opt.tol = 1e-12;
    Particles Z;
    PotentialProxStats st;
    PotentialProx(V, opt).apply(Y, 0.7, Z, 1, &st);
    const Matrix Minv = (Matrix::Identity(d, d) + 0.7 * A).inverse();
    const RowMatrix exact = (Minv * Y.transpose()).transpose();
    // |z - z*| <= |(I + tau A)^-1| |F(z)| <= |F| since I + tau A >= I: the
    // residual tolerance times max(1, |y|) bounds the error (plus rounding
    // in forming the closed form, ~1e-14 |y|).
    for (long i = 0; i < Y.rows(); ++i)
      CHECK((Z.row(i) - exact.row(i)).norm() <= 1e-12 * std::max(1.0, Y.row(i).norm()) + 1e-13 * Y.row(i).norm());
    // Newton is exact in one step on a quadratic. BFGS with an Armijo line
    // search converges superlinearly but has no finite-termination bound;
    // only check that it stayed far from the iteration limit.
    CHECK(st.max_iterations <= (hess ? 1 : opt.max_iterations / 4));
    MESSAGE("quadratic prox, hessian=" << hess << ": max iterations " << st.max_iterations);
  }
}

TEST_CASE("prox of a non-convex double well solves z + tau grad V(z) = y") {
  const Particles Y = points(300, 3, 2, 2.0);
  for (bool hess : {true, false}) {
    CAPTURE(hess);
    const DoubleWell V(3, hess);
    Particles Z;
    PotentialProxStats st;
    // tau = 0.5 < 1: the prox objective V + |z - y|^2/(2 tau) has Hessian
    // 3z^2 - 1 + 2 > 0, strictly convex, so the solution is unique.
    PotentialProx(V, {}).apply(Y, 0.5, Z, 1, &st);
    for (long i = 0; i < Y.rows(); ++i) {
      Vector g(3);
      V.gradient(Z.row(i).data(), g.data());
      const double res = (Z.row(i).transpose() + 0.5 * g - Y.row(i).transpose()).norm();
      CHECK(res <= 1e-10 * std::max(1.0, Y.row(i).norm()));
    }
    MESSAGE("double-well prox, hessian=" << hess << ": max iterations " << st.max_iterations);
  }
}

TEST_CASE("a prox that does not converge names the particle and the residual") {
  const DoubleWell V(2, false);
  PotentialProxOptions opt;
  opt.max_iterations = 1;
  opt.tol = 1e-14;
  Particles Z;
  try {
    PotentialProx(V, opt).apply(points(10, 2, 3, 5.0), 0.9, Z, 7, nullptr);
    FAIL("expected a RunError");
  } catch (const RunError& e) {
    const std::string msg = e.what();
    CHECK(e.step() == 7);
    CHECK(msg.find("particle 0") != std::string::npos);
    CHECK(msg.find("residual") != std::string::npos);
  }
}
