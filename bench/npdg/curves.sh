#!/usr/bin/env bash
# NPDG against PINN-Adam on elliptic-nd from one `wprox compare` run: the
# relative L2 error against the iteration and against wall time
# (docs/img/npdg_vs_pinn_d5.svg in the README). Usage: curves.sh [BUILD] [DIM]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
dim=${2:-5}
out=$(mktemp -d)
"$build/bin/wprox" compare --methods npdg,pinn-adam --problem elliptic-nd --set problem.dim="$dim" \
  --set npdg.iterations=60 --set pinn-adam.iterations=4000 --metric rel_l2 --seed 1 --threads 1 \
  --out "$out/cmp" --quiet
python3 "$here/plot_curves.py" "${OUT_SVG:-npdg_vs_pinn_d$dim.svg}" rel_l2 \
  npdg="$out/cmp/npdg/trace.csv" pinn-adam="$out/cmp/pinn-adam/trace.csv"
grep -h '"rel_l2"' "$out/cmp/npdg/summary.json" "$out/cmp/pinn-adam/summary.json" || true
rm -rf "$out"
