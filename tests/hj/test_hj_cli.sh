#!/usr/bin/env bash
# pdhg-hj / explicit-hj through the CLI: the output files of a run, and bad
# input ending in exit 2 with one line that names the problem.
source "$3/tests/cli/lib.sh"
out="$TMP/out"

expect 0 "" -- "$WPROX" run pdhg-hj --problem hj-quadratic --set nx=20 --set time_levels=5 --out "$out"
for f in summary.json trace.csv phi.npy t.npy x.npy control_x.npy trajectories.csv phi.svg trajectories.svg; do
  [ -s "$out/$f" ] || fail "pdhg-hj did not write $f"
done
grep -q '"total_iterations"' "$out/summary.json" || fail "summary.json lacks total_iterations"
head -1 "$out/trace.csv" | grep -q "iterations,residual" || fail "trace.csv lacks iterations,residual"
expect 0 "" -- "$WPROX" run explicit-hj --problem hj-newton --set nx=12 --set time_levels=3 --out "$TMP/newton"
[ -s "$TMP/newton/control_v.npy" ] || fail "explicit-hj on hj-newton did not write control_v.npy"

bad="$TMP/bad"
expect 2 "parameter 'nx' = '1' is invalid" -- "$WPROX" run pdhg-hj --set nx=1 --out "$bad"
expect 2 "parameter 'time_levels' = '1' is invalid" -- "$WPROX" run explicit-hj --set time_levels=1 --out "$bad"
expect 2 "visc" -- "$WPROX" run pdhg-hj --set problem.visc=-1 --out "$bad"
expect 2 "outside the domain \[0, 2\]" -- "$WPROX" run pdhg-hj --set starts=0.5,3 --out "$bad"
expect 2 "largest allowed dt is" -- "$WPROX" run explicit-hj --set substeps=1 --out "$bad"
expect 2 "needs about .* substeps per time level, more than max_substeps" -- "$WPROX" run explicit-hj --set problem.visc=1e300 --out "$bad"
[ -e "$bad/summary.json" ] && fail "a summary.json was written for bad input"
finish
