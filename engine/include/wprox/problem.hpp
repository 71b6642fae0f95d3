#pragma once
// A problem instance: what a method works on (a target density, a PDE, a
// data set, a Hamilton-Jacobi equation). Problems are created by a plugin's
// ProblemInfo::create from validated Params.
//
// Kinds are explicit strings, never dynamic_cast across plugin boundaries:
// a method declares the kind it takes, the host checks it, and the method
// converts with problem_as<T>(), which checks T::kKind against kind().
//
// Each kind's contract (the interface class a problem implements and a
// method reads) lives in its own SDK header, wprox/kinds/<kind>.hpp, with its
// own version T::kVersion: changing a kind's contract bumps that version, not
// the core ABI, and a method refuses a problem built against another version
// of its kind. A new kind is a new header; the core does not change.
#include <string>

#include "wprox/errors.hpp"

namespace wprox {

class Problem {
 public:
  virtual ~Problem() = default;
  virtual std::string kind() const = 0;
  // The version of the kind's contract the problem was built against.
  virtual int kind_version() const = 0;
  virtual std::string name() const = 0;
};

template <class T>
const T& problem_as(const Problem& p) {
  WPROX_REQUIRE(
      p.kind() == T::kKind, InputError,
      "problem '" << p.name() << "' is of kind '" << p.kind() << "', this method needs kind '" << T::kKind << "'");
  WPROX_REQUIRE(p.kind_version() == T::kVersion, InputError,
                "problem '" << p.name() << "' was built against version " << p.kind_version() << " of kind '"
                            << p.kind() << "', this method against version " << T::kVersion
                            << "; rebuild the older plugin");
  return static_cast<const T&>(p);
}

}  // namespace wprox
