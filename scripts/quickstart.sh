#!/usr/bin/env bash
# Installs, builds and runs the main job: the BRWP sampler on the slides'
# bimodal target, then BRWP, ULA and MALA side by side at the same step size. Results and pictures
# land in results/quickstart/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build/bin/wprox run brwp --problem bimodal --set particles=1000 --set steps=100 --set h=0.1 \
  --seed 1 --out results/quickstart --force
build/bin/wprox compare --methods brwp,ula,mala --problem bimodal --set particles=1000 --set steps=30 \
  --set h=0.1 --seed 1 --out results/quickstart/compare --force
echo "quickstart: open results/quickstart/particles.svg; numbers in results/quickstart/summary.json"
