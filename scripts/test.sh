#!/usr/bin/env bash
# Installs, builds (warnings are errors) and runs the whole default test
# suite (labels "long" are opt-in: ctest -L long).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh -DWPROX_WERROR=ON
cd build
ctest --output-on-failure -j2 -LE long
