// Metropolis-adjusted Langevin: the ULA move as a proposal, accepted with the
// Metropolis-Hastings probability, so exp(-beta V) is exactly invariant.
// Each particle is an independent chain.
#include <cmath>

#include <wprox/checkpoint.hpp>

#include "langevin.hpp"

namespace wprox::langevin {
namespace {

class MalaRun : public SamplerRun {
 public:
  bool independent_chains() const override { return true; }  // each particle its own chain
  MalaRun(const TargetProblem& t, const SamplerSettings& s, const RunContext& ctx)
      : SamplerRun(t, s, ctx, "mala"), accepted_(X_.rows(), 0) {}

  void save_extra(StateWriter& w) const override {
    w.integer("mala.accepted", total_accepted_);
    w.integer("mala.proposed", total_steps_taken_);
  }
  void load_extra(const StateReader& r) override {
    total_accepted_ = r.integer("mala.accepted");
    total_steps_taken_ = r.integer("mala.proposed");
  }

  void metrics(Diagnostics& out) const override {
    SamplerRun::metrics(out);
    out.set("acceptance_overall", total_steps_taken_ ? double(total_accepted_) / total_steps_taken_ : 0.0);
  }

 protected:
  void move(long k, Diagnostics& d) override {
    const Potential& V = target_.potential();
    const long n = X_.rows(), dim = X_.cols();
    const double noise = std::sqrt(2 * h_ / beta_);
    // log q(to | from) up to a constant: -beta |to - from + h grad V(from)|^2 / (4h)
    auto log_q = [&](const double* to, const double* from, const double* grad_from) {
      double s = 0;
      for (long j = 0; j < dim; ++j) {
        const double r = to[j] - from[j] + h_ * grad_from[j];
        s += r * r;
      }
      return -beta_ * s / (4 * h_);
    };
    // V and grad V at the particles and at the proposals: one batch each.
    evaluate(V, X_, &vx_, &gx_);
    Y_.resize(n, dim);
    parallel_for(
        n,
        [&](long b, long e) {
          std::vector<double> xi(dim);
          for (long i = b; i < e; ++i) {
            RandomStream rs(ctx_.seed, kMalaProposal, std::uint64_t(i), std::uint64_t(k));
            rs.normal(xi.data(), dim);
            for (long j = 0; j < dim; ++j) Y_(i, j) = X_(i, j) - h_ * gx_(i, j) + noise * xi[j];
          }
        },
        64);
    evaluate(V, Y_, &vy_, &gy_);
    parallel_for(
        n,
        [&](long b, long e) {
          for (long i = b; i < e; ++i) {
            double* x = X_.row(i).data();
            const double* y = Y_.row(i).data();
            const double log_alpha =
                -beta_ * (vy_[i] - vx_[i]) + log_q(x, y, gy_.row(i).data()) - log_q(y, x, gx_.row(i).data());
            RandomStream ra(ctx_.seed, kMalaAccept, std::uint64_t(i), std::uint64_t(k));
            const bool accept = std::isfinite(log_alpha) && std::log(ra.uniform()) < log_alpha;
            accepted_[i] = accept;
            if (accept) std::copy(y, y + dim, x);
          }
        },
        64);
    long acc = 0;
    for (char a : accepted_) acc += a;
    total_accepted_ += acc;
    total_steps_taken_ += n;
    d.set("acceptance", double(acc) / double(n));
  }

 private:
  Particles gx_, gy_, Y_;
  Vector vx_, vy_;
  std::vector<char> accepted_;
  long total_accepted_ = 0, total_steps_taken_ = 0;
};

}  // namespace

MethodInfo mala_method() {
  return make_method<TargetProblem>(
      "mala", "Metropolis-adjusted Langevin algorithm: exact invariant law, reports acceptance rate", "gaussian",
      sampler_schema(1000, 200, 0.1), [](const TargetProblem& t, const SamplerSettings& s, const RunContext& ctx) {
        return std::make_unique<MalaRun>(t, s, ctx);
      });
}

}  // namespace wprox::langevin
