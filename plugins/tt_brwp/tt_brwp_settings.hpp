#pragma once
// The parameters of tt-brwp, declared once (docs/tt-brwp.md has the
// table). Cross-parameter checks that need the problem (the dimension, the
// particles) happen when the run starts.
#include <optional>

#include <wprox/sampling.hpp>

namespace wprox::tt_brwp {

struct TtBrwpSettings : SamplerSettings {
  std::optional<double> T;          // RWPO time; default h
  long grid = 48;                   // Gauss-Legendre nodes per axis
  RowMatrix domain;                 // empty: automatic; 1 x 2 (every axis) or d x 2
  double margin = 5.0;              // automatic domain: widths beyond the particles
  long max_rank = 32;               // cap on every TT rank
  double cross_tol = 1e-6;          // relative tolerance of every cross and rounding
  std::optional<double> bandwidth;  // share of the density estimate's covariance in its kernels
  double memory_gb = 4.0;           // refuse grids whose TT working memory exceeds this
};

SettingsSchema<TtBrwpSettings> tt_brwp_schema();

// The bandwidth a run uses: the given one, else the rule of docs/tt-brwp.md
// for N particles in d dimensions.
double bandwidth_for(const TtBrwpSettings& s, long N, int d);

}  // namespace wprox::tt_brwp
