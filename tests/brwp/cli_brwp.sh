#!/bin/bash
# brwp through the CLI: a small run writes particles.npy; bad input exits 2
# naming the parameter; a blow-up exits 3 naming the step.
# Arguments: the wprox binary, the build tree, the source tree.
set -u
WPROX="$1"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$WPROX" run brwp --problem gaussian --set particles=50 --set steps=5 --seed 3 --threads 2 --out "$OUT/ok" \
  > /dev/null 2> "$OUT/err" || fail "small run exited $?: $(cat "$OUT/err")"
[ -f "$OUT/ok/particles.npy" ] || fail "no particles.npy"

for kv in h=0 h=-1 T=0 T=-0.5 beta=0 particles=1 mc_samples=0; do
  key=${kv%%=*}
  "$WPROX" run brwp --set "$kv" --set steps=2 > /dev/null 2> "$OUT/err"
  rc=$?
  [ $rc -eq 2 ] || fail "--set $kv exited $rc, expected 2"
  grep -q "$key" "$OUT/err" || fail "--set $kv: message does not name '$key': $(cat "$OUT/err")"
done

"$WPROX" run brwp --set particles=20 --set steps=200 --set h=60 --set T=0.1 > /dev/null 2> "$OUT/err"
rc=$?
[ $rc -eq 3 ] || fail "blow-up exited $rc, expected 3: $(cat "$OUT/err")"
grep -q "step [0-9]" "$OUT/err" || fail "blow-up message does not name the step: $(cat "$OUT/err")"
echo "ok"
