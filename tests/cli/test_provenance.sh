#!/usr/bin/env bash
# summary.json says what produced it: the wprox version, each plugin's
# version, the command line as typed and the threads used; vector and matrix
# metrics are JSON arrays.
source "$(dirname "$0")/lib.sh"

want=$(sed -n 's/^project(wprox VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")

# summary.json: version, plugins with their versions, the command line as
# typed (quoted for the shell), the threads used (0 resolves to the cores).
out="$TMP/s1"
expect 0 "" -- "$WPROX" run mala --problem gaussian --set particles=300 --set steps=20 \
  --set problem.precision='2,0.5;0.5,1' --out "$out" --quiet
"$WPROX" list >"$TMP/list"
python3 - "$out" "$want" "$WPROX" "$(nproc)" "$TMP/list" <<'PY' || fail "summary.json provenance"
import json, re, struct, sys
out, version, wprox, cores, listing = sys.argv[1:]
s = json.load(open(out + "/summary.json"))
assert s["wprox_version"] == version, s["wprox_version"]
expected = wprox + " run mala --problem gaussian --set particles=300 --set steps=20 " \
    "--set 'problem.precision=2,0.5;0.5,1' --out " + out + " --quiet"
assert s["command_line"] == expected, (s["command_line"], expected)
assert s["threads_requested"] == 0 and s["threads"] == int(cores), (s["threads"], cores)
versions = dict(re.findall(r"^  (\S+) +(\S+) +loaded", open(listing).read(), re.M))
assert s["plugins"] == {"langevin": versions["langevin"], "targets": versions["targets"]}, s["plugins"]
# Metrics that are vectors and matrices are JSON arrays, equal to the moments
# of particles.npy computed here (the same sums in another order: 1e-12
# relative covers the rounding of 300 terms of size O(1)).
m = s["metrics"]
raw = open(out + "/particles.npy", "rb").read()
hlen = struct.unpack("<H", raw[8:10])[0]
xs = struct.unpack("<600d", raw[10 + hlen:])
pts = [xs[2 * i:2 * i + 2] for i in range(300)]
mean = [sum(p[k] for p in pts) / 300 for k in range(2)]
cov = [[sum((p[a] - mean[a]) * (p[b] - mean[b]) for p in pts) / 299 for b in range(2)] for a in range(2)]
assert isinstance(m["mean"], list) and len(m["mean"]) == 2, m
assert isinstance(m["cov"], list) and [len(r) for r in m["cov"]] == [2, 2], m
for a in range(2):
    assert abs(m["mean"][a] - mean[a]) <= 1e-12 * (1 + abs(mean[a])), (m["mean"], mean)
    for b in range(2):
        assert abs(m["cov"][a][b] - cov[a][b]) <= 1e-12 * (1 + abs(cov[a][b])), (m["cov"], cov)
assert not any(k.startswith(("mean[", "cov[", "mean_0", "cov_0")) for k in m), m
PY
expect 0 "" -- "$WPROX" run ula --set steps=3 --threads 1 --out "$TMP/s2" --quiet
python3 -c "
import json; s = json.load(open('$TMP/s2/summary.json'))
assert s['threads'] == 1 and s['threads_requested'] == 1, s" || fail "--threads 1 not recorded as 1"

finish
