#!/usr/bin/env bash
# The SDK path a plugin author takes: install, find_package(wprox), build the
# template plugin out of tree, run it with WPROX_PLUGIN_PATH.
set -eu
BUILD=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cmake --install "$BUILD" --prefix "$TMP/prefix" >/dev/null
cmake -S "$SRC/sdk/template" -B "$TMP/build" -DCMAKE_PREFIX_PATH="$TMP/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$TMP/build" -j2 >/dev/null
ls "$TMP/build"/wprox_*.so >/dev/null
# The installed conformance suite, from the template's one CMake call.
ctest --test-dir "$TMP/build" --output-on-failure >"$TMP/ctest.log" 2>&1 || { cat "$TMP/ctest.log"; echo "FAIL: conformance"; exit 1; }
grep -q "100% tests passed, 0 tests failed out of 1" "$TMP/ctest.log" || { cat "$TMP/ctest.log"; echo "FAIL: no conformance test ran"; exit 1; }
export WPROX_PLUGIN_PATH="$TMP/build"
"$TMP/prefix/bin/wprox" list | grep -q "gradient-flow" || { echo "FAIL: template method not listed"; exit 1; }
"$TMP/prefix/bin/wprox" run gradient-flow --problem gaussian --set problem.mean=1,2 --set steps=200 --set h=0.1 \
  --out "$TMP/out" --quiet >"$TMP/log"
# Gradient flow drives every particle to the minimizer of V, the mean (1, 2).
python3 - "$TMP/out/summary.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
assert abs(m["mean"][0] - 1) < 1e-6 and abs(m["mean"][1] - 2) < 1e-6, m
assert m["cov"][0][0] < 1e-12, m
PY
echo "1 passed, 0 failed"
