// Renders Picture descriptions with PLplot's svg device. One plot per call;
// PLplot is not re-entrant, so calls are serialized by a lock.
#include <plplot/plplot.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include "colormap.hpp"
#include "png_image.hpp"
#include "svg_raster.hpp"
#include "wprox/errors.hpp"
#include "wprox/render.hpp"

namespace wprox {
namespace {

// cmap0: 0 background, 1 axes/text, 2.. layer colours.
const int kPalette[][3] = {{255, 255, 255}, {0, 0, 0},       {31, 119, 180},  {214, 39, 40},  {44, 160, 44},
                           {255, 127, 14},  {148, 103, 189}, {127, 127, 127}, {23, 190, 207}, {140, 86, 75}};
constexpr int kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);
int layer_color(int c) { return 2 + ((c % (kPaletteSize - 2)) + (kPaletteSize - 2)) % (kPaletteSize - 2); }
// A cmap0 slot holding a colour of the heat-map ramp: the legend patch of a
// filled layer.
constexpr int kPatchColor = kPaletteSize;

// Page layout in SVG user units (PLplot's svg device: one unit a point).
// The plot keeps the same box on every page; a picture with a legend or a
// colour bar gets a wider page, their panel on the right of the plot, so
// that neither ever covers data.
constexpr double kPageW = 720, kPageH = 560;
// Room left of and below the plot for tick numbers and the axis labels
// (PLplot sets these 5 and 3.2 character heights off the plot).
constexpr double kPlotLeft = 120, kPlotRight = 690, kPlotBottom = 76, kPlotTop = 505;
constexpr double kGap = 18;            // between the plot and the panel
constexpr double kBarWidth = 18;       // a colour bar
constexpr double kBarPanel = 120;      // a colour bar with its numbers
constexpr double kLegendSample = 36;   // a legend entry's line, marker or patch
// PLplot sizes a legend by its own font metrics, ~16 units a character at
// the legend's text size (the drawn text is narrower): the panel reserves
// that much so that no label is cut at the page's edge.
constexpr double kCharWidth = 16.5;
// Fields with more cells than this are drawn as one raster image: PLplot's
// svg device writes ~270 bytes per cell.
constexpr long kMaxVectorCells = 64 * 64;

struct Bounds {
  double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
  void add(double x, double y) {
    if (!std::isfinite(x) || !std::isfinite(y)) return;
    x0 = std::min(x0, x), x1 = std::max(x1, x), y0 = std::min(y0, y), y1 = std::max(y1, y);
  }
  // A margin of 3% so markers and curves on the edge stay visible.
  void pad(bool grid_only) {
    if (!std::isfinite(x0)) x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    if (x1 - x0 < 1e-12) x0 -= 0.5, x1 += 0.5;
    if (y1 - y0 < 1e-12) y0 -= 0.5, y1 += 0.5;
    if (grid_only) return;
    const double mx = 0.03 * (x1 - x0), my = 0.03 * (y1 - y0);
    x0 -= mx, x1 += mx, y0 -= my, y1 += my;
  }
};

double ty(double y, bool log_y) { return log_y ? std::log10(std::max(y, 1e-300)) : y; }

// Ellipse of one standard deviation... scaled to 2 sigma, as a polyline.
void ellipse_points(double cx, double cy, double a, double b, double c, std::vector<double>& xs,
                    std::vector<double>& ys) {
  // Eigen-decomposition of [[a, b], [b, c]].
  const double tr = a + c, det = a * c - b * b;
  const double disc = std::sqrt(std::max(0.0, tr * tr / 4 - det));
  const double l1 = std::max(0.0, tr / 2 + disc), l2 = std::max(0.0, tr / 2 - disc);
  double vx = b, vy = l1 - a;
  if (std::fabs(vx) + std::fabs(vy) < 1e-300) vx = 1, vy = 0;
  const double nv = std::hypot(vx, vy);
  vx /= nv, vy /= nv;
  xs.clear(), ys.clear();
  for (int k = 0; k <= 40; ++k) {
    const double th = 2 * M_PI * k / 40;
    const double u = 2 * std::sqrt(l1) * std::cos(th), v = 2 * std::sqrt(l2) * std::sin(th);
    xs.push_back(cx + u * vx - v * vy);
    ys.push_back(cy + u * vy + v * vx);
  }
}

std::vector<const double*> rows_by_x(const Layer& L, std::vector<double>& storage) {
  // PLplot wants f[i][j] with i along x: transpose z (stored z[j * nx + i]).
  storage.resize(std::size_t(L.nx * L.ny));
  for (long i = 0; i < L.nx; ++i)
    for (long j = 0; j < L.ny; ++j) storage[i * L.ny + j] = L.z[j * L.nx + i];
  std::vector<const double*> rows(L.nx);
  for (long i = 0; i < L.nx; ++i) rows[i] = storage.data() + i * L.ny;
  return rows;
}


bool valid_grid(const Layer& L) { return L.nx >= 2 && L.ny >= 2 && long(L.z.size()) == L.nx * L.ny; }

// The range of the finite values of z; a constant field gets a unit range so
// that the colour scale stays defined.
std::pair<double, double> finite_range(const std::vector<double>& z) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (double v : z)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi - lo <= 1e-300 * std::max(1.0, std::fabs(lo))) lo -= 0.5, hi += 0.5;
  return {lo, hi};
}

