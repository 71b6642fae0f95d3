// Unadjusted Langevin algorithm: x <- x - h grad V(x) + sqrt(2h/beta) xi.
// Its stationary law is biased by O(h): for V = a x^2 / 2 the variance is
// 1 / (a beta (1 - a h / 2)).
#include <cmath>

#include "langevin.hpp"

namespace wprox::langevin {
namespace {

class UlaRun : public SamplerRun {
 public:
  bool independent_chains() const override { return true; }  // each particle its own chain
  UlaRun(const TargetProblem& t, const SamplerSettings& s, const RunContext& ctx) : SamplerRun(t, s, ctx, "ula") {}

 protected:
  void move(long k, Diagnostics&) override {
    evaluate(target_.potential(), X_, nullptr, &grad_);
    const long d = X_.cols();
    const double noise = std::sqrt(2 * h_ / beta_);
    parallel_for(
        X_.rows(),
        [&](long b, long e) {
          std::vector<double> xi(d);
          for (long i = b; i < e; ++i) {
            RandomStream rs(ctx_.seed, kUlaNoise, std::uint64_t(i), std::uint64_t(k));
            rs.normal(xi.data(), d);
            double* x = X_.row(i).data();
            const double* g = grad_.row(i).data();
            for (long j = 0; j < d; ++j) x[j] += -h_ * g[j] + noise * xi[j];
          }
        },
        64);
  }

 private:
  Particles grad_;
};

}  // namespace

MethodInfo ula_method() {
  return make_method<TargetProblem>(
      "ula", "unadjusted Langevin algorithm (Euler-Maruyama for overdamped Langevin), O(h) bias", "gaussian",
      sampler_schema(1000, 200, 0.1), [](const TargetProblem& t, const SamplerSettings& s, const RunContext& ctx) {
        return std::make_unique<UlaRun>(t, s, ctx);
      });
}

}  // namespace wprox::langevin
