#include "wprox/memory.hpp"

#include <unistd.h>

#include <cmath>
#include <limits>
#include <sstream>

#include "wprox/errors.hpp"

namespace wprox {

double physical_memory_bytes() {
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return std::numeric_limits<double>::infinity();
  return double(pages) * double(page);
}

void require_memory(double bytes, const std::string& what, const std::string& hint) {
  const double have = physical_memory_bytes();
  if (bytes <= have) return;  // NaN (an overflowed estimate) falls through: refused
  constexpr double kGiB = 1073741824.0;
  std::ostringstream os;
  os.precision(3);
  os << what << " needs about " << bytes / kGiB << " GiB, more than the " << have / kGiB
     << " GiB of memory of this machine; " << hint;
  throw InputError(os.str());
}

}  // namespace wprox
