#pragma once
// The Gaussian test family as an MfcProblem with its exact solution
// (gaussian_profile.hpp has the closed forms):
//
//   F(rho) = int [ (a/2)|x|^2 + c log rho ] rho dx   =>  f = (a/2)|x|^2 + c (log rho + 1),
//   G(rho) = int (b/2)|x|^2 rho dx                    =>  g = (b/2)|x|^2,
//   rho_0 = N(0, s0 I);  phi = p(t)|x|^2/2 + q(t),  rho_t = N(0, s(t) I).
//
// c = 0 is the problem the plugin will call "mfc-lq", c > 0 "mfc-entropy".
#include <wprox/kinds/mfc.hpp>
#include "gaussian_profile.hpp"

namespace wprox::mfc {

class GaussianMfc : public MfcProblem, public MfcSolution {
 public:
  // InputError on invalid parameters or when no solution exists.
  explicit GaussianMfc(const GaussianMfcParams& params);

  std::string name() const override { return prm_.c > 0 ? "mfc-entropy" : "mfc-lq"; }
  int dim() const override { return prm_.dim; }
  double horizon() const override { return prm_.T; }
  double noise() const override { return prm_.nu; }
  Particles sample_initial(long count, StreamKey key, std::uint64_t step, bool balanced) const override;
  double initial_log_density(const double* x, double* score, double* hessian) const override;
  double running_cost(double t, const double* x, double log_density) const override;
  bool uses_log_density() const override { return prm_.c != 0; }
  double terminal_cost(const double* x) const override;
  const MfcSolution* solution() const override { return this; }

  double phi(double t, const double* x) const override;
  void grad_phi(double t, const double* x, double* g) const override;
  double laplacian_phi(double t, const double* x) const override;
  Particles sample(double t, long count, StreamKey key, std::uint64_t step) const override;
  double mean_laplacian_per_dim(double t) const override { return profile_.p(t); }
  double variance_per_dim(double t) const override { return profile_.s(t); }

  // log rho_t(x) and grad log rho_t(x) of the exact density.
  double log_density(double t, const double* x) const;
  const GaussianProfile& profile() const { return profile_; }
  const GaussianMfcParams& params() const { return prm_; }

 private:
  GaussianMfcParams prm_;
  GaussianProfile profile_;
};

}  // namespace wprox::mfc
