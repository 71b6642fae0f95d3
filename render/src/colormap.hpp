#pragma once
// The heat-map colour ramp, one definition for PLplot's cmap1 (vector
// cells, colour bars) and for the raster images of large fields, so that
// both show a value in the same colour.
#include <array>

namespace wprox::render_detail {

// A viridis-like ramp (dark blue, teal, green, yellow): readable in grey
// scale and by colour-blind readers. Linear in RGB between the points.
constexpr int kRampPoints = 5;
constexpr double kRampPos[kRampPoints] = {0.0, 0.25, 0.5, 0.75, 1.0};
constexpr double kRampR[kRampPoints] = {0.267, 0.229, 0.128, 0.369, 0.993};
constexpr double kRampG[kRampPoints] = {0.005, 0.322, 0.567, 0.789, 0.906};
constexpr double kRampB[kRampPoints] = {0.329, 0.546, 0.551, 0.383, 0.144};
// PLplot's cmap1 holds this many colours; the raster uses the same steps.
constexpr int kRampColours = 256;

// The colour of t in [0, 1] (clamped), quantized to the kRampColours steps.
std::array<unsigned char, 3> ramp_rgb(double t);

}  // namespace wprox::render_detail
