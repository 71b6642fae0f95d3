#!/usr/bin/env bash
# The wprox command end to end: list, info, run with every way of giving
# parameters, outputs, determinism across thread counts, the embedding example.
source "$(dirname "$0")/lib.sh"

expect 0 "" -- "$WPROX" list
grep -q "langevin .* loaded" "$TMP/stdout" || fail "list does not show the langevin plugin as loaded"
grep -q "^  ula " "$TMP/stdout" || fail "list does not show ula"
grep -q "^  bimodal " "$TMP/stdout" || fail "list does not show bimodal"

expect 0 "" -- "$WPROX" info ula
grep -q "particles .*integer .*default 1000" "$TMP/stdout" || fail "info ula lacks the particles parameter"
expect 0 "" -- "$WPROX" info gaussian
grep -q "problem.precision" "$TMP/stdout" || fail "info gaussian lacks problem.precision"

# A run with no other argument works on a default problem.
expect 0 "" -- "$WPROX" run ula --quiet
grep -q "ula: 200 steps" "$TMP/stdout" || fail "default ula run: $(cat "$TMP/stdout")"

# Outputs and summary.
out="$TMP/run1"
expect 0 "" -- "$WPROX" run mala --problem gaussian --set particles=300 --set steps=20 \
  --set problem.precision='2,0.5;0.5,1' --seed 4 --threads 2 --out "$out"
for f in summary.json trace.csv particles.npy particles.svg; do
  [ -s "$out/$f" ] || fail "missing $f"
done
python3 - "$out" <<'PY' || fail "summary.json/particles.npy/trace.csv content"
import json, sys, struct
out = sys.argv[1]
s = json.load(open(out + "/summary.json"))
assert s["method"] == "mala" and s["problem"] == "gaussian", s
assert s["seed"] == 4 and s["threads"] == 2 and s["steps"] == 20, s
assert s["status"] == "done"
assert s["parameters"]["method"]["particles"] == 300
assert s["parameters"]["problem"]["precision"] == [[2, 0.5], [0.5, 1]]
assert "cov_err" in s["metrics"] and "acceptance_overall" in s["metrics"]
assert s["wall_seconds"] >= 0
raw = open(out + "/particles.npy", "rb").read()
assert raw[:6] == b"\x93NUMPY"
hlen = struct.unpack("<H", raw[8:10])[0]
header = raw[10:10 + hlen].decode()
assert "'<f8'" in header and "(300, 2)" in header, header
assert len(raw) == 10 + hlen + 300 * 2 * 8
rows = open(out + "/trace.csv").read().splitlines()
assert rows[0].startswith("step,"), rows[0]
assert "acceptance" in rows[0] and "wall_seconds" in rows[0]
assert len(rows) == 21
PY

# Same seed, same result, for any --threads.
expect 0 "" -- "$WPROX" run ula --set particles=500 --set steps=30 --seed 9 --threads 1 --out "$TMP/t1" --quiet
expect 0 "" -- "$WPROX" run ula --set particles=500 --set steps=30 --seed 9 --threads 2 --out "$TMP/t2" --quiet
cmp -s "$TMP/t1/particles.npy" "$TMP/t2/particles.npy" || fail "particles differ between 1 and 2 threads"
expect 0 "" -- "$WPROX" run ula --set particles=500 --set steps=30 --seed 10 --out "$TMP/t3" --quiet
cmp -s "$TMP/t1/particles.npy" "$TMP/t3/particles.npy" && fail "a different seed gave identical particles"

# The same across separate processes for the FFT-, kernel- and ODE-based
# methods too (FFTW plans must not depend on timing measurements).
same_across_threads() {  # name array -- run arguments...
  local name=$1 array=$2
  shift 3
  expect 0 "" -- "$WPROX" run "$@" --threads 1 --out "$TMP/$name.1" --quiet
  expect 0 "" -- "$WPROX" run "$@" --threads 2 --out "$TMP/$name.2" --quiet
  cmp -s "$TMP/$name.1/$array" "$TMP/$name.2/$array" || fail "$name: $array differs between 1 and 2 threads"
}
if "$WPROX" list 2>/dev/null | grep -q "^  pdhg-rd "; then
  same_across_threads rd u_final.npy -- pdhg-rd --problem cahn-hilliard --set problem.n=32 --set problem.T=0.02
