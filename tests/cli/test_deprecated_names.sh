#!/usr/bin/env bash
# Renamed parameters (docs/parameters.md): an old name runs bit for bit as
# the new one, prints exactly one notice line on stderr, is refused together
# with the new name, shows in `wprox info`, and a run started with it resumes.
source "$(dirname "$0")/lib.sh"

# The same run under the old and the new names: identical arrays and trace.
new=(--problem cahn-hilliard --set problem.n=16 --set problem.T=0.004 --set h=1e-3 --set steps_per_window=2)
old=(--problem cahn-hilliard --set problem.n=16 --set problem.t_final=0.004 --set ht=1e-3 --set nt=2)
expect 0 "" -- "$WPROX" run pdhg-rd "${new[@]}" --out "$TMP/new" --quiet
[ ! -s "$TMP/stderr" ] || fail "the current names print something on stderr: $(cat "$TMP/stderr")"
expect 0 "is deprecated" -- "$WPROX" run pdhg-rd "${old[@]}" --out "$TMP/old" --quiet
cmp -s "$TMP/new/u_final.npy" "$TMP/old/u_final.npy" || fail "old names give another u_final"
python3 - "$TMP/new" "$TMP/old" <<'PY' || fail "old names give another trace or summary"
import csv, json, sys
def rows(d):
    r = list(csv.DictReader(open(d + "/trace.csv")))
    for row in r: row.pop("wall_seconds")
    return r
a, b = sys.argv[1], sys.argv[2]
assert rows(a) == rows(b)
pa, pb = json.load(open(a + "/summary.json"))["parameters"], json.load(open(b + "/summary.json"))["parameters"]
assert pa == pb, (pa, pb)  # recorded under the current names
PY
# One line per old name, each exactly once, in the host's format.
grep -c '^wprox: note: ' "$TMP/stderr" | grep -qx 3 || fail "expected 3 notice lines: $(cat "$TMP/stderr")"
for pair in "ht'.*'h'" "nt'.*'steps_per_window'" "problem.t_final'.*'problem.T'"; do
  grep -q "^wprox: note: parameter '$pair\$" "$TMP/stderr" || fail "no notice /$pair/: $(cat "$TMP/stderr")"
done

# compare: the shared problem setting is resolved once per method, noted once.
expect 0 "" -- "$WPROX" compare --methods pdhg-rd,newton-krylov-rd --set problem.n=16 --set problem.t_final=0.002 \
  --out "$TMP/cmp" --quiet
[ "$(grep -c "problem.t_final' is deprecated" "$TMP/stderr")" = 1 ] || fail "compare: notice not once: $(cat "$TMP/stderr")"
# Their h is unset (the problem's step): the legend must not claim h=0.
grep -q "rd (h=" "$TMP/cmp/comparison.svg" && fail "compare legend shows an unset h as h=0"

# Both names: one line naming both, exit 2.
expect 2 "parameters 'h' and 'ht' name the same value" -- "$WPROX" run pdhg-rd --set h=1e-3 --set ht=1e-3
expect 2 "'problem.T' and 'problem.t_final'" -- "$WPROX" run pdhg-rd --set problem.T=0.1 --set problem.t_final=0.1
# A bad value under the old name names the old name.
expect 2 "parameter 'nt' = '0' is invalid" -- "$WPROX" run pdhg-hj --set nt=0

# info lists the old names under their parameters.
expect 0 "" -- "$WPROX" info pdhg-rd
grep -Eq "^  ht +deprecated alias of h$" "$TMP/stdout" || fail "info pdhg-rd lacks the alias ht"
expect 0 "" -- "$WPROX" info allen-cahn
grep -Eq "^  problem.t_final +deprecated alias of problem.T$" "$TMP/stdout" || fail "info allen-cahn lacks t_final"

# Resume: a run started with old names continues bit for bit, and the
# checkpoint records the current names (no notice on resume).
expect 0 "" -- "$WPROX" run pdhg-hj --set nx=20 --set nt=7 --set step=0.5 --out "$TMP/hj.full" --quiet
expect 130 "" -- "$WPROX" run pdhg-hj --set nx=20 --set nt=7 --set step=0.5 --out "$TMP/hj.cut" --quiet --interrupt-after 3
expect 0 "" -- "$WPROX" resume "$TMP/hj.cut" --quiet
grep -q deprecated "$TMP/stderr" && fail "resume repeats the notice: $(cat "$TMP/stderr")"
cmp -s "$TMP/hj.full/phi.npy" "$TMP/hj.cut/phi.npy" || fail "resumed run started with old names differs"

finish
