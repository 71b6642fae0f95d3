#pragma once
// A small fully connected network with GELU activations, written with Eigen,
// with hand-derived backpropagation.
//
//   a_0 = x,  a_l = gelu(W_l a_{l-1} + b_l)  (l = 1..depth, width units),
//   y = W_out a_depth + b_out,
// gelu(z) = z Phi(z) (the exact, erf-based form, as in PyTorch's default).
// All parameters live in one flat vector (for the optimizer); W_l are
// column-major views into it. Inputs and outputs are batched by columns.
#include <cstdint>
#include <vector>

#include <wprox/data.hpp>

namespace wprox::sgm {

class Mlp {
 public:
  // Weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch's Linear
  // default), drawn from RandomStream(seed, layer).
  Mlp(int inputs, int width, int depth, int outputs, std::uint64_t seed);

  int inputs() const { return in_; }
  int outputs() const { return out_; }
  long parameter_count() const { return long(theta_.size()); }
  Vector& parameters() { return theta_; }
  const Vector& parameters() const { return theta_; }

  // What forward() keeps for backward(): activations a[l] (a[0] = input)
  // and the slopes gelu'(z) of the hidden layers.
  struct Tape {
    std::vector<Matrix> a, slope;
  };
  // X: inputs x B. Returns outputs x B; fills `tape` when not null.
  Matrix forward(const Matrix& X, Tape* tape = nullptr) const;
  // Given dLoss/dY (outputs x B) for the batch recorded in `tape`, returns
  // dLoss/dtheta (same layout as parameters()).
  Vector backward(const Tape& tape, const Matrix& dY) const;

 private:
  struct Layer {
    long w, b;  // offsets of W (rows x cols, column-major) and b in theta_
    int rows, cols;
  };
  Eigen::Map<const Matrix> W(const Layer& L) const { return {theta_.data() + L.w, L.rows, L.cols}; }
  Eigen::Map<const Vector> b(const Layer& L) const { return {theta_.data() + L.b, L.rows}; }

  int in_, out_;
  std::vector<Layer> layers_;  // hidden layers then the output layer
  Vector theta_;
};

}  // namespace wprox::sgm
