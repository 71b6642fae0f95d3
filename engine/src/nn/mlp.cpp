// Mlp: construction, parameters, and the value pass with its reverse-mode
// parameter gradient.
#include "wprox/mlp.hpp"

#include <algorithm>
#include <cmath>

#include "activation.hpp"
#include "dense.hpp"
#include "wprox/errors.hpp"
#include "wprox/parallel.hpp"
#include "wprox/random.hpp"

namespace wprox {

Activation activation_from_name(const std::string& name) {
  if (name == "gelu") return Activation::gelu;
  if (name == "tanh") return Activation::tanh;
  throw InputError("network: unknown activation '" + name + "'; valid: gelu, tanh");
}

const char* activation_name(Activation f) { return f == Activation::tanh ? "tanh" : "gelu"; }

Mlp::Mlp(int inputs, int width, int depth, int outputs, StreamKey init, Activation activation)
    : in_(inputs), out_(outputs), width_(width), act_(activation) {
  WPROX_REQUIRE(inputs > 0 && outputs > 0 && width > 0 && depth > 0, InputError,
                "network: inputs " << inputs << ", width " << width << ", depth " << depth << " and outputs " << outputs
                                   << " must all be positive");
  long offset = 0;
  int fan_in = inputs;
  for (int l = 0; l <= depth; ++l) {
    const int rows = l < depth ? width : outputs;
    Layer L{offset, offset + long(rows) * fan_in, rows, fan_in};
    offset = L.b + rows;
    layers_.push_back(L);
    fan_in = rows;
  }
  theta_.resize(offset);
  for (std::size_t l = 0; l < layers_.size(); ++l) {
    const Layer& L = layers_[l];
    const double bound = 1.0 / std::sqrt(double(L.cols));
    RandomStream rs(init, l);
    for (long k = L.w; k < L.b + L.rows; ++k) theta_[k] = bound * (2.0 * rs.uniform() - 1.0);
  }
}

void Mlp::set_parameters(const Vector& theta) {
  WPROX_REQUIRE(theta.size() == theta_.size(), DimensionMismatch,
                "network: " << theta.size() << " parameters given, the network has " << theta_.size());
  theta_ = theta;
}

// A column's forward pass does not depend on the others, and the backward
// pass sums the chunks' partial gradients in chunk order. The products are
// nn::gemm (dense.hpp): run-time dispatched, unlike Eigen's in a portable
// build.
Matrix Mlp::forward(const Matrix& X, Tape* tape) const {
  WPROX_REQUIRE(X.rows() == in_, DimensionMismatch, "network: input has " << X.rows() << " rows, expected " << in_);
  const long B = X.cols(), hidden = long(layers_.size()) - 1;
  if (tape) {
    tape->a.assign(hidden + 1, Matrix());
    tape->slope.assign(hidden, Matrix());
    tape->a[0] = X;
    for (long l = 0; l < hidden; ++l) {
      tape->a[l + 1].resize(layers_[l].rows, B);
      tape->slope[l].resize(layers_[l].rows, B);
    }
  }
  Matrix Y(out_, B);
  parallel_for((B + kChunk - 1) / kChunk, [&](long c0, long c1) {
    Matrix a, z, slope;
    for (long c = c0; c < c1; ++c) {
      const long j0 = c * kChunk, n = std::min(kChunk, B - j0);
      a = X.middleCols(j0, n);
      for (long l = 0; l < hidden; ++l) {
        const Layer& L = layers_[l];
        z.resize(L.rows, n);
        nn::gemm(L.rows, n, L.cols, theta_.data() + L.w, L.rows, a.data(), 1, L.cols, z.data(), L.rows, false);
        z.colwise() += b(L);
        nn::activate(act_, z, a, tape ? &slope : nullptr);
        if (tape) {
          tape->a[l + 1].middleCols(j0, n) = a;
          tape->slope[l].middleCols(j0, n) = slope;
        }
      }
      const Layer& O = layers_.back();
      nn::gemm(O.rows, n, O.cols, theta_.data() + O.w, O.rows, a.data(), 1, O.cols, Y.data() + j0 * out_, out_, false);
      Y.middleCols(j0, n).colwise() += b(O);
    }
  });
  return Y;
}

Vector Mlp::backward(const Tape& tape, const Matrix& dY) const {
  const long B = dY.cols(), chunks = (B + kChunk - 1) / kChunk;
  WPROX_REQUIRE(dY.rows() == out_, DimensionMismatch,
                "network: output adjoint has " << dY.rows() << " rows, expected " << out_);
  WPROX_REQUIRE(tape.a.size() == layers_.size() && tape.a[0].cols() == B, DimensionMismatch,
                "network: output adjoint has " << B << " columns, the tape " << (tape.a.empty() ? 0 : tape.a[0].cols())
                                               << " (or another depth)");
  if (chunks == 0) return Vector::Zero(theta_.size());
  // W^T of each layer, column-major, so that W^T delta is a plain product.
  std::vector<Matrix> Wt(layers_.size());
  for (std::size_t l = 1; l < layers_.size(); ++l) Wt[l] = W(layers_[l]).transpose();
  std::vector<Vector> partial(chunks);
  parallel_for(chunks, [&](long c0, long c1) {
    Matrix delta, da;
    for (long c = c0; c < c1; ++c) {
      const long j0 = c * kChunk, n = std::min(kChunk, B - j0);
      Vector& grad = partial[c];
      grad.resize(theta_.size());
      delta = dY.middleCols(j0, n);  // dLoss / d(pre-activation) of the current layer
      for (long l = long(layers_.size()) - 1; l >= 0; --l) {
        const Layer& L = layers_[l];
        // dW = delta a^T: B(p, c) = a(c, j0 + p).
        const Matrix& A = tape.a[l];
        nn::gemm(L.rows, L.cols, n, delta.data(), L.rows, A.data() + j0 * A.rows(), A.rows(), 1, grad.data() + L.w,
                 L.rows, false);
        Eigen::Map<Vector>(grad.data() + L.b, L.rows) = delta.rowwise().sum();
        if (l > 0) {
          da.resize(L.cols, n);
          nn::gemm(L.cols, n, L.rows, Wt[l].data(), L.cols, delta.data(), 1, L.rows, da.data(), L.cols, false);
          delta = (da.array() * tape.slope[l - 1].middleCols(j0, n).array()).matrix();
        }
      }
    }
  });
  Vector grad = partial[0];
  for (long c = 1; c < chunks; ++c) grad += partial[c];
  return grad;
}

}  // namespace wprox
