#!/usr/bin/env bash
# npdg / pinn-adam / wan through the CLI: the files of a run, a restart from
# the saved parameters, and bad input (exit 2, one line) and a MINRES solve
# that misses its tolerance under strict_minres (exit 3 with the residual).
source "$3/tests/cli/lib.sh"
out="$TMP/out"
common=(--set iterations=3 --set width=8 --set interior_points=64 --set boundary_points=32 --set error_points=64
  --set problem.dim=3 --quiet)
small=("${common[@]}" --set test_width=8)

expect 0 "" -- "$WPROX" run npdg --problem elliptic-nd "${small[@]}" --out "$out"
for f in summary.json trace.csv u_parameters.npy slice.npy slice_exact.npy slice_axis.npy u_slice.svg \
  error_slice.svg errors.svg errors_time.svg; do
  [ -s "$out/$f" ] || fail "npdg did not write $f"
done
grep -q '"rel_l2"' "$out/summary.json" || fail "summary.json lacks rel_l2"
grep -q '"rel_h1"' "$out/summary.json" || fail "summary.json lacks rel_h1"
head -1 "$out/trace.csv" | grep -q "rel_l2,rel_h1" || fail "trace.csv lacks rel_l2,rel_h1: $(head -1 "$out/trace.csv")"
[ "$(wc -l <"$out/trace.csv")" = 4 ] || fail "trace.csv should have a header and 3 rows"
# A restart from the saved network and the baselines on the semilinear problem.
expect 0 "" -- "$WPROX" run npdg --problem elliptic-nd "${small[@]}" --set init="$out/u_parameters.npy" --out "$TMP/re"
expect 0 "" -- "$WPROX" run pinn-adam --problem semilinear-nd "${common[@]}" --out "$TMP/pinn"
expect 0 "" -- "$WPROX" run wan --problem semilinear-nd "${small[@]}" --out "$TMP/wan"

bad="$TMP/bad"
expect 2 "parameter 'problem.dim' = '51' is invalid: allowed range is \[1, 50\]" -- \
  "$WPROX" run npdg --set problem.dim=51 --out "$bad"
expect 2 "parameter 'problem.dim' = '0' is invalid: allowed range is \[1, 50\]" -- \
  "$WPROX" run pinn-adam --set problem.dim=0 --out "$bad"
expect 2 "elliptic-nd: the coefficient a\(x\) = a0 \+ a1 sin\(pi s\(x\)\) must stay positive, .* min a = a0 - \|a1\| = -0.1 \(need > 0\)" -- \
  "$WPROX" run npdg --set problem.coefficient_mean=0.4 --out "$bad"
expect 2 "parameter 'problem.reaction' = '-1' is invalid" -- "$WPROX" run npdg --problem semilinear-nd \
  --set problem.reaction=-1 --out "$bad"
expect 2 "parameter 'minres_tol' = '0' is invalid" -- "$WPROX" run npdg --set minres_tol=0 --out "$bad"
expect 2 "init file '.*u_parameters.npy' has [0-9]+ parameters but the solution network \(width 16," -- \
  "$WPROX" run npdg --set width=16 --set problem.dim=3 --set init="$out/u_parameters.npy" --out "$bad"
[ -e "$bad/summary.json" ] && fail "a summary.json was written for bad input"

# One MINRES iteration cannot reach a relative residual of 1e-12: with
# strict_minres the run stops at step 1 and says the residual it reached.
expect 3 "diverged at step 1: npdg: MINRES for the .* Gram system stopped at relative residual [0-9.e-]+ after 1 iterations \(minres_tol = 1e-12\)" -- \
  "$WPROX" run npdg "${small[@]}" --set strict_minres=true --set minres_max_iter=1 --set minres_tol=1e-12 --out "$TMP/strict"

# A network too small to fit (one unit: five parameters in 2-D) stalls near
# rel_l2 = 1; the run ends normally and says why its error is large. The
# default 32x2 network trained by npdg keeps improving and gets no such note.
expect 0 "rel_l2 stalled at .* may be too small" -- "$WPROX" run pinn-adam --problem elliptic-nd \
  --set problem.dim=2 --set width=1 --set depth=1 --set iterations=200 --out "$TMP/tiny" --quiet
grep -q "may be too small" "$TMP/tiny/summary.json" || fail "the stall note is not in summary.json"
expect 0 "" -- "$WPROX" run npdg --problem elliptic-nd --set problem.dim=2 --set iterations=24 --quiet
grep -q "stalled" "$TMP/stderr" && fail "a 32x2 network was called too small"
finish