// A heatmap as RGB pixels, top row (largest y) first.
std::vector<unsigned char> heatmap_pixels(const Layer& L, double zmin, double zmax) {
  std::vector<unsigned char> px;
  px.reserve(std::size_t(L.nx * L.ny * 3));
  for (long r = 0; r < L.ny; ++r) {
    const long j = L.ny - 1 - r;
    for (long i = 0; i < L.nx; ++i) {
      const auto c = render_detail::ramp_rgb((L.z[std::size_t(j * L.nx + i)] - zmin) / (zmax - zmin));
      px.insert(px.end(), c.begin(), c.end());
    }
  }
  return px;
}

// Draws a polyline in pieces separated by non-finite points.
void broken_line(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  std::size_t k = 0;
  while (k < n) {
    while (k < n && !(std::isfinite(x[k]) && std::isfinite(y[k]))) ++k;
    std::size_t e = k;
    while (e < n && std::isfinite(x[e]) && std::isfinite(y[e])) ++e;
    if (e - k >= 2) plline(PLINT(e - k), x.data() + k, y.data() + k);
    k = e;
  }
}

struct LegendEntry {
  int opt, color;
  const char* text;
};

}  // namespace

void render_picture(const Picture& pic, const std::string& path) {
  static std::mutex lock;
  std::lock_guard<std::mutex> guard(lock);
  {
    std::ofstream probe(path);
    WPROX_REQUIRE(probe, InputError, "cannot write '" << path << "'");
  }
  Bounds bb;
  bool grid_only = true;  // heatmaps fill their frame exactly; other layers get a margin
  for (const auto& L : pic.layers) {
    if (L.kind == Layer::Kind::Heatmap || L.kind == Layer::Kind::Contour) {
      bb.add(L.x0, ty(L.y0, pic.log_y));
      bb.add(L.x1, ty(L.y1, pic.log_y));
    } else if (L.kind == Layer::Kind::Ellipses) {
      grid_only = false;
      std::vector<double> xs, ys;
      for (std::size_t i = 0; i < L.x.size() && i < L.a.size(); ++i) {
        ellipse_points(L.x[i], L.y[i], L.a[i], L.b[i], L.c[i], xs, ys);
        for (std::size_t k = 0; k < xs.size(); ++k) bb.add(xs[k], ys[k]);
      }
    } else {
      grid_only = false;
      for (std::size_t i = 0; i < L.x.size() && i < L.y.size(); ++i) bb.add(L.x[i], ty(L.y[i], pic.log_y));
    }
  }
  bb.pad(grid_only);

  // The legend: every labelled layer, a filled one as a patch. A heatmap's
  // label is on its colour bar already, so a legend of heatmaps alone is
  // left out.
  std::vector<LegendEntry> legend;
  std::size_t longest = 0;
  int bars = 0;
  bool legend_needed = false;
  for (const auto& L : pic.layers) {
    const bool heat = L.kind == Layer::Kind::Heatmap;
    if (heat && valid_grid(L)) ++bars;
    if (L.label.empty() || (heat && !valid_grid(L))) continue;
    legend_needed = legend_needed || !heat;
    const int opt = heat ? PL_LEGEND_COLOR_BOX : L.kind == Layer::Kind::Points ? PL_LEGEND_SYMBOL : PL_LEGEND_LINE;
    legend.push_back({opt, heat ? kPatchColor : layer_color(L.color), L.label.c_str()});
    longest = std::max(longest, L.label.size());
  }
  if (!legend_needed) legend.clear();
  const double legend_w = legend.empty() ? 0 : kLegendSample + 4 * kCharWidth + kCharWidth * double(longest);
  const double panel = std::max(bars * kBarPanel, legend_w);
  // The plot's box on the page. Equal axes fit the data's aspect into the
  // standard box: centred without a panel, else left-aligned with the panel
  // right after it.
  double plot_left = kPlotLeft, plot_right = kPlotRight, plot_bottom = kPlotBottom, plot_top = kPlotTop;
  if (pic.equal_axes) {
    const double aspect = (bb.y1 - bb.y0) / (bb.x1 - bb.x0);
    const double w = plot_right - plot_left, h = plot_top - plot_bottom;
    if (h / w > aspect) {
      const double shrink = (h - w * aspect) / 2;
      plot_bottom += shrink, plot_top -= shrink;
    } else {
      const double shrink = w - h / aspect;
      if (panel > 0)
        plot_right -= shrink;
      else
        plot_left += shrink / 2, plot_right -= shrink / 2;
    }
  }
  const double page_w = panel > 0 ? plot_right + kGap + panel + 10 : kPageW;

  plsdev("svg");
  plsfnam(path.c_str());
  plspage(0, 0, PLINT(std::lround(page_w)), PLINT(kPageH), 0, 0);
  for (int i = 0; i < kPaletteSize; ++i) plscol0(i, kPalette[i][0], kPalette[i][1], kPalette[i][2]);
  {
    const auto patch = render_detail::ramp_rgb(0.6);
    plscol0(kPatchColor, patch[0], patch[1], patch[2]);
  }
  plinit();
  {
    using namespace render_detail;
    PLFLT pos[kRampPoints], r[kRampPoints], g[kRampPoints], b[kRampPoints];
    for (int k = 0; k < kRampPoints; ++k) pos[k] = kRampPos[k], r[k] = kRampR[k], g[k] = kRampG[k], b[k] = kRampB[k];
    plscmap1n(kRampColours);
    plscmap1l(1, kRampPoints, pos, r, g, b, nullptr);
  }
  plcol0(1);
  pladv(0);
  plvpor(plot_left / page_w, plot_right / page_w, plot_bottom / kPageH, plot_top / kPageH);
  plwind(bb.x0, bb.x1, bb.y0, bb.y1);
  // Log scale: data are plotted as log10 on a linear axis, labelled so (PLplot
  // labels log axes at whole decades only, often none).
  plbox("bcnst", 0, 0, "bcnstv", 0, 0);
  const std::string ylabel = pic.log_y ? "log#d10#u " + pic.ylabel : pic.ylabel;
  pllab(pic.xlabel.c_str(), ylabel.c_str(), pic.title.c_str());

  // World -> SVG page coordinates (y from the top), for the raster images.
  PLFLT dx0, dx1, dy0, dy1, wx0, wx1, wy0, wy1;
  plgvpd(&dx0, &dx1, &dy0, &dy1);
  plgvpw(&wx0, &wx1, &wy0, &wy1);
  auto page_x = [&](double x) { return page_w * (dx0 + (x - wx0) / (wx1 - wx0) * (dx1 - dx0)); };
  auto page_y = [&](double y) { return kPageH * (1 - (dy0 + (y - wy0) / (wy1 - wy0) * (dy1 - dy0))); };
  // The panel right of the plot, in page fractions (the colour bars and
  // the legend are placed on the page, PL_POSITION_SUBPAGE): it starts
  // kGap right of the plot, whose width equal axes may have narrowed.
  const double panel_x = dx1 + kGap / page_w;
  const double label_room = 28;  // above a colour bar, for its label
  const double panel_top = 1 - dy1;  // the top of a bar's label, level with the plot's top
  const double bar_h = ((dy1 - dy0) - label_room / kPageH) * (legend.empty() ? 1.0 : 0.5);

  std::vector<render_detail::RasterImage> rasters;
  int bar = 0;
  for (const auto& L : pic.layers) {
    const int col = layer_color(L.color);
    switch (L.kind) {
      case Layer::Kind::Points: {
        std::vector<double> y(L.y.size());
        for (std::size_t i = 0; i < y.size(); ++i) y[i] = ty(L.y[i], pic.log_y);
        plcol0(col);
        plssym(0.0, 0.55);
        plpoin(PLINT(std::min(L.x.size(), y.size())), L.x.data(), y.data(), 17);
        break;
      }
      case Layer::Kind::Curve: {
        std::vector<double> y(L.y.size());
        for (std::size_t i = 0; i < y.size(); ++i) y[i] = ty(L.y[i], pic.log_y);
        plcol0(col);
        plwidth(1.5);
        broken_line(L.x, y);
        plwidth(1.0);
        break;
      }
      case Layer::Kind::Heatmap: {
        if (!valid_grid(L)) break;
        const auto [zmin, zmax] = finite_range(L.z);
        if (L.nx * L.ny > kMaxVectorCells) {
          render_detail::RasterImage im;
          im.x = page_x(L.x0);
          im.width = page_x(L.x1) - im.x;
          im.y = page_y(ty(L.y1, pic.log_y));
          im.height = page_y(ty(L.y0, pic.log_y)) - im.y;
          im.png = render_detail::png_rgb(heatmap_pixels(L, zmin, zmax), int(L.nx), int(L.ny));
          rasters.push_back(std::move(im));
        } else {
          std::vector<double> storage;
          auto rows = rows_by_x(L, storage);
          plimage(rows.data(), PLINT(L.nx), PLINT(L.ny), L.x0, L.x1, L.y0, L.y1, zmin, zmax, L.x0, L.x1, L.y0,
                  L.y1);
          plcol0(1);
          plbox("bcnst", 0, 0, "bcnstv", 0, 0);
        }
        // Its colour bar, right of the plot (the first at the top), one
        // gradient element and labelled with the layer's name.
        PLFLT w, h;
        const PLINT label_opts[1] = {PL_COLORBAR_LABEL_TOP};
        const char* labels[1] = {L.label.c_str()};
        const char* axis_opts[1] = {"bcmtv"};
        const PLFLT ticks[1] = {0.0};
        const PLINT sub_ticks[1] = {0};
        const PLINT n_values[1] = {2};
        const PLFLT range[2] = {zmin, zmax};
        const PLFLT* values[1] = {range};
        plcol0(1);
        // The svg device writes one gradient stop per cmap1 colour; the ramp
        // is linear between its control points, so a cmap1 of just those
        // points gives the same gradient in 5 stops instead of 256.
        plscmap1n(render_detail::kRampPoints);
        plcolorbar(&w, &h, PL_COLORBAR_GRADIENT,
                   PL_POSITION_SUBPAGE | PL_POSITION_INSIDE | PL_POSITION_LEFT | PL_POSITION_TOP,
                   panel_x + bar * kBarPanel / page_w, panel_top, kBarWidth / page_w, bar_h, 0, 1, 1, 0, 0, 0, 0,
                   L.label.empty() ? 0 : 1, label_opts, labels, 1, axis_opts, ticks, sub_ticks, n_values, values);
        plscmap1n(render_detail::kRampColours);
        ++bar;
        break;
      }
      case Layer::Kind::Contour: {
        if (!valid_grid(L)) break;
        std::vector<double> storage;
        auto rows = rows_by_x(L, storage);
        std::vector<double> levels = L.levels;
        if (levels.empty()) {
          const auto [zmin, zmax] = finite_range(L.z);
          for (int k = 1; k <= 8; ++k) levels.push_back(zmin + (zmax - zmin) * k / 9.0);
        }
        std::vector<double> xg(L.nx), yg(L.ny);
        for (long i = 0; i < L.nx; ++i) xg[i] = L.x0 + (L.x1 - L.x0) * i / double(L.nx - 1);
        for (long j = 0; j < L.ny; ++j) yg[j] = L.y0 + (L.y1 - L.y0) * j / double(L.ny - 1);
        PLcGrid grid;
        grid.xg = xg.data();
        grid.yg = yg.data();
        grid.nx = PLINT(L.nx);
        grid.ny = PLINT(L.ny);
        grid.zg = nullptr;
        plcol0(col);
        plcont(rows.data(), PLINT(L.nx), PLINT(L.ny), 1, PLINT(L.nx), 1, PLINT(L.ny), levels.data(),
               PLINT(levels.size()), pltr1, &grid);
        break;
      }
      case Layer::Kind::Ellipses: {
        plcol0(col);
        std::vector<double> xs, ys;
        for (std::size_t i = 0; i < L.x.size() && i < L.a.size(); ++i) {
          ellipse_points(L.x[i], L.y[i], L.a[i], L.b[i], L.c[i], xs, ys);
          plline(PLINT(xs.size()), xs.data(), ys.data());
        }
        break;
      }
    }
  }
  if (!legend.empty()) {
    PLFLT w, h;
    const PLINT n = PLINT(legend.size());
    std::vector<PLINT> opts, colors, text_colors(n, 1), patterns(n, 0), styles(n, 1), symbol_n;
    std::vector<PLFLT> box_scales(n, 0.8), box_widths(n, 1.0), line_widths(n, 1.5), symbol_scales(n, 1.0);
    std::vector<const char*> text, symbols(n, "•");
    for (const LegendEntry& e : legend) {
      opts.push_back(e.opt);
      colors.push_back(e.color);
      text.push_back(e.text);
      symbol_n.push_back(e.opt == PL_LEGEND_SYMBOL ? 3 : 0);
    }
    // In the panel, below the colour bars when there are any, else level
    // with the top of the plot.
    const double y = bars ? panel_top + bar_h + 36 / kPageH : 1 - dy1;  // clear of the bar's lowest number
    // No box: off the plot a legend needs no background to stand out, and
    // PLplot's box would frame the room it reserves, not the text.
    pllegend(&w, &h, 0,
             PL_POSITION_SUBPAGE | PL_POSITION_INSIDE | PL_POSITION_LEFT | PL_POSITION_TOP, panel_x, y,
             kLegendSample / page_w, 0, 1, 1, 0, 0, n, opts.data(), 0.5, 0.9, 2.0, 0.0, text_colors.data(),
             text.data(), colors.data(), patterns.data(), box_scales.data(), box_widths.data(), colors.data(),
             styles.data(), line_widths.data(), colors.data(), symbol_scales.data(), symbol_n.data(),
             symbols.data());
  }
  plend();
  render_detail::embed_rasters(path, rasters);
}

PictureWriter svg_pictures() {
  return [](const Picture& pic, const std::string& path) { render_picture(pic, path + ".svg"); };
}

}  // namespace wprox
