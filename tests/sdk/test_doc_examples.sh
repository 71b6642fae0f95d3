#!/usr/bin/env bash
# The complete plugin examples of docs/writing-a-problem-plugin.md (the code
# blocks after "<!-- example: FILE -->") are built out of tree against the
# installed SDK, loaded by the installed wprox and run, so that the page
# cannot drift from the headers.
set -eu
BUILD=$1
SRC=$2
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cmake --install "$BUILD" --prefix "$TMP/prefix" >/dev/null
mkdir -p "$TMP/src"
python3 - "$SRC/docs/writing-a-problem-plugin.md" "$TMP/src" <<'PY'
import re, sys
page, out = sys.argv[1:]
found = re.findall(r"<!-- example: (\S+) -->\n```cpp\n(.*?)```", open(page).read(), re.S)
assert len(found) == 2, [f for f, _ in found]
names = []
for name, code in found:
    open(out + "/" + name, "w").write(code)
    names.append(name[:-4])
with open(out + "/CMakeLists.txt", "w") as f:
    f.write("cmake_minimum_required(VERSION 3.20)\nproject(doc_examples LANGUAGES CXX)\n")
    f.write("find_package(wprox REQUIRED)\n")
    for n in names:
        f.write("wprox_add_plugin(%s %s.cpp)\n" % (n, n))
PY
cmake -S "$TMP/src" -B "$TMP/build" -DCMAKE_PREFIX_PATH="$TMP/prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$TMP/build" -j2 >/dev/null
export WPROX_PLUGIN_PATH="$TMP/build"
W="$TMP/prefix/bin/wprox"
"$W" list --strict-plugins >"$TMP/list"
grep -q "^  banana " "$TMP/list" && grep -q "^  tilted-allen-cahn " "$TMP/list" || { echo "FAIL: $(cat "$TMP/list")"; exit 1; }

# banana: the page's closed forms, mean (0, b) and covariance diag(1, 1 + 2 b^2)
# at beta = 1, against 4000 MALA chains. Sampling error of the mean: the
# standard deviations 1 and sqrt(1.5) over sqrt(4000) are 0.016 and 0.019, so
# 0.1 is over 5 of them; the covariance entries' errors are about
# sqrt(2/4000) relative (0.022), so 0.2 relative is generous and still fails
# for a wrong closed form (b = 0.5 gives 1.5 in cov[1][1], not 1).
"$W" run mala --problem banana --set particles=4000 --set steps=300 --out "$TMP/banana" --quiet >/dev/null
python3 - "$TMP/banana/summary.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["metrics"]
assert abs(m["mean"][0]) < 0.1 and abs(m["mean"][1] - 0.5) < 0.1, m["mean"]
assert abs(m["cov"][0][0] - 1) < 0.2 and abs(m["cov"][1][1] - 1.5) < 0.3 and abs(m["cov"][0][1]) < 0.2, m["cov"]
assert m["mean_err"] < 0.1 and m["cov_err"] < 0.2, m
PY

# tilted-allen-cahn: both solvers run it, and the free energy, a Lyapunov
# function of the gradient flow, never increases (up to the solvers'
# tolerance, 1e-6 relative).
for method in pdhg-rd newton-krylov-rd; do
  "$W" run "$method" --problem tilted-allen-cahn --set problem.n=32 --set problem.T=0.01 \
    --out "$TMP/$method" --quiet >/dev/null
  python3 - "$TMP/$method/trace.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
e = [float(r["energy"]) for r in rows]
assert len(e) >= 2, e
assert all(b <= a + 1e-6 * abs(a) for a, b in zip(e, e[1:])), e
PY
done
echo "1 passed, 0 failed"
