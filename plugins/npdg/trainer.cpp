#include "trainer.hpp"

#include <wprox/checkpoint.hpp>
#include <wprox/errors.hpp>
#include <wprox/memory.hpp>

#include <algorithm>

namespace wprox::npdg {

void validate(const SamplingSettings& s, const std::string& what) {
  WPROX_REQUIRE(s.interior_points >= 16 && s.interior_points <= 10000000, InputError,
                what << ": interior_points = " << s.interior_points << " is outside the allowed range [16, 1e7]");
  WPROX_REQUIRE(s.boundary_points >= 0 && s.boundary_points <= 10000000, InputError,
                what << ": boundary_points = " << s.boundary_points
                     << " is outside the allowed range [0, 1e7] (0: 40 d)");
  WPROX_REQUIRE(s.resample_every >= 0, InputError,
                what << ": resample_every = " << s.resample_every << " must be >= 0 (0: never resample)");
  WPROX_REQUIRE(s.error_points >= 1 && s.error_points <= 10000000, InputError,
                what << ": error_points = " << s.error_points << " is outside the allowed range [1, 1e7]");
  WPROX_REQUIRE(s.error_every >= 1, InputError, what << ": error_every = " << s.error_every << " must be >= 1");
}

long boundary_count(const SamplingSettings& s, int dim) {
  return s.boundary_points > 0 ? s.boundary_points : 40L * dim;
}

std::uint64_t derive_seed(std::uint64_t seed, SeedPurpose purpose) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (std::uint64_t(purpose) + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

const NetworkSettings& jets_fit(int dim, const NetworkSettings& net, const SamplingSettings& s,
                                const std::string& what, const std::string& net_names) {
  // Each setting is capped on its own; together they size the jets a step
  // records: per point and hidden layer, width values with their dim
  // gradients and Laplacian, kept for the backward pass (pre-activations,
  // activations, derivatives: about 4 copies). The largest point set is
  // what one pass sees.
  const double points = double(std::max(s.interior_points + boundary_count(s, dim), s.error_points));
  require_memory(8.0 * points * net.width * net.depth * (dim + 2) * 4.0,
                 what + " with " + std::to_string(long(points)) + " points, width " + std::to_string(net.width) +
                     " and depth " + std::to_string(net.depth),
                 "lower interior_points, boundary_points, error_points, " + net_names);
  return net;
}

namespace {

// The solution network, after the settings it depends on are validated
// (members are initialized before the constructor body could check them).
Mlp checked_network(int dim, const NetworkSettings& net, const SamplingSettings& s, std::uint64_t seed,
                    const std::string& what) {
  validate(net, what + ": solution network");
  validate(s, what);
  jets_fit(dim, net, s, what, "width or depth");
  return make_network(dim, net, derive_seed(seed, SeedPurpose::solution));
}

}  // namespace

Trainer::Trainer(const EllipticProblem& p, const NetworkSettings& net, const SamplingSettings& s,
                 std::uint64_t seed, const std::string& what)
    : p_(p),
      u_(checked_network(p.dim(), net, s, seed, what)),
      points_(p, s.interior_points, boundary_count(s, p.dim()), s.resample_every,
              derive_seed(seed, SeedPurpose::points), s.sequence),
      monitor_(p, s.error_points, s.error_every, derive_seed(seed, SeedPurpose::reference)) {}

void Trainer::save_state(StateWriter& w) const {
  w.vector("solution.parameters", u_.parameters());
  w.integer("points.round", points_.current_round());
  w.integer("points.rounds", points_.rounds_drawn());
  const auto& h = monitor_.history();
  RowMatrix errors(long(h.size()), 3);
  for (std::size_t i = 0; i < h.size(); ++i) {
    errors(long(i), 0) = double(h[i].step);
    errors(long(i), 1) = h[i].rel_l2;
    errors(long(i), 2) = h[i].rel_h1;
  }
  w.matrix("errors", errors);
}

void Trainer::load_state(const StateReader& r) {
  u_.set_parameters(r.vector("solution.parameters", u_.parameter_count()));
  points_.restore(r.integer("points.round"), r.integer("points.rounds"));
  const RowMatrix errors = r.matrix("errors", -1, 3);
  std::vector<ErrorRecord> h(std::size_t(errors.rows()));
  for (long i = 0; i < errors.rows(); ++i) {
    h[std::size_t(i)].step = long(errors(i, 0));
    h[std::size_t(i)].rel_l2 = errors(i, 1);
    h[std::size_t(i)].rel_h1 = errors(i, 2);
  }
  monitor_.restore(std::move(h));
}

Matrix broadcast(const Vector& w, int rows) { return w.transpose().replicate(rows, 1); }

}  // namespace wprox::npdg
