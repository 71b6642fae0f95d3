#!/usr/bin/env bash
# record_every: the particle history (history.npy, records x N x d), and for
# ula and mala, whose particles are independent chains, split-R-hat and
# bulk/tail ESS per coordinate in summary.json.
source "$(dirname "$0")/lib.sh"

# ULA on N(0, 1) per coordinate is the AR(1) x' = (1 - h) x + sqrt(2h) xi, so
# records k steps apart have lag-1 correlation phi = (1 - h)^k and
# ESS = S (1 - phi) / (1 + phi): h = 0.1, k = 5 gives phi = 0.590 and
# ESS = 0.257 S, S = 200 chains x 400 records. The chains start from N(0, 1),
# within 5% of ULA's stationary variance 1 / (1 - h/2), so R-hat is 1 up to
# O(1 / effective draws per half-chain ~ 50): 1.05 bounds it. The ESS
# estimate scatters by about 5% at this size: 15% is 3 of those.
out="$TMP/ula"
expect 0 "" -- "$WPROX" run ula --problem gaussian --set particles=200 --set steps=2000 --set h=0.1 \
  --set record_every=5 --out "$out" --quiet
python3 - "$out" <<'PY' || fail "ula chain diagnostics"
import json, struct, sys
out = sys.argv[1]
raw = open(out + "/history.npy", "rb").read()
hlen = struct.unpack("<H", raw[8:10])[0]
assert "(400, 200, 2)" in raw[10:10 + hlen].decode(), raw[10:10 + hlen]
assert len(raw) == 10 + hlen + 400 * 200 * 2 * 8
# The last record is the final cloud.
last = raw[10 + hlen + 399 * 200 * 2 * 8:]
final = open(out + "/particles.npy", "rb").read()
assert last == final[10 + struct.unpack("<H", final[8:10])[0]:], "last record differs from particles.npy"
m = json.load(open(out + "/summary.json"))["metrics"]
phi = 0.9 ** 5
want = 200 * 400 * (1 - phi) / (1 + phi)
for j in range(2):
    assert abs(m["rhat"][j] - 1) < 0.05, m["rhat"]
    assert abs(m["ess_bulk"][j] / want - 1) < 0.15, (m["ess_bulk"], want)
    assert m["ess_tail"][j] > 0, m["ess_tail"]
PY

# MALA on the bimodal target with a small step: a chain never crosses between
# the modes at x1 = -a and +a, so the chains disagree and R-hat of x1 is far
# above 1 (1.68 at this size; 1.2 is a loose floor), although each chain
# looks converged on its own.
expect 0 "" -- "$WPROX" run mala --problem bimodal --set particles=400 --set steps=400 --set h=0.05 \
  --set record_every=5 --out "$TMP/bimodal" --quiet
python3 -c "
import json; m = json.load(open('$TMP/bimodal/summary.json'))['metrics']
assert m['rhat'][0] > 1.2, m['rhat']" || fail "MALA stuck in the modes does not show in R-hat"

# Without record_every nothing is kept; brwp's particles interact, so it
# records a history but reports no chain diagnostics.
expect 0 "" -- "$WPROX" run ula --set steps=10 --out "$TMP/plain" --quiet
[ -e "$TMP/plain/history.npy" ] && fail "history.npy written without record_every"
expect 0 "" -- "$WPROX" run brwp --problem bimodal --set steps=8 --set record_every=2 --out "$TMP/brwp" --quiet
[ -s "$TMP/brwp/history.npy" ] || fail "brwp: no history.npy"
grep -q '"rhat"' "$TMP/brwp/summary.json" && fail "brwp reports R-hat for interacting particles"

# The history survives an interruption: resume gives the same file.
expect 0 "" -- "$WPROX" run ula --set particles=50 --set steps=40 --set record_every=2 --out "$TMP/whole" --quiet
expect 130 "" -- "$WPROX" run ula --set particles=50 --set steps=40 --set record_every=2 --interrupt-after 18 \
  --out "$TMP/part" --quiet
expect 0 "" -- "$WPROX" resume "$TMP/part" --quiet
cmp -s "$TMP/whole/history.npy" "$TMP/part/history.npy" || fail "history after resume differs"

finish
