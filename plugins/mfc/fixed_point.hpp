#pragma once
// What the score method and the BSDE method share: the outer fixed-point
// iteration
//
//   1. sweep: simulate the characteristics with the current phi_theta and
//      integrate the values y backward along them (paths.hpp);
//   2. fit:   fit_iterations Adam steps of least squares phi_theta(t, x) ~ y (fit.hpp);
//
// repeated outer_iterations times; one outer iteration = one step(k). At a
// fixed point phi_theta reproduces the values it generates along its own
// characteristics, which is the characteristic form of the HJB equation.
// The Adam step size falls geometrically from lr (k = 1) to lr_final
// (k = outer_iterations).
//
// Per-step diagnostics (the same names every step):
//   misfit_before  RMS of phi_theta - y on the new sweep before the fit
//   misfit_after   the same after the fit
//   loss           mean mini-batch loss over the last tenth of the Adam steps
//   lr             the Adam step size used
//   sT_particles   variance per coordinate of the particles at T (1/N normalization)
//   bandwidth      mean kernel bandwidth over the time steps (only when a kernel estimate is used)
// and, when the problem knows its exact solution (metrics.hpp):
//   err_phi, err_grad, err_lap, p0_fit, p0_exact, sT_exact.
//
// Failures: RunError(k, ...) when the sweep produces non-finite values or the
// fit diverges (a non-finite loss, or an RMS misfit above 1e6 (1 + RMS y)).
//
// The problem is held by reference and must outlive the method. No printing,
// no files; the same bits for any thread count.
#include <cstdint>
#include <memory>

#include <wprox/checkpoint.hpp>
#include <wprox/diagnostics.hpp>

#include <wprox/kinds/mfc.hpp>
#include "fit.hpp"
#include "metrics.hpp"
#include "paths.hpp"

namespace wprox::mfc {

class FixedPointMethod {
 public:
  virtual ~FixedPointMethod() = default;

  // Outer iteration k (1-based).
  void step(long k, Diagnostics& d);

  long outer_iterations() const { return outer_; }
  const MfcProblem& problem() const { return problem_; }
  // The last sweep: trajectories (paths().x), fitting points and values.
  const Paths& paths() const { return paths_; }
  const Mlp& network() const { return fitter_.network(); }
  // phi_theta(times[a], x_b) as a (times x rows of X) matrix.
  RowMatrix value_on(const Vector& times, const Particles& X) const;
  // The last measured errors (has_errors(): the problem has an exact solution
  // and at least one step was taken).
  bool has_errors() const { return meter_ != nullptr && measured_; }
  const ValueErrors& errors() const { return errors_; }
  double sT_particles() const { return sT_particles_; }
  // The error meter's evaluation points, (1 + d) x n, or null without an exact solution.
  const ErrorMeter* error_meter() const { return meter_.get(); }

  // Everything the next outer iteration and the results read: the network
  // and its optimizer, the last sweep's clouds, the last errors.
  void save(StateWriter& w) const;
  void load(const StateReader& r);

 protected:
  FixedPointMethod(const MfcProblem& problem, const FitSettings& fit, const ErrorSettings& errors, long outer,
                   std::uint64_t seed);
  // Fills paths with a sweep for outer iteration k using phi.
  virtual void sweep(long k, const ValueModel& phi, Paths& paths) = 0;

  const MfcProblem& problem_;
  std::uint64_t seed_;

 private:
  FitSettings fit_settings_;
  long outer_;
  ValueFitter fitter_;
  std::unique_ptr<ErrorMeter> meter_;
  Paths paths_;
  ValueErrors errors_;
  bool measured_ = false;
  double sT_particles_ = 0;
};

}  // namespace wprox::mfc
