#include "tt_brwp_settings.hpp"

#include <cmath>

namespace wprox::tt_brwp {

SettingsSchema<TtBrwpSettings> tt_brwp_schema() {
  using S = TtBrwpSettings;
  return SettingsSchema<S>()
      .include(sampler_schema(500, 100, 0.1))
      .optional_real("T", &S::T,
                     "RWPO time (heat kernel exp(-beta |x-y|^2 / (4T))); default: h, capped at 1 / (2 lambda_max) of "
                     "the target's curvature estimate",
                     Range::positive())
      .integer("grid", &S::grid, 48, "Gauss-Legendre nodes per axis of the tensor grid", Range::closed(4, 4096))
      .matrix("domain", &S::domain, "",
              "grid box: 'lo,hi' for every axis or 'lo1,hi1;...;lod,hid' (default: automatic, the particles' "
              "range plus margin, following them)")
      .real("margin", &S::margin, 6.0,
            "automatic domain: how far beyond the Gaussian means the grid integrates against, in their standard "
            "deviations (at most sqrt(2T/beta))",
            Range::closed(1.0, 100.0))
      .integer("max_rank", &S::max_rank, 32, "cap on every TT rank", Range::closed(1, 1024))
      .real("cross_tol", &S::cross_tol, 1e-6, "relative tolerance of every TT cross and rounding",
            Range::open(0.0, 0.5))
      .choice("estimate", &S::estimate, "auto",
              {{"auto", EstimateChoice::Auto}, {"gaussian", EstimateChoice::Gaussian},
               {"particles", EstimateChoice::Particles}},
              "density estimate fed to the proximal: gaussian N(mu, C - (T/beta)^2 C^-1), or the particles shrunk "
              "toward their local modes; auto: particles when the full grid fits (grid^d <= 2^21), else gaussian")
      .choice("density", &S::density, "auto",
              {{"auto", DensityOutput::Auto}, {"on", DensityOutput::On}, {"off", DensityOutput::Off}},
              "write the final density E W as a tensor train with its marginals: on, off, or auto (when the full "
              "grid fits; in high dimension its cross costs more than the run)")
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

bool full_grid(long grid, int d) { return std::pow(double(grid), d) <= double(1L << 21); }

}  // namespace wprox::tt_brwp
