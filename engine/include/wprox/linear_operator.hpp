#pragma once
// A linear map y = A x between flat double arrays.
//
// Contract: apply() reads cols() doubles from x and writes rows() doubles to
// y; x and y may alias only if the implementation says so. Implementations
// are const and safe to call from several threads at once.
namespace wprox {

class LinearOperator {
 public:
  virtual ~LinearOperator() = default;
  virtual long rows() const = 0;
  virtual long cols() const = 0;
  virtual void apply(const double* x, double* y) const = 0;
};

}  // namespace wprox
