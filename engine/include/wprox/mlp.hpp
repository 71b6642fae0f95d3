#pragma once
// A small fully connected network (multilayer perceptron) with hand-derived
// derivatives, for methods that fit a function by first-order optimization:
//
//   a_0 = x,  a_l = sigma(W_l a_{l-1} + b_l)   (l = 1..depth, `width` units),
//   y = W_out a_depth + b_out,
//
// with sigma = gelu (z Phi(z), the exact erf form, PyTorch's default) or tanh.
//
// Batches are columns: X is inputs x B, column-major. The network computes
//  * forward(): y (outputs x B); backward(): d(loss)/d(theta) from
//    d(loss)/dy, for losses of the outputs;
//  * for scalar networks (outputs = 1), jet(): u(x), the gradient and the
//    Laplacian of u over chosen inputs (forward mode through the layers),
//    and, from the JetTape it records, the two products with the Jacobian J
//    of all those per-sample quantities with respect to theta:
//    jet_vjp() = J^T w (the parameter gradient of a loss that is linear in
//    u, grad u, Laplacian u with weights w, e.g. one step of a PINN loss) and
//    jet_jvp() = J v (their directional derivatives). A caller applies
//    J^T M J by one of each without forming J (Gram systems solved by MINRES).
//
// Parameters are one flat vector theta (the optimizers' view): for each layer
// in order (hidden layers, then the output layer) W_l (rows x cols,
// column-major), then b_l.
//
// Thread safety: const members may run concurrently. Each splits the batch
// into chunks of kChunk columns run in parallel (parallel_for), and sums over
// the batch add the chunks' partial sums in chunk order: the results are the
// same bits for any number of threads.
#include <cstdint>
#include <string>
#include <vector>

#include "wprox/data.hpp"
#include "wprox/random.hpp"

namespace wprox {

enum class Activation { gelu, tanh };

// "gelu" or "tanh"; InputError otherwise.
Activation activation_from_name(const std::string& name);
const char* activation_name(Activation f);

// Which input derivatives jet() computes. Gradient and Laplacian are taken
// over the contiguous "spatial" inputs [first, first + count) (count = -1:
// through the last input); `time`, when >= 0, names one more input outside
// that range whose first derivative alone is wanted. For phi(t, x) with time
// as input 0: {first = 1, count = -1, time = 0}. count = 0 with
// laplacian = false asks for the value only.
struct InputSelection {
  int first = 0;
  int count = -1;
  int time = -1;
  bool laplacian = true;
};

// A scalar network's value and input derivatives on a batch of B samples:
// u (B), grad (count x B; row i is du/dx_{first+i}), dt (B; empty when no
// time input was selected), lap (B; empty unless laplacian was asked for).
// The same shapes carry the weights w of jet_vjp() (an empty member counts as
// zeros) and the directional derivatives that jet_jvp() returns.
struct InputJet {
  Vector u;
  Matrix grad;
  Vector dt;
  Vector lap;
};

class Mlp;

// What jet() keeps for jet_vjp() and jet_jvp(): every layer's input and
// pre-activation with their forward-mode tangents, chunk by chunk. It belongs
// to the network object that recorded it and is valid only while that
// network's parameters are unchanged (they are not copied; a changed theta
// gives wrong products, not an error).
class JetTape {
 public:
  long batch() const { return batch_; }
  // The selection with count resolved.
  const InputSelection& selection() const { return sel_; }

 private:
  friend class Mlp;
  struct Chunk {
    std::vector<Matrix> S;           // input of each layer, then of the output layer
    std::vector<Matrix> P;           // pre-activation of each hidden layer
    std::vector<Matrix> d1, d2, d3;  // sigma', sigma'', sigma''' at z
  };
  const Mlp* owner_ = nullptr;
  InputSelection sel_;
  long batch_ = 0;
  std::vector<Chunk> chunks_;
};

class Mlp {
 public:
  // Columns per parallel task; fixed so that the bits do not depend on the
  // thread count.
  static constexpr long kChunk = 128;

  // Weights and biases ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in)) (PyTorch's Linear
  // default), layer l (0-based, the output layer last) from
  // RandomStream(init, l) (a key with a purpose of the caller's, so two
  // networks of one run start apart). InputError unless all sizes are positive.
  Mlp(int inputs, int width, int depth, int outputs, StreamKey init, Activation activation = Activation::gelu);

  int inputs() const { return in_; }
  int outputs() const { return out_; }
  int width() const { return width_; }
  int depth() const { return int(layers_.size()) - 1; }
  Activation activation() const { return act_; }

  long parameter_count() const { return long(theta_.size()); }
  Vector& parameters() { return theta_; }
  const Vector& parameters() const { return theta_; }
  // DimensionMismatch unless theta has parameter_count() entries.
  void set_parameters(const Vector& theta);

  // What forward() keeps for backward(): activations a[l] (a[0] = input)
  // and the slopes sigma'(z) of the hidden layers.
  struct Tape {
    std::vector<Matrix> a, slope;
  };
  // X: inputs x B (DimensionMismatch otherwise). Returns outputs x B; fills
  // `tape` when not null.
  Matrix forward(const Matrix& X, Tape* tape = nullptr) const;
  // Given dLoss/dY (outputs x B) for the batch recorded in `tape`, returns
  // dLoss/dtheta (the layout of parameters()).
  Vector backward(const Tape& tape, const Matrix& dY) const;

  // For outputs() == 1 (InputError otherwise): u and its derivatives over
  // the inputs `sel` picks (InputError when it picks inputs out of range or
  // overlapping), at the columns of X (inputs x B). Fills `tape` when not null.
  InputJet jet(const Matrix& X, const InputSelection& sel = {}, JetTape* tape = nullptr) const;
  // J^T w: d/dtheta of sum_b [w.u u + w.grad . grad u + w.dt dt u + w.lap lap u]
  // at the recorded batch. Members of w are empty or have the recorded
  // shapes (DimensionMismatch otherwise).
  Vector jet_vjp(const JetTape& tape, const InputJet& w) const;
  // J v: d/de at e = 0 of jet() at theta + e v, every member of the
  // recorded selection. v has parameter_count() entries.
  InputJet jet_jvp(const JetTape& tape, const Vector& v) const;

 private:
  struct Layer {
    long w, b;  // offsets of W (rows x cols, column-major) and b in theta_
    int rows, cols;
  };
  Eigen::Map<const Matrix> W(const Layer& L) const { return {theta_.data() + L.w, L.rows, L.cols}; }
  Eigen::Map<const Vector> b(const Layer& L) const { return {theta_.data() + L.b, L.rows}; }
  void check_tape(const JetTape& tape) const;
  void jet_chunk(const Matrix& X, long j0, long n, const InputSelection& sel, JetTape::Chunk& c) const;

  int in_, out_, width_;
  Activation act_;
  std::vector<Layer> layers_;  // hidden layers then the output layer
  Vector theta_;
};

}  // namespace wprox
