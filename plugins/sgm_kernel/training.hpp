#pragma once
#include <limits>
// Training of the kernel model: the network L(z) maps a centre to the packed
// lower-triangular factor of its precision, Gamma = L L^T + delta I; Adam
// minimizes the implicit score-matching loss of the mixture at the terminal
// time on mini-batches of loss points. Centres and loss points are disjoint
// rows of the training set (centres: the first `centres` rows; loss points:
// the rest), without which the precisions grow without bound and the model
// falls back to memorizing the centres.
//
// Under several ranks the loss points are shared: every rank holds the
// network, Adam's state and the centres, evaluates the network on all
// centres, and takes a contiguous run of whole loss blocks (kLossBlock
// points; BlockSplit over the blocks) for the kernel and the gradient
// partials; the partials and the per-point loss terms are gathered and added
// in block order on every rank, so every rank takes the same Adam step with
// the one-process bits.
#include <cstdint>
#include <functional>

#include <wprox/adam.hpp>
#include <wprox/communicator.hpp>
#include <wprox/mlp.hpp>

#include "kernel_model.hpp"

namespace wprox::sgm {

struct TrainSettings {
  long centres = 1000;
  int width = 64, depth = 5;
  long batch = 64;
  double lr = 2e-3;
  double delta = 0.01;
};

class KernelTrainer {
 public:
  // InputError when centres >= rows of train (no loss point would be left).
  // comm: the ranks that share the loss points (it must outlive the trainer).
  KernelTrainer(const Particles& train, TrainSettings s, std::uint64_t seed,
                const Communicator& comm = serial_communicator());

  // One Adam iteration (k = 1-based iteration number, which keys the batch
  // draw: slot b uses RandomStream(seed, "sgm-kernel.batch", b, k)). Returns the batch loss.
  double step(long k);

  // The network's factors at the centres (N x d(d+1)/2) and the model.
  RowMatrix factors() const;
  KernelModel model() const { return make_model(centres_, factors(), s_.delta); }
  // Score-matching loss of the current model on the rows of X, and its
  // gradient with respect to the network parameters when grad is not null.
  // Collective: every rank calls it with the same X, and gets the same bits.
  double loss(const Particles& X, Vector* grad = nullptr) const;

  Mlp& network() { return net_; }
  const Mlp& network() const { return net_; }
  Adam& optimizer() { return adam_; }
  const Adam& optimizer() const { return adam_; }
  const Particles& centres() const { return centres_; }
  const Particles& loss_points() const { return points_; }
  const TrainSettings& settings() const { return s_; }

 private:
  // The loss over `points` loss points, of which this rank's share (rows
  // [first, first + count) of them) comes from rows(first, count).
  double shared_loss(long points, const std::function<Particles(long first, long count)>& rows, Vector* grad) const;

  TrainSettings s_;
  std::uint64_t seed_;
  const Communicator* comm_;
  Particles centres_, points_;
  Matrix centres_t_;  // d x N, the network's input batch
  Mlp net_;
  Adam adam_;
  // The first loss seen by this trainer: the scale an exploding loss is
  // measured against (a resumed run measures from its first step).
  double first_loss_ = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace wprox::sgm
