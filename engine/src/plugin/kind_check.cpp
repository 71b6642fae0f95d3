#include "wprox/errors.hpp"
#include "wprox/method.hpp"

namespace wprox {

void check_problem_kind(const MethodInfo& method, const ProblemInfo& problem,
                        const std::vector<std::string>& valid_problems) {
  if (problem.kind != method.problem_kind) {
    std::string valid;
    for (const auto& n : valid_problems) valid += (valid.empty() ? "" : ", ") + n;
    throw InputError("method '" + method.name + "' takes problems of kind '" + method.problem_kind + "' but '" +
                     problem.name + "' is of kind '" + problem.kind + "'; valid problems: " + valid);
  }
  if (problem.kind_version != method.problem_kind_version)
    throw InputError("method '" + method.name + "' was built against version " +
                     std::to_string(method.problem_kind_version) + " of kind '" + method.problem_kind +
                     "' but problem '" + problem.name + "' against version " + std::to_string(problem.kind_version) +
                     "; rebuild the older plugin");
}

}  // namespace wprox
