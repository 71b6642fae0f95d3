#include "training.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <wprox/agreement.hpp>
#include <wprox/errors.hpp>
#include <wprox/parallel.hpp>
#include <wprox/random.hpp>

namespace wprox::sgm {
namespace {
constexpr std::uint64_t kNetwork = stream_purpose("sgm-kernel.network");
constexpr std::uint64_t kBatch = stream_purpose("sgm-kernel.batch");
}  // namespace

KernelTrainer::KernelTrainer(const Particles& train, TrainSettings s, std::uint64_t seed, const Communicator& comm)
    : s_(s),
      seed_(seed),
      comm_(&comm),
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
  return shared_loss(X.rows(), [&](long first, long count) { return Particles(X.middleRows(first, count)); }, grad);
}

double KernelTrainer::shared_loss(long points, const std::function<Particles(long, long)>& rows,
                                  Vector* grad) const {
  const Communicator& comm = *comm_;
  // This rank's whole blocks, and every rank's point count for the gather.
  const BlockSplit split{std::size_t(loss_blocks(points)), comm.size()};
  const auto point_range = [&](int r, long& first, long& end) {
    first = std::min(points, long(split.begin(r)) * kLossBlock);
    end = std::min(points, long(split.begin(r) + split.count(r)) * kLossBlock);
  };
  std::vector<std::size_t> point_counts(comm.size()), block_counts(comm.size());
  const long N = centres_.rows(), width = partial_width(int(centres_.cols()));
  for (int r = 0; r < comm.size(); ++r) {
    long f = 0, e = 0;
    point_range(r, f, e);
    point_counts[r] = std::size_t(e - f);
    block_counts[r] = split.count(r) * std::size_t(N * width);
  }
  long first = 0, end = 0;
  point_range(comm.rank(), first, end);

  // The network on every centre, on every rank (replicated work).
  Mlp::Tape tape;
  const RowMatrix L = net_.forward(centres_t_, grad ? &tape : nullptr).transpose();
  const KernelModel m = make_model(centres_, L, s_.delta);
  LossPartials own;
  agree(comm, [&] { own = score_matching_partials(m, rows(first, end - first), grad != nullptr); });

  // One rank: its partials are all of them. Several: gathered in rank
  // order, which is block order.
  Vector terms;
  std::vector<double> blocks;
  if (comm.size() == 1) {
    terms = std::move(own.terms);
    blocks = std::move(own.blocks);
  } else {
    terms.resize(points);
    comm.all_gather(own.terms.data(), point_counts[comm.rank()], terms.data(), point_counts);
    if (grad) {
      blocks.resize(std::size_t(loss_blocks(points) * N * width));
      comm.all_gather(own.blocks.data(), block_counts[comm.rank()], blocks.data(), block_counts);
    }
  }
  const double value = deterministic_sum(points, [&](long b) { return terms[b]; }) / double(points);
  if (grad) {
    RowMatrix dL;
    score_matching_gradient(m, L, blocks.data(), points, dL);
    *grad = net_.backward(tape, dL.transpose());
  }
  return value;
}

double KernelTrainer::step(long k) {
  // Slot b of the batch is drawn from its own stream, so a rank draws only
  // the slots it evaluates.
  const auto draw = [&](long first, long count) {
    Particles batch(count, centres_.cols());
    for (long b = 0; b < count; ++b) {
      RandomStream rs(seed_, kBatch, std::uint64_t(first + b), std::uint64_t(k));
      batch.row(b) = points_.row(long(rs.bits() % std::uint64_t(points_.rows())));
    }
    return batch;
  };
  Vector grad;
  const double value = shared_loss(s_.batch, draw, &grad);
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
