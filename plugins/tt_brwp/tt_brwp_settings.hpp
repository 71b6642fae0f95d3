#pragma once
// The parameters of tt-brwp, declared once (docs/tt-brwp.md has the
// table). Cross-parameter checks that need the problem (the dimension, the
// particles) happen when the run starts.
#include <optional>

#include <wprox/sampling.hpp>

namespace wprox::tt_brwp {

enum class EstimateChoice { Auto, Gaussian, Particles };
enum class DensityOutput { Auto, On, Off };

struct TtBrwpSettings : SamplerSettings {
  std::optional<double> T;          // RWPO time; default min(h, 1 / (2 lambda_max)) of the model
  long grid = 48;                   // Gauss-Legendre nodes per axis
  RowMatrix domain;                 // empty: automatic; 1 x 2 (every axis) or d x 2
  double margin = 6.0;              // automatic domain: standard deviations beyond the needed means
  long max_rank = 32;               // cap on every TT rank
  double cross_tol = 1e-6;          // relative tolerance of every cross and rounding
  EstimateChoice estimate = EstimateChoice::Auto;
  DensityOutput density = DensityOutput::Auto;  // the final density as a TT (auto: full grids only)
  double memory_gb = 4.0;           // refuse grids whose TT working memory exceeds this
};

SettingsSchema<TtBrwpSettings> tt_brwp_schema();

// Whether the run uses the full grid (all values, exact forms): grid^d <= 2^21.
bool full_grid(long grid, int d);

}  // namespace wprox::tt_brwp
