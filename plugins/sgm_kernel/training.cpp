#include "training.hpp"

#include <cmath>

#include <wprox/errors.hpp>
#include <wprox/random.hpp>

namespace wprox::sgm {
namespace {
// The network's initial weights get a seed of their own so that they are not
// correlated with the batch and sample draws keyed by the run's seed.
std::uint64_t init_seed(std::uint64_t seed) { return seed ^ 0x9E3779B97F4A7C15ULL; }
}  // namespace

KernelTrainer::KernelTrainer(const Particles& train, TrainSettings s, std::uint64_t seed)
    : s_(s),
      seed_(seed),
      net_(int(train.cols()), s.width, s.depth, packed_size(int(train.cols())), init_seed(seed)),
      adam_(net_.parameter_count(), s.lr) {
  WPROX_REQUIRE(s.centres < train.rows(), InputError,
                "parameter centres = " << s.centres << " must be less than the number of training points ("
                                       << train.rows() << "): the loss points must be disjoint from the centres");
  centres_ = train.topRows(s.centres);
  points_ = train.bottomRows(train.rows() - s.centres);
  centres_t_ = centres_.transpose();
}

RowMatrix KernelTrainer::factors() const { return net_.forward(centres_t_).transpose(); }

double KernelTrainer::loss(const Particles& X, Vector* grad) const {
  Mlp::Tape tape;
  const RowMatrix L = net_.forward(centres_t_, grad ? &tape : nullptr).transpose();
  const KernelModel m = make_model(centres_, L, s_.delta);
  RowMatrix dL;
  const double value = score_matching_loss(m, X, L, grad ? &dL : nullptr);
  if (grad) *grad = net_.backward(tape, dL.transpose());
  return value;
}

double KernelTrainer::step(long k) {
  Particles batch(s_.batch, centres_.cols());
  for (long b = 0; b < s_.batch; ++b) {
    RandomStream rs(seed_, std::uint64_t(b), std::uint64_t(k));
    batch.row(b) = points_.row(long(rs.bits() % std::uint64_t(points_.rows())));
  }
  Vector grad;
  const double value = loss(batch, &grad);
  if (!std::isfinite(value) || !grad.allFinite())
    throw RunError(k, "score-matching loss or its gradient is not finite (loss " + std::to_string(value) +
                          "); lower lr or raise delta");
  adam_.update(net_.parameters(), grad);
  return value;
}

}  // namespace wprox::sgm
