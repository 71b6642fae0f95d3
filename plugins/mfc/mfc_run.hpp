#pragma once
// The run of a mean-field control method: one step = one outer iteration of
// the fixed-point method (sweep + fit). Results (dim = 1: on the (t, x) grid;
// dim > 1: on the line through the origin along x_1):
//   phi.npy (nt x nx) of the fitted phi_theta, with t.npy and x.npy, and
//   phi_exact.npy when the problem knows its solution;
//   trajectories.csv: the first paths of the last sweep (path, t, x_1..x_d);
//   variance.csv: the particles' variance per coordinate against t, beside
//   the exact s(t);
//   pictures: phi(0, .) and phi(T/2, .) against the exact solution, the
//   variance against t, and the trajectories.
#include <memory>

#include <wprox/sdk.hpp>

#include "fixed_point.hpp"

namespace wprox::mfc {

class MfcRun : public Run {
 public:
  MfcRun(const MfcProblem& problem, std::unique_ptr<FixedPointMethod> method, std::string name);
  Results results() const override;
  void metrics(Diagnostics& out) const override;
  std::string headline() const override { return problem_.solution() ? "err_phi" : "misfit_after"; }
  bool checkpointable() const override { return true; }

 protected:
  void do_step(long k, Diagnostics& d) override { method_->step(k, d); }
  void save_state(StateWriter& w) const override { method_->save(w); }
  void load_state(const StateReader& r) override { method_->load(r); }

 private:
  const MfcProblem& problem_;
  std::unique_ptr<FixedPointMethod> method_;
  std::string name_;
};

}  // namespace wprox::mfc
