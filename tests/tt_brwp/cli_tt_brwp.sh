#!/bin/bash
# tt-brwp through the CLI: a small run writes the particles, the TT cores
# with the grid and the pictures; bad input exits 2 naming what is wrong; a
# ratio that cannot reach cross_tol exits 3 naming the step and the
# tolerance reached.
# Arguments: the wprox binary, the build tree, the source tree.
set -u
WPROX="$1"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$WPROX" run tt-brwp --problem gaussian --set particles=100 --set steps=3 --set grid=24 --seed 3 --threads 2 \
  --out "$OUT/ok" > /dev/null 2> "$OUT/err" || fail "small run exited $?: $(cat "$OUT/err")"
for f in particles.npy tt_density/core_0.npy tt_density/core_1.npy tt_density/nodes_0.npy tt_density/weights_1.npy \
  marginal_0.svg density.svg; do
  [ -f "$OUT/ok/$f" ] || fail "no $f"
done

check2() {  # expected substring, then the arguments
  local want="$1"; shift
  "$WPROX" run tt-brwp "$@" --set steps=2 > /dev/null 2> "$OUT/err"
  local rc=$?
  [ $rc -eq 2 ] || fail "$* exited $rc, expected 2: $(cat "$OUT/err")"
  grep -q -- "$want" "$OUT/err" || fail "$*: message does not say '$want': $(cat "$OUT/err")"
  [ "$(wc -l < "$OUT/err")" -eq 1 ] || fail "$*: message is not one line: $(cat "$OUT/err")"
}
check2 grid --set grid=3
check2 max_rank --set max_rank=0
check2 "domain excludes the initial particles" --set domain=0.5,6
check2 memory_gb --set grid=4096 --set max_rank=1024 --set problem.dim=64

"$WPROX" run tt-brwp --problem gaussian --set particles=100 --set steps=5 --set max_rank=2 \
  --set problem.precision='1.25,0.35;0.35,1.25' > /dev/null 2> "$OUT/err"
rc=$?
[ $rc -eq 3 ] || fail "unreachable tolerance exited $rc, expected 3: $(cat "$OUT/err")"
grep -q "step 1" "$OUT/err" || fail "message does not name the step: $(cat "$OUT/err")"
grep -q "cross_tol = 1e-06" "$OUT/err" || fail "message does not name the tolerance: $(cat "$OUT/err")"
grep -q "reached" "$OUT/err" || fail "message does not say what was reached: $(cat "$OUT/err")"
echo "ok"
