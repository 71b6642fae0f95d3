#pragma once
// Problems defined from Python: a target density exp(-beta V) whose V is a
// set of Python callables (kind "target"), and a data set given as arrays
// (kind "dataset"). The host hands them to a method exactly as a plugin's
// problem would be.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "python_potential.hpp"
#include "wprox/kinds/dataset.hpp"
#include "wprox/kinds/target.hpp"

namespace wprox::python {

class PythonTarget : public TargetProblem {
 public:
  PythonTarget(std::string name, std::shared_ptr<PythonPotential> V, std::optional<Box> box);

  std::string name() const override { return name_; }
  const Potential& potential() const override { return *V_; }
  std::optional<Box> box() const override { return box_; }
  std::optional<Moments> exact_moments(double beta) const override;

  // Exact moments at one beta (the Python layer asks the user's moments
  // callable before a run, so that no Python runs inside the engine).
  void set_moments(double beta, Moments m) { moments_[beta] = std::move(m); }
  PythonPotential& python_potential() const { return *V_; }

 private:
  std::string name_;
  std::shared_ptr<PythonPotential> V_;
  std::optional<Box> box_;
  std::map<double, Moments> moments_;
};

}  // namespace wprox::python
