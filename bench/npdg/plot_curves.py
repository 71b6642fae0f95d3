#!/usr/bin/env python3
"""Error curves of several neural PDE runs, against the iteration and against
wall time, as one SVG with two log-log panels (standard library only).

usage: plot_curves.py OUT.svg METRIC NAME=trace.csv [NAME=trace.csv ...]
"""
import csv
import math
import sys

COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd"]
W, H, PAD = 420, 300, 55


def read(path, metric):
    rows = list(csv.DictReader(open(path)))
    pts = []
    for r in rows:
        try:
            k, t, e = float(r["step"]), float(r["wall_seconds"]), float(r[metric])
        except (KeyError, ValueError):
            continue
        if e > 0 and math.isfinite(e) and t > 0:
            pts.append((k, t, e))
    if not pts:
        sys.exit(f"{path}: no finite positive '{metric}' values")
    stride = max(1, math.ceil(len(pts) / 400))  # enough points for a smooth line
    return pts[::stride] + ([pts[-1]] if (len(pts) - 1) % stride else [])


def panel(x0, series, xi, xlabel, metric, ylim):
    xs = [p[xi] for _, pts in series for p in pts]
    lx0, lx1 = math.floor(math.log10(min(xs))), math.ceil(math.log10(max(xs)))
    ly0, ly1 = ylim
    def X(v): return x0 + PAD + (math.log10(v) - lx0) / max(lx1 - lx0, 1e-9) * (W - 1.5 * PAD)
    def Y(v): return H - PAD + (math.log10(v) - ly0) / (ly1 - ly0) * (-(H - 1.5 * PAD))
    out = [f'<rect x="{x0 + PAD}" y="{PAD / 2}" width="{W - 1.5 * PAD}" height="{H - 1.5 * PAD}" '
           'fill="none" stroke="#444"/>']
    for d in range(lx0, lx1 + 1):
        out.append(f'<text x="{X(10 ** d):.1f}" y="{H - PAD + 16}" font-size="11" text-anchor="middle">1e{d}</text>')
    for d in range(ly0, ly1 + 1):
        out.append(f'<text x="{x0 + PAD - 6}" y="{Y(10 ** d) + 4:.1f}" font-size="11" text-anchor="end">1e{d}</text>')
        out.append(f'<line x1="{x0 + PAD}" x2="{x0 + W - PAD / 2}" y1="{Y(10 ** d):.1f}" y2="{Y(10 ** d):.1f}" '
                   'stroke="#ddd"/>')
    out.append(f'<text x="{x0 + PAD + (W - 1.5 * PAD) / 2}" y="{H - 12}" font-size="12" '
               f'text-anchor="middle">{xlabel}</text>')
    out.append(f'<text x="{x0 + 14}" y="{H / 2}" font-size="12" text-anchor="middle" '
               f'transform="rotate(-90 {x0 + 14} {H / 2})">{metric}</text>')
    for c, (name, pts) in enumerate(series):
        path = " ".join(f"{X(p[xi]):.1f},{Y(p[2]):.1f}" for p in pts)
        out.append(f'<polyline points="{path}" fill="none" stroke="{COLOURS[c % 4]}" stroke-width="1.6"/>')
        out.append(f'<text x="{x0 + W - PAD}" y="{PAD / 2 + 16 + 15 * c}" font-size="12" text-anchor="end" '
                   f'fill="{COLOURS[c % 4]}">{name}</text>')
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    out, metric = sys.argv[1], sys.argv[2]
    series = []
    for arg in sys.argv[3:]:
        name, path = arg.split("=", 1)
        series.append((name, read(path, metric)))
    es = [p[2] for _, pts in series for p in pts]
    ylim = (math.floor(math.log10(min(es))), math.ceil(math.log10(max(es))))
    body = panel(0, series, 0, "iteration", metric, ylim) + panel(W, series, 1, "wall time [s]", metric, ylim)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{2 * W}" height="{H}" font-family="sans-serif">',
           '<rect width="100%" height="100%" fill="white"/>'] + body + ["</svg>"]
    open(out, "w").write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
