#include "tt_brwp_settings.hpp"

#include <cmath>

namespace wprox::tt_brwp {

SettingsSchema<TtBrwpSettings> tt_brwp_schema() {
  using S = TtBrwpSettings;
  return SettingsSchema<S>()
      .include(sampler_schema(500, 100, 0.1))
      .optional_real("T", &S::T, "RWPO time (heat kernel exp(-beta |x-y|^2 / (4T))); default: equal to h",
                     Range::positive())
      .integer("grid", &S::grid, 48, "Gauss-Legendre nodes per axis of the tensor grid", Range::closed(4, 4096))
      .matrix("domain", &S::domain, "",
              "grid box: 'lo,hi' for every axis or 'lo1,hi1;...;lod,hid' (default: automatic, the particles' "
              "range plus margin, following them)")
      .real("margin", &S::margin, 5.0,
            "automatic domain: how far beyond the particles, in the larger of the kernel and heat-kernel "
            "standard deviations",
            Range::closed(1.0, 100.0))
      .integer("max_rank", &S::max_rank, 32, "cap on every TT rank", Range::closed(1, 1024))
      .real("cross_tol", &S::cross_tol, 1e-6, "relative tolerance of every TT cross and rounding",
            Range::open(0.0, 0.5))
      .optional_real("bandwidth", &S::bandwidth,
                     "share (0, 1] of the density estimate's covariance carried by its kernels; default: "
                     "Scott's rule N^(-2/(d+4)), raised toward 1 in high dimension (docs/tt-brwp.md)",
                     Range::open_closed(0.0, 1.0))
      .real("memory_gb", &S::memory_gb, 4.0, "refuse a grid whose TT working memory would exceed this (GiB)",
            Range::positive())
      .check([](const S& s) {
        WPROX_REQUIRE(s.domain.size() == 0 || s.domain.cols() == 2, InputError,
                      "domain has " << s.domain.cols() << " columns; give 'lo,hi' or one 'lo,hi' row per axis");
        for (Eigen::Index k = 0; k < s.domain.rows(); ++k)
          WPROX_REQUIRE(std::isfinite(s.domain(k, 0)) && std::isfinite(s.domain(k, 1)) &&
                            s.domain(k, 0) < s.domain(k, 1),
                        InputError,
                        "domain row " << k << " is [" << s.domain(k, 0) << ", " << s.domain(k, 1)
                                      << "]; need finite lo < hi");
      });
}

double bandwidth_for(const TtBrwpSettings& s, long N, int d) {
  if (s.bandwidth) return *s.bandwidth;
  // Scott's rule in whitened coordinates gives kernels of covariance
  // N^(-2/(d+4)) S. In many dimensions such kernels hardly overlap (each
  // particle sees a handful of neighbours) and the estimate turns lumpy,
  // which biases the score at the particles; the floor 1 - 2/d keeps the
  // typical spread of the shrunk centres, (1 - a) d in units of the kernel
  // variance, at about 2 kernel variances (docs/tt-brwp.md).
  const double scott = std::pow(double(N), -2.0 / (d + 4.0));
  return std::min(1.0, std::max(scott, 1.0 - 2.0 / d));
}

}  // namespace wprox::tt_brwp
