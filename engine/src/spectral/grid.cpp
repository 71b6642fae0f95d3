#include "wprox/grid.hpp"

#include "wprox/errors.hpp"

namespace wprox {

Boundary parse_boundary(const std::string& s) {
  if (s == "periodic") return Boundary::Periodic;
  if (s == "neumann") return Boundary::Neumann;
  throw InputError("unknown boundary '" + s + "'; allowed: periodic, neumann");
}

const char* to_string(Boundary b) { return b == Boundary::Periodic ? "periodic" : "neumann"; }

}  // namespace wprox
