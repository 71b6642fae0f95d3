// Registers the reaction–diffusion problems (kind "pde"). Defaults are the
// authors' examples (docs/reaction-diffusion.md) except n, which is 128 so that a default
// run takes seconds to minutes rather than hours.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <wprox/io/npy.hpp>
#include <wprox/kinds/pde.hpp>
#include <wprox/sdk.hpp>

#include "initial_data.hpp"
#include "models.hpp"

namespace rd {
namespace {

using wprox::InputError;
using wprox::Range;

struct Example {
  const char* name;
  const char* summary;
  ModelKind kind;
  double length, eps, t_final;
  std::vector<double> snapshots;  // the authors' picture times (clipped to t_final)
  wprox::PdeStepHints hints;
  const char* init_doc;
};

std::vector<Example> examples() {
  const double two_pi = 2.0 * M_PI;
  return {
      {"allen-cahn",
       "Allen-Cahn, shrinking disk (r^2 = r0^2 - 2 eps t)",
       ModelKind::AllenCahn,
       0.5,
       0.01,
       0.5,
       {0.0, 0.1, 0.25, 0.5},
       {1e-3, 1, false, 0.0},
       "disk of radius `radius` centred in the square"},
      {"allen-cahn-mobility",
       "Allen-Cahn with mobility 1 + (mu/2)(sin^2 x + sin^2 y), adaptive steps",
       ModelKind::AllenCahnMobility,
       two_pi,
       0.01,
       2.0,
       {0.0, 0.5, 1.0, 2.0},
       {1e-2, 1, true, 0.08},
       "(cos 4x + cos 4y) / 2"},
      {"cahn-hilliard",
       "Cahn-Hilliard, seven circles (Church et al. 2019), mass-conserving",
       ModelKind::CahnHilliard,
       two_pi,
       0.1,
       1.0,
       {0.0, 0.1, 0.5, 1.0},
       {1e-3, 10, false, 0.0},
       "seven circles"},
      {"fch6",
       "6th-order functionalized Cahn-Hilliard, pore formation (Gavish et al. 2012)",
       ModelKind::Functionalized,
       two_pi,
       0.18,
       20.0,
       {0.0, 0.1, 2.0, 20.0},
       {1e-2, 1, false, 0.0},
       "2 exp(sin x + sin y - 2) + 2.2 exp(-sin x - sin y - 2) - 1"},
  };
}

struct RdSettings {
  long n = 128;
  double length = 1.0, eps = 0.01, t_final = 1.0, mu = 0.0, radius = 0.2;
  std::string boundary;
  wprox::Vector snapshots;  // empty: the example's
  std::string init;
};

wprox::SettingsSchema<RdSettings> schema_for(const Example& ex) {
  using S = RdSettings;
  wprox::SettingsSchema<S> s;
  // 16384^2 points are 2 GiB per field: far beyond what a window solver
  // can iterate on, and within an int.
  s.integer("n", &S::n, 128, "grid points per side", Range::closed(4, 16384))
      .real("length", &S::length, ex.length, "side of the square domain", Range::positive())
      .real("eps", &S::eps, ex.eps, "interface parameter epsilon", Range::positive())
      .choice("boundary", &S::boundary, "periodic", {"periodic", "neumann"},
              "periodic (x_i = i h) or neumann (cell centres x_i = (i + 1/2) h, reflecting)")
      .real("T", &S::t_final, ex.t_final, "final time", Range::positive())
      .alias("t_final", "T");
  if (ex.kind == ModelKind::AllenCahnMobility)
    s.real("mu", &S::mu, 5.0, "mobility strength: sigma = 1 + (mu/2)(sin^2 x + sin^2 y)", Range::at_least(0.0));
  if (ex.kind == ModelKind::AllenCahn)
    s.real("radius", &S::radius, 0.2, "radius of the initial disk", Range::positive());
  s.vector("snapshots", &S::snapshots, "",
           "times in [0, T] at which u is saved; unset: the example's times up to T, and T",
           Range::at_least(0.0));
  s.path("init", &S::init, std::string("n x n .npy initial field; unset: ") + ex.init_doc);
  return s;
}

std::vector<double> snapshot_times(const Example& ex, const RdSettings& p) {
  const double t_final = p.t_final;
  std::vector<double> times;
  if (p.snapshots.size()) {
    for (Eigen::Index k = 0; k < p.snapshots.size(); ++k) {
      const double t = p.snapshots[k];
      WPROX_REQUIRE(t >= 0.0 && t <= t_final * (1 + 1e-12), InputError,
                    "problem '" << ex.name << "': parameter 'problem.snapshots' is invalid: time " << t
                                << " lies outside [0, problem.T = " << t_final << "]");
      times.push_back(std::min(t, t_final));
    }
  } else {
    for (double t : ex.snapshots)
      if (t < t_final) times.push_back(t);
    times.push_back(t_final);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

wprox::Field initial_field(const Example& ex, const RdSettings& p, const wprox::TensorGrid& g) {
  if (!p.init.empty()) {
    const std::string& file = p.init;
    const wprox::NpyArray a = wprox::read_npy(file);
    WPROX_REQUIRE(a.shape.size() == 2 && long(a.shape[0]) == g.n(0) && long(a.shape[1]) == g.n(1),
                  wprox::DimensionMismatch,
                  "problem '" << ex.name << "': parameter 'problem.init' = '" << file << "' has shape "
                              << (a.shape.size() == 2 ? std::to_string(a.shape[0]) + "x" + std::to_string(a.shape[1])
                                                      : std::to_string(a.shape.size()) + "-d")
                              << ", needs " << g.n(0) << "x" << g.n(1) << " (problem.n)");
    wprox::Field u(g);
    for (std::size_t k = 0; k < a.data.size(); ++k) {
      WPROX_REQUIRE(std::isfinite(a.data[k]), InputError,
                    "problem '" << ex.name << "': parameter 'problem.init' = '" << file
                                << "' holds a non-finite value at flat index " << k);
      u.data[k] = a.data[k];
    }
    return u;
  }
  switch (ex.kind) {
    case ModelKind::AllenCahn: return disk(g, p.radius);
    case ModelKind::AllenCahnMobility: return cosines(g);
    case ModelKind::CahnHilliard: return seven_circles(g, p.eps);
    case ModelKind::Functionalized: return pore_data(g);
  }
  return wprox::Field(g);
}

// The mobility example starts at u = (cos 4x + cos 4y) / 2, inside the
// spinodal region (W''(u) = 3u^2 - 1 >= -1 < 0), while both solvers'
// preconditioner is the symbol at the pure phases (W'' = 2): at the lowest
// frequency 1 + 2 ht / eps against the true 1 - ht / eps, which vanishes at
// the example's ht = eps (PDHG then needs 2000-4200 iterations for the first
// window). Steps of at most eps / 4 keep the true symbol >= 3/4 and the
// reference's X(0) <= 3/2, a ratio of 2 (measured: 130-140 iterations per
// window at n = 32..256, against 4179 at ht = eps); by t = 10 eps the phases
// have separated (measured: at ht = eps the counts are back to <= 2x the
// steady ones by t = 8 eps), and the cap doubles back to ht.
wprox::PdeStepHints hints_for(const Example& ex, const RdSettings& p) {
  wprox::PdeStepHints h = ex.hints;
  if (ex.kind == ModelKind::AllenCahnMobility && p.init.empty()) {
    h.ht_first = 0.25 * p.eps;
    h.startup_time = 10.0 * p.eps;
  }
  return h;
}

void register_all(wprox::Registry& r) {
  for (const Example& ex : examples()) {
    r.add_problem(wprox::make_problem<wprox::PdeProblem>(
        ex.name, ex.summary, schema_for(ex), [ex](const RdSettings& p, const wprox::RunContext&) {
          const wprox::TensorGrid g = wprox::TensorGrid::square(int(p.n), p.length, wprox::parse_boundary(p.boundary));
          const double mu = ex.kind == ModelKind::AllenCahnMobility ? p.mu : 0.0;
          auto model = make_model(ex.kind, g, p.eps, mu);
          return std::make_shared<wprox::PdeProblem>(ex.name, g, model, initial_field(ex, p, g), p.t_final,
                                                     snapshot_times(ex, p), hints_for(ex, p));
        }));
  }
}

}  // namespace
}  // namespace rd

WPROX_PLUGIN("rd_models", "0.2.0", rd::register_all)
