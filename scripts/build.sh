#!/usr/bin/env bash
# Configures and builds wprox (Release) into ./build with two jobs. Extra
# arguments go to cmake's configure step (e.g. -DWPROX_WERROR=ON).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
cmake --build build -j2