fi
if "$WPROX" list 2>/dev/null | grep -q "^  brwp "; then
  same_across_threads brwp particles.npy -- brwp --problem bimodal --set particles=300 --set steps=10
fi
if "$WPROX" list 2>/dev/null | grep -q "^  sgm-empirical "; then
  same_across_threads sgm samples.npy -- sgm-empirical --set problem.train=100 --set samples=200
fi
if "$WPROX" list 2>/dev/null | grep -q "^  pdhg-hj "; then
  same_across_threads hj phi.npy -- pdhg-hj --problem hj-quadratic --set problem.dim=2 --set nx=16 --set time_levels=3
fi

# Config files: JSON and key = value, with --set taking precedence.
cat >"$TMP/c.json" <<'JSON'
{"problem": "gaussian", "particles": 200, "steps": 5, "h": 0.05, "problem.precision": [[2, 0.5], [0.5, 1]]}
JSON
expect 0 "" -- "$WPROX" run ula --config "$TMP/c.json" --set steps=7 --out "$TMP/c1" --quiet
python3 -c "
import json; s = json.load(open('$TMP/c1/summary.json'))
assert s['steps'] == 7 and s['parameters']['method']['h'] == 0.05 and s['parameters']['problem']['precision'][0] == [2, 0.5], s
" || fail "JSON config not applied"
printf '# a comment\nproblem = mixture\nparticles = 100\nsteps = 3\nproblem.m = 1,1,1\n' >"$TMP/c.conf"
expect 0 "" -- "$WPROX" run mala --config "$TMP/c.conf" --out "$TMP/c2" --quiet
python3 -c "
import json; s = json.load(open('$TMP/c2/summary.json'))
assert s['problem'] == 'mixture' and s['parameters']['problem']['m'] == [1, 1, 1], s
" || fail "key=value config not applied"

# An init file sets the particles.
python3 -c "
import struct
rows, cols = 4, 2
h = \"{'descr': '<f8', 'fortran_order': False, 'shape': (4, 2), }\"
h += ' ' * (63 - (10 + len(h)) % 64) + '\n'
open('$TMP/init.npy', 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h.encode() + struct.pack('<8d', *range(8)))
"
expect 0 "" -- "$WPROX" run ula --set init="$TMP/init.npy" --set steps=1 --out "$TMP/i1" --quiet
python3 -c "
import json; s = json.load(open('$TMP/i1/summary.json')); assert s['metrics']['particles'] == 4, s" || fail "init file not used"

# Compare several samplers on one problem.
expect 0 "" -- "$WPROX" compare --methods ula,mala --problem bimodal --set particles=200 --set steps=10 \
  --set h=0.05 --out "$TMP/cmp" --quiet
for f in comparison.svg summary.json ula/trace.csv mala/trace.csv ula/particles.svg; do
  [ -s "$TMP/cmp/$f" ] || fail "compare: missing $f"
done

# Divergence: exit 3 with the step.
expect 3 "diverged at step [0-9]+: particle" -- "$WPROX" run ula --set h=10 --set steps=2000 --set particles=10 \
  --out "$TMP/div" --quiet
grep -q '"status": "diverged"' "$TMP/div/summary.json" || fail "divergence not recorded in summary.json"
# A training loss that explodes while still finite is a divergence too.
expect 3 "diverged at step [0-9]+: the score-matching loss exploded" -- "$WPROX" run sgm-kernel --set lr=1000 \
  --set iterations=50 --quiet

# The embedding example.
"$BUILD/bin/wprox_embed_example" >"$TMP/embed" || fail "embed example failed"
grep -q "variance x1" "$TMP/embed" || fail "embed example output: $(cat "$TMP/embed")"

finish
