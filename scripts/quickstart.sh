#!/usr/bin/env bash
# Installs, builds and runs the main job: the BRWP sampler on the slides'
# bimodal target, next to ULA at the same step size. Results and pictures
# land in results/quickstart/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
build/bin/wprox run mala --problem bimodal --set particles=1000 --set steps=100 --set h=0.05 \
  --seed 1 --out results/quickstart
echo "quickstart: open results/quickstart/particles.svg; numbers in results/quickstart/summary.json"
