#include "training.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/errors.hpp>
#include <wprox/random.hpp>

namespace wprox::sgm {
namespace {
constexpr std::uint64_t kNetwork = stream_purpose("sgm-kernel.network");
constexpr std::uint64_t kBatch = stream_purpose("sgm-kernel.batch");
}  // namespace

KernelTrainer::KernelTrainer(const Particles& train, TrainSettings s, std::uint64_t seed)
    : s_(s),
      seed_(seed),
      net_(int(train.cols()), s.width, s.depth, packed_size(int(train.cols())), StreamKey{seed, kNetwork}),
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
    RandomStream rs(seed_, kBatch, std::uint64_t(b), std::uint64_t(k));
    batch.row(b) = points_.row(long(rs.bits() % std::uint64_t(points_.rows())));
  }
  Vector grad;
  const double value = loss(batch, &grad);
  if (!std::isfinite(value) || !grad.allFinite())
    throw RunError(k, "score-matching loss or its gradient is not finite (loss " + std::to_string(value) +
                          "); lower lr or raise delta");
  // A finite loss can still have exploded: the score-matching loss of a
  // sane model stays within a few orders of magnitude of its first value
  // (it is bounded below by minus the true score's Fisher information), so
  // growth by kExplosion means the optimizer has left the basin.
  constexpr double kExplosion = 1e8;
  if (std::isnan(first_loss_)) first_loss_ = value;
  if (std::fabs(value) > kExplosion * std::max(1.0, std::fabs(first_loss_))) {
    std::ostringstream os;
    os.precision(3);
    os << "the score-matching loss exploded from " << first_loss_ << " to " << value << "; lower lr or raise delta";
    throw RunError(k, os.str());
  }
  adam_.update(net_.parameters(), grad);
  return value;
}

}  // namespace wprox::sgm
