// gaussian: V(x) = 1/2 (x - m)^T A (x - m), so exp(-beta V) = N(m, (beta A)^-1).
#include <Eigen/Cholesky>
#include <Eigen/LU>

#include <cmath>

#include "register.hpp"

namespace wprox::targets {
namespace {

class GaussianTarget : public TargetProblem {
 public:
  GaussianTarget(Vector mean, Matrix precision) : V_(precision, mean), m_(mean), A_(precision) {}
  std::string name() const override { return "gaussian"; }
  const Potential& potential() const override { return V_; }
  std::optional<Moments> exact_moments(double beta) const override { return Moments{m_, (beta * A_).inverse()}; }
  std::optional<Box> box() const override {
    const Vector sd = A_.inverse().diagonal().cwiseSqrt();
    return Box{m_ - 5 * sd, m_ + 5 * sd};
  }

 private:
  QuadraticPotential V_;
  Vector m_;
  Matrix A_;
};

// precision: one number c (c I), one row of d numbers (a diagonal), or d x d.
Matrix precision_matrix(const RowMatrix& p, int d) {
  if (p.size() == 1) return p(0, 0) * Matrix::Identity(d, d);
  if (p.rows() == 1) {
    WPROX_REQUIRE(p.cols() == d, DimensionMismatch,
                  "problem.precision has " << p.cols() << " diagonal entries but the dimension is " << d);
    return p.row(0).transpose().asDiagonal();
  }
  WPROX_REQUIRE(p.rows() == d && p.cols() == d, DimensionMismatch,
                "problem.precision is " << p.rows() << "x" << p.cols() << " but the dimension is " << d);
  return Matrix(p);
}

struct GaussianSettings {
  std::optional<long> dim;
  Vector mean;  // empty: zero
  RowMatrix precision;
};

std::shared_ptr<const TargetProblem> create(const GaussianSettings& s) {
  const RowMatrix& P = s.precision;
  // The dimension: given, or implied by the mean or the precision, or 2.
  int d = 2;
  if (s.dim)
    d = int(*s.dim);
  else if (s.mean.size())
    d = int(s.mean.size());
  else if (P.rows() > 1)
    d = int(P.rows());
  else if (P.cols() > 1)
    d = int(P.cols());
  Vector mean = s.mean.size() ? s.mean : Vector::Zero(d);
  WPROX_REQUIRE(mean.size() == d, DimensionMismatch,
                "problem.mean has " << mean.size() << " entries but the dimension is " << d);
  Matrix A = precision_matrix(P, d);
  WPROX_REQUIRE((A - A.transpose()).norm() <= 1e-12 * A.norm(), InputError, "problem.precision must be symmetric");
  Eigen::LLT<Matrix> llt(A);
  WPROX_REQUIRE(llt.info() == Eigen::Success, InputError, "problem.precision must be positive definite");
  return std::make_shared<GaussianTarget>(mean, A);
}

}  // namespace

void register_gaussian(Registry& r) {
  using S = GaussianSettings;
  r.add_problem(make_problem<TargetProblem>(
      "gaussian", "Gaussian N(mean, (beta precision)^-1): V = (x-m)^T A (x-m) / 2; exact moments known",
      SettingsSchema<S>()
          .optional_integer("dim", &S::dim, "dimension d (default: from mean or precision, else 2)",
                            Range::closed(1, 10000))
          .vector("mean", &S::mean, "", "mean m, d numbers (default: zero)")
          .matrix("precision", &S::precision, "1",
                  "precision A: c (c I), a diagonal 'a1,...,ad', or a full matrix 'a,b;b,c'"),
      [](const S& s, const RunContext&) { return create(s); }));
}

}  // namespace wprox::targets
