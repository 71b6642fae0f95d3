#pragma once
// Problems of kind "target": sample rho*(x) ∝ exp(-beta V(x)).
//
// Implementer contract: potential() returns the same Potential for the
// problem's lifetime (thread-safe, see wprox/potential.hpp); the optional
// pieces (exact moments, box, report, headline) are cheap and const.
// Kind version 1.
#include <optional>
#include <string>

#include "wprox/diagnostics.hpp"
#include "wprox/potential.hpp"
#include "wprox/problem.hpp"

namespace wprox {

struct Moments {
  Vector mean;
  Matrix covariance;
};

// An axis-aligned box [lo_i, hi_i] holding almost all of the target's mass.
struct Box {
  Vector lo, hi;
};

class TargetProblem : public Problem {
 public:
  static constexpr const char* kKind = "target";
  static constexpr int kVersion = 1;
  std::string kind() const override { return kKind; }
  int kind_version() const override { return kVersion; }

  virtual const Potential& potential() const = 0;
  int dim() const { return potential().dim(); }
  // Exact mean and covariance of exp(-beta V), when known in closed form.
  virtual std::optional<Moments> exact_moments(double /*beta*/) const { return std::nullopt; }
  // Where the mass is; used for grid diagnostics (KL, TV) and pictures in 2-D.
  virtual std::optional<Box> box() const { return std::nullopt; }
  // Problem-specific diagnostics of a particle cloud (for example the error
  // of the posterior mean against a known parameter). Called once per step.
  virtual void report(const Particles& /*X*/, Diagnostics& /*out*/) const {}
  // The name of the report() value that best measures a sampler's progress
  // on this target (e.g. a parameter error); empty when report() adds none.
  virtual std::string headline() const { return ""; }
};

}  // namespace wprox
