#pragma once
// A problem instance: what a method works on (a target density, a PDE, a
// data set, a Hamilton-Jacobi equation). Problems are created by a plugin's
// ProblemInfo::create from validated Params.
//
// Kinds are explicit strings, never dynamic_cast across plugin boundaries:
// a method declares the kind it takes, the host checks it, and the method
// converts with problem_as<T>(), which checks T::kKind against kind().
#include <string>

#include "wprox/errors.hpp"

namespace wprox {

class Problem {
 public:
  virtual ~Problem() = default;
  virtual std::string kind() const = 0;
  virtual std::string name() const = 0;
};

template <class T>
const T& problem_as(const Problem& p) {
  WPROX_REQUIRE(p.kind() == T::kKind, InputError,
                "problem '" << p.name() << "' is of kind '" << p.kind() << "', this method needs kind '"
                            << T::kKind << "'");
  return static_cast<const T&>(p);
}

}  // namespace wprox
