// Renders Picture descriptions with PLplot's svg device. One plot per call;
// PLplot is not re-entrant, so calls are serialized by a lock.
#include <plplot/plplot.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <mutex>
#include <vector>

#include "wprox/errors.hpp"
#include "wprox/render.hpp"

namespace wprox {
namespace {

// cmap0: 0 background, 1 axes/text, 2.. layer colours.
const int kPalette[][3] = {{255, 255, 255}, {0, 0, 0},       {31, 119, 180},  {214, 39, 40},  {44, 160, 44},
                           {255, 127, 14},  {148, 103, 189}, {127, 127, 127}, {23, 190, 207}, {140, 86, 75}};
constexpr int kPaletteSize = sizeof(kPalette) / sizeof(kPalette[0]);
int layer_color(int c) { return 2 + ((c % (kPaletteSize - 2)) + (kPaletteSize - 2)) % (kPaletteSize - 2); }

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

  plsdev("svg");
  plsfnam(path.c_str());
  plspage(0, 0, 720, 560, 0, 0);
  for (int i = 0; i < kPaletteSize; ++i) plscol0(i, kPalette[i][0], kPalette[i][1], kPalette[i][2]);
  plinit();
  // cmap1 for heatmaps: a viridis-like ramp (dark blue, teal, green, yellow),
  // readable in grey scale and by colour-blind readers.
  {
    PLFLT pos[5] = {0.0, 0.25, 0.5, 0.75, 1.0};
    PLFLT r[5] = {0.267, 0.229, 0.128, 0.369, 0.993};
    PLFLT g[5] = {0.005, 0.322, 0.567, 0.789, 0.906};
    PLFLT b[5] = {0.329, 0.546, 0.551, 0.383, 0.144};
    plscmap1n(256);
    plscmap1l(1, 5, pos, r, g, b, nullptr);
  }
  plcol0(1);
  // Log scale: data are plotted as log10 on a linear axis, labelled so (PLplot
  // labels log axes at whole decades only, often none).
  plenv(bb.x0, bb.x1, bb.y0, bb.y1, pic.equal_axes ? 1 : 0, 0);
  const std::string ylabel = pic.log_y ? "log#d10#u " + pic.ylabel : pic.ylabel;
  pllab(pic.xlabel.c_str(), ylabel.c_str(), pic.title.c_str());

  std::vector<int> legend_opts, legend_colors, legend_symbols_n;
  std::vector<const char*> legend_text, legend_symbols;
  std::vector<double> legend_widths, legend_scales;
  std::vector<int> legend_styles;

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
        plline(PLINT(std::min(L.x.size(), y.size())), L.x.data(), y.data());
        plwidth(1.0);
        break;
      }
      case Layer::Kind::Heatmap: {
        if (L.nx < 2 || L.ny < 2 || long(L.z.size()) != L.nx * L.ny) break;
        std::vector<double> storage;
        auto rows = rows_by_x(L, storage);
        const auto [zmin, zmax] = std::minmax_element(L.z.begin(), L.z.end());
        plimage(rows.data(), PLINT(L.nx), PLINT(L.ny), L.x0, L.x1, L.y0, L.y1, *zmin, *zmax, L.x0, L.x1, L.y0, L.y1);
        plcol0(1);
        plbox("bcnst", 0, 0, "bcnstv", 0, 0);
        break;
      }
      case Layer::Kind::Contour: {
        if (L.nx < 2 || L.ny < 2 || long(L.z.size()) != L.nx * L.ny) break;
        std::vector<double> storage;
        auto rows = rows_by_x(L, storage);
        std::vector<double> levels = L.levels;
        if (levels.empty()) {
          const auto [zmin, zmax] = std::minmax_element(L.z.begin(), L.z.end());
          for (int k = 1; k <= 8; ++k) levels.push_back(*zmin + (*zmax - *zmin) * k / 9.0);
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
    if (!L.label.empty()) {
      const bool points = L.kind == Layer::Kind::Points;
      legend_opts.push_back(points ? PL_LEGEND_SYMBOL : PL_LEGEND_LINE);
      legend_colors.push_back(col);
      legend_text.push_back(L.label.c_str());
      legend_symbols.push_back("•");
      legend_symbols_n.push_back(points ? 3 : 0);
      legend_widths.push_back(1.5);
      legend_scales.push_back(1.0);
      legend_styles.push_back(1);
    }
  }
  if (!legend_text.empty()) {
    PLFLT w, h;
    const PLINT n = PLINT(legend_text.size());
    std::vector<PLINT> box_zero(n, 0);
    std::vector<PLFLT> box_zero_f(n, 0.0);
    std::vector<PLINT> text_colors(n, 1);
    pllegend(&w, &h, PL_LEGEND_BACKGROUND | PL_LEGEND_BOUNDING_BOX,
             PL_POSITION_TOP | PL_POSITION_RIGHT | PL_POSITION_INSIDE, 0.02, 0.02, 0.08, 0, 1, 1, 0, 0, n,
             legend_opts.data(), 1.0, 0.9, 2.0, 0.0, text_colors.data(), legend_text.data(), box_zero.data(),
             box_zero.data(), box_zero_f.data(), box_zero_f.data(), legend_colors.data(), legend_styles.data(),
             legend_widths.data(), legend_colors.data(), legend_scales.data(), legend_symbols_n.data(),
             legend_symbols.data());
  }
  plend();
}

PictureWriter svg_pictures() {
  return [](const Picture& pic, const std::string& path) { render_picture(pic, path + ".svg"); };
}

}  // namespace wprox
