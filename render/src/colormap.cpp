#include "colormap.hpp"

#include <algorithm>
#include <cmath>

namespace wprox::render_detail {

std::array<unsigned char, 3> ramp_rgb(double t) {
  if (!std::isfinite(t)) t = 0.0;
  t = std::clamp(t, 0.0, 1.0);
  t = std::round(t * (kRampColours - 1)) / (kRampColours - 1);
  int k = 0;
  while (k + 2 < kRampPoints && t > kRampPos[k + 1]) ++k;
  const double s = (t - kRampPos[k]) / (kRampPos[k + 1] - kRampPos[k]);
  auto mix = [&](const double* c) {
    return static_cast<unsigned char>(std::lround(255.0 * (c[k] + s * (c[k + 1] - c[k]))));
  };
  return {mix(kRampR), mix(kRampG), mix(kRampB)};
}

}  // namespace wprox::render_detail
