#include "python_problems.hpp"

namespace wprox::python {

PythonTarget::PythonTarget(std::string name, std::shared_ptr<PythonPotential> V, std::optional<Box> box)
    : name_(std::move(name)), V_(std::move(V)), box_(std::move(box)) {}

std::optional<Moments> PythonTarget::exact_moments(double beta) const {
  auto it = moments_.find(beta);
  if (it == moments_.end()) return std::nullopt;
  return it->second;
}

}  // namespace wprox::python
