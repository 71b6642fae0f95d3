#pragma once
// How good are generated samples? Distances to the training set (does the
// model copy?) and to the held-out set (does it generalize?), each beside the
// same measure for true data, so that every number has its reference.
#include <cstdint>
#include <optional>

#include <wprox/kinds/dataset.hpp>
#include <wprox/sdk.hpp>

namespace wprox::sgm {

struct QualitySettings {
  double mmd_bandwidth = 0;  // <= 0: median pairwise distance of the held-out set
  long projections = 100;    // sliced W2 directions
  std::uint64_t seed = 0;    // for the sliced W2 directions
};

// Writes to `out`:
//   median_nn_samples / median_nn_heldout: median distance to the nearest
//     training point, of the samples / of the held-out points;
//   memorized_fraction / memorized_fraction_heldout: fraction with
//     d1 < d2 / 3 (nearest / second-nearest training point);
// and, when the held-out set has at least 2 points:
//   mmd_heldout: Gaussian-kernel MMD of samples vs held-out,
//   mmd_reference: the same for min(M, N_train) training points vs held-out
//     (two independent true samples), mmd_bandwidth: the kernel width used;
//   sliced_w2_heldout, sliced_w2_reference: likewise for sliced W2.
void sample_quality(const DatasetProblem& data, const Particles& samples, const QualitySettings& q, Diagnostics& out);

// The user's side: mmd_bandwidth (optional) and projections.
struct QualityOptions {
  std::optional<double> mmd_bandwidth;
  long projections = 100;
};
SettingsSchema<QualityOptions> quality_schema();
QualitySettings quality_settings(const QualityOptions& o, std::uint64_t seed);

// Pictures of samples over the training data: one for 2-D data; for d > 2
// one per pair of consecutive coordinates (x1,x2), (x2,x3), ... (named
// samples_x1_x2, ...).
void add_sample_pictures(const Particles& train, const Particles& samples, const std::string& title, Results& r);

}  // namespace wprox::sgm
