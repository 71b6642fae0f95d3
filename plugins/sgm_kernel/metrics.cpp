#include "metrics.hpp"

#include <algorithm>

#include <wprox/picture_helpers.hpp>
#include <wprox/sample_metrics.hpp>

namespace wprox::sgm {

void sample_quality(const DatasetProblem& data, const Particles& samples, const QualitySettings& q, Diagnostics& out) {
  const Particles& train = data.train();
  const Particles& held = data.heldout();
  const NearestDistances nn_samples = nearest_distances(samples, train);
  out.set("median_nn_samples", median(nn_samples.d1));
  out.set("memorized_fraction", memorized_fraction(nn_samples));
  if (held.rows() > 0) {
    const NearestDistances nn_held = nearest_distances(held, train);
    out.set("median_nn_heldout", median(nn_held.d1));
    out.set("memorized_fraction_heldout", memorized_fraction(nn_held));
  }
  if (held.rows() < 2) return;
  const double h = q.mmd_bandwidth > 0 ? q.mmd_bandwidth : median_pairwise_distance(held);
  const Particles reference = train.topRows(std::min<long>(samples.rows(), train.rows()));
  out.set("mmd_heldout", gaussian_mmd(samples, held, h));
  out.set("mmd_reference", gaussian_mmd(reference, held, h));
  out.set("mmd_bandwidth", h);
  out.set("sliced_w2_heldout", sliced_w2(samples, held, q.projections, q.seed));
  out.set("sliced_w2_reference", sliced_w2(reference, held, q.projections, q.seed));
}

SettingsSchema<QualityOptions> quality_schema() {
  using S = QualityOptions;
  return SettingsSchema<S>()
      .optional_real("mmd_bandwidth", &S::mmd_bandwidth,
                     "Gaussian-kernel width of the MMD (default: median held-out pair distance)", Range::positive())
      .integer("projections", &S::projections, 100, "random directions of the sliced W2 distance", Range::closed(1, 1e6));
}

QualitySettings quality_settings(const QualityOptions& o, std::uint64_t seed) {
  QualitySettings q;
  q.mmd_bandwidth = o.mmd_bandwidth.value_or(0.0);
  q.projections = o.projections;
  q.seed = seed;  // the directions have a purpose of their own (sliced_w2)
  return q;
}

namespace {
Layer points(const Particles& X, int i, int j, const std::string& label, int color) {
  Layer l;
  l.kind = Layer::Kind::Points;
  l.label = label;
  l.color = color;
  l.x.assign(X.rows(), 0.0);
  l.y.assign(X.rows(), 0.0);
  for (long k = 0; k < X.rows(); ++k) {
    l.x[k] = X(k, i);
    l.y[k] = X(k, j);
  }
  return l;
}
}  // namespace

void add_sample_pictures(const Particles& train, const Particles& samples, const std::string& title, Results& r) {
  const int d = int(train.cols());
  if (d < 2) return;
  for (int i = 0; i + 1 < d; ++i) {
    Picture p;
    const std::string xi = "x" + std::to_string(i + 1), xj = "x" + std::to_string(i + 2);
    p.name = d == 2 ? "samples" : "samples_" + xi + "_" + xj;
    const std::string note = projection_note(i, i + 1, d);
    p.title = note.empty() ? title : title + " (" + note + ")";
    p.xlabel = xi;
    p.ylabel = xj;
    p.equal_axes = d == 2;
    p.layers.push_back(points(train, i, i + 1, "training data", 0));
    p.layers.push_back(points(samples, i, i + 1, "samples", 1));
    r.pictures.push_back(std::move(p));
  }
}

}  // namespace wprox::sgm
