#include "window_system.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <wprox/parallel.hpp>

namespace pdhg_rd {

WindowSystem::WindowSystem(const wprox::ReactionDiffusionModel& model, long slot_size, int nt)
    : model_(model), m_(slot_size), nt_(nt), scratch_(std::size_t(std::max(1, model.scratch_fields())) * slot_size) {}

double WindowSystem::residual(const double* U, double* F) const {
  // Per-block maxima (exact in any order: the same bits for any thread
  // count), NaN-propagating so that a failed iterate is seen.
  constexpr long kBlock = 4096;
  const long blocks = (m_ + kBlock - 1) / kBlock;
  std::vector<double> part(std::size_t(blocks) * nt_, 0.0);
  for (int s = 0; s < nt_; ++s) {
    const double* u = U + s * m_;
    const double* prev = s == 0 ? u0_ : U + (s - 1) * m_;
    double* f = F + s * m_;
    double* slot_part = part.data() + std::size_t(s) * blocks;
    model_.rhs(u, f, scratch_.data());
    const double ht = ht_;
    wprox::parallel_for(blocks, [&](long b0, long b1) {
      for (long b = b0; b < b1; ++b) {
        const long end = std::min(m_, (b + 1) * kBlock);
        double mx = 0.0;
        bool nan = false;
        for (long i = b * kBlock; i < end; ++i) {
          f[i] = u[i] - prev[i] - ht * f[i];
          mx = std::max(mx, std::fabs(f[i]));
          nan |= std::isnan(f[i]);
        }
        slot_part[b] = nan ? std::numeric_limits<double>::quiet_NaN() : mx;
      }
    });
  }
  double mx = 0.0;
  for (double x : part) {
    if (std::isnan(x)) return x;
    mx = std::max(mx, x);
  }
  return mx / ht_;
}

void WindowSystem::jacobian_apply(const double* U, const double* V, double* out) const {
  for (int s = 0; s < nt_; ++s) {
    const double* v = V + s * m_;
    const double* prev = s == 0 ? nullptr : V + (s - 1) * m_;
    double* o = out + s * m_;
    model_.jacobian_apply(U + s * m_, v, o, scratch_.data());
    const double ht = ht_;
    wprox::parallel_for(
        m_,
        [&](long a, long b) {
          for (long i = a; i < b; ++i) o[i] = v[i] - (prev ? prev[i] : 0.0) - ht * o[i];
        },
        4096);
  }
}

void WindowSystem::descend(double* U, const double* P, double tau, double* work) const {
  const bool project = model_.conserves_mass();
  const double ht = ht_;
  for (int s = 0; s < nt_; ++s) {
    double* u = U + s * m_;
    const double* p = P + s * m_;
    const double* next = s + 1 < nt_ ? P + (s + 1) * m_ : nullptr;
    double* g = work + s * m_;
    model_.jacobian_transpose_apply(u, p, g, scratch_.data());
    if (!project) {
      wprox::parallel_for(
          m_,
          [&](long a, long b) {
            if (next)
              for (long i = a; i < b; ++i) u[i] -= tau * (p[i] - next[i] - ht * g[i]);
            else
              for (long i = a; i < b; ++i) u[i] -= tau * (p[i] - ht * g[i]);
          },
          4096);
      continue;
    }
    wprox::parallel_for(
        m_,
        [&](long a, long b) {
          for (long i = a; i < b; ++i) g[i] = p[i] - (next ? next[i] : 0.0) - ht * g[i];
        },
        4096);
    const double mean = wprox::deterministic_sum(m_, [&](long i) { return g[i]; }) / double(m_);
    wprox::parallel_for(
        m_,
        [&](long a, long b) {
          for (long i = a; i < b; ++i) u[i] -= tau * (g[i] - mean);
        },
        4096);
  }
}

}  // namespace pdhg_rd
