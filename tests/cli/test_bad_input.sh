#!/usr/bin/env bash
# Every kind of bad input ends in exit 2 with one line naming what is wrong
# and what is allowed, and leaves no summary.json behind.
source "$(dirname "$0")/lib.sh"
out="$TMP/out"

expect 2 "unknown command 'frobnicate'; valid commands: list, info, run, compare" -- "$WPROX" frobnicate
expect 2 "unknown method 'nope'; valid methods: .*ula" -- "$WPROX" run nope --out "$out"
expect 2 "unknown problem 'nope'; valid problems: .*gaussian" -- "$WPROX" run ula --problem nope --out "$out"
expect 2 "unknown method or problem 'nope'" -- "$WPROX" info nope
# A problem of another kind than the method takes (kinds come from the plugins on the path).
if "$WPROX" list 2>/dev/null | grep -q "^  allen-cahn "; then
  expect 2 "method 'ula' takes problems of kind 'target' but 'allen-cahn' is of kind 'pde'; valid problems: .*gaussian" -- \
    "$WPROX" run ula --problem allen-cahn --out "$out"
fi
expect 2 "unknown parameter 'bogus'; valid parameters: particles, steps, h, beta, init" -- \
  "$WPROX" run ula --set bogus=1 --out "$out"
expect 2 "unknown parameter 'problem.bogus'" -- "$WPROX" run ula --set problem.bogus=1 --out "$out"
expect 2 "parameter 'h' = 'fast' is invalid: expected a real number" -- "$WPROX" run ula --set h=fast --out "$out"
expect 2 "parameter 'particles' = '2.5' is invalid: expected an integer" -- "$WPROX" run ula --set particles=2.5 --out "$out"
expect 2 "parameter 'h' = '-0.1' is invalid: allowed range is \(0, inf\]" -- "$WPROX" run ula --set h=-0.1 --out "$out"
expect 2 "parameter 'particles' = '1' is invalid: allowed range is \[2, 100000000\]" -- "$WPROX" run mala --set particles=1 --out "$out"
# Under AddressSanitizer an allocation this size is its own report, not a
# std::bad_alloc, so only the optimized build checks the message.
if [ -z "${WPROX_SANITIZED:-}" ]; then
  expect 2 "out of memory: the requested sizes do not fit" -- "$WPROX" run ula --set particles=100000000 --set problem.dim=2000 --out "$out"
fi
expect 2 "--set 'h' is malformed" -- "$WPROX" run ula --set h --out "$out"
expect 2 "problem.precision has 3 diagonal entries but the dimension is 2" -- \
  "$WPROX" run ula --set problem.dim=2 --set problem.precision=1,2,3 --out "$out"
expect 2 "--seed '-4' is invalid" -- "$WPROX" run ula --seed -4 --out "$out"
expect 2 "--threads 'many' is invalid" -- "$WPROX" run ula --threads many --out "$out"
expect 2 "unrecognised option '--frob'" -- "$WPROX" run ula --frob
[ -e "$out/summary.json" ] && fail "a summary.json was written for bad input"

# Init file whose dimension differs from the problem's.
python3 -c "
import struct
h = \"{'descr': '<f8', 'fortran_order': False, 'shape': (4, 3), }\"
h += ' ' * (63 - (10 + len(h)) % 64) + '\n'
open('$TMP/init3.npy', 'wb').write(b'\x93NUMPY\x01\x00' + struct.pack('<H', len(h)) + h.encode() + struct.pack('<12d', *range(12)))
"
expect 2 "init file '.*init3.npy' has particles of dimension 3 but the problem has dimension 2" -- \
  "$WPROX" run ula --set init="$TMP/init3.npy" --out "$out"
echo "garbage" >"$TMP/bad.npy"
expect 2 "is not a valid .npy file" -- "$WPROX" run ula --set init="$TMP/bad.npy" --out "$out"
expect 2 "cannot read '$TMP/none.npy'" -- "$WPROX" run ula --set init="$TMP/none.npy" --out "$out"

# Malformed config files.
echo '{"h": 0.1,' >"$TMP/bad.json"
expect 2 "config file '.*bad.json' is not valid JSON" -- "$WPROX" run ula --config "$TMP/bad.json" --out "$out"
printf 'h = 0.1\nthis line has no equals sign\n' >"$TMP/bad.conf"
expect 2 "bad.conf':2: expected 'key = value'" -- "$WPROX" run ula --config "$TMP/bad.conf" --out "$out"
expect 2 "cannot read config file" -- "$WPROX" run ula --config "$TMP/missing.conf" --out "$out"

# Output folders that cannot be written.
touch "$TMP/a_file"
expect 2 "output folder '$TMP/a_file/sub' cannot be created" -- "$WPROX" run ula --set steps=1 --out "$TMP/a_file/sub"
if [ "$(id -u)" != 0 ]; then
  mkdir "$TMP/ro" && chmod 555 "$TMP/ro"
  expect 2 "is not writable" -- "$WPROX" run ula --set steps=1 --out "$TMP/ro"
fi
[ -e "$out/summary.json" ] && fail "a summary.json was written for bad input"

# Bad files on the plugin path: not a library, not a plugin, wrong ABI.
bad="${WPROX_BAD_PLUGIN_DIR:?}"
for f in wprox_not_a_library.so wprox_no_descriptor.so wprox_wrong_abi.so; do
  mkdir -p "$TMP/path_$f" && cp "$bad/$f" "$TMP/path_$f/"
done
# A broken file costs only itself: one warning line, and healthy methods run.
for f in wprox_not_a_library.so wprox_no_descriptor.so wprox_wrong_abi.so; do
  WPROX_PLUGIN_PATH="$TMP/path_$f" expect 0 "" -- "$WPROX" run ula --set steps=2 --quiet
  [ "$(wc -l <"$TMP/stderr")" = 1 ] || fail "$f: expected one warning line, got: $(cat "$TMP/stderr")"
  grep -q "^wprox: warning: plugin .*$f skipped: " "$TMP/stderr" || fail "$f: warning: $(cat "$TMP/stderr")"
done
WPROX_PLUGIN_PATH="$TMP/path_wprox_not_a_library.so" expect 0 "cannot be loaded as a shared library \(file too short\)$" -- \
  "$WPROX" run ula --set steps=2 --quiet
WPROX_PLUGIN_PATH="$TMP/path_wprox_wrong_abi.so" expect 0 "wrong ABI version 999 \(this wprox accepts [0-9]+\)" -- \
  "$WPROX" run ula --set steps=2 --quiet
# Strict loading (flag or environment) keeps the old behaviour: bad input.
WPROX_PLUGIN_PATH="$TMP/path_wprox_no_descriptor.so" expect 2 "wprox_no_descriptor.so: not a wprox plugin" -- \
  "$WPROX" run ula --strict-plugins --out "$out"
WPROX_STRICT_PLUGINS=1 WPROX_PLUGIN_PATH="$TMP/path_wprox_wrong_abi.so" expect 2 "wrong ABI version 999" -- \
  "$WPROX" run ula --out "$out"
# A missing method is still bad input, and says how many plugin files failed.
WPROX_PLUGIN_PATH="$TMP/path_wprox_wrong_abi.so" expect 2 "unknown method 'nope'.*\(1 plugin file failed to load; see wprox list\)" -- \
  "$WPROX" run nope --out "$out"
# list shows the bad file with its reason and still lists the good plugins.
WPROX_PLUGIN_PATH="$TMP/path_wprox_wrong_abi.so" expect 0 "" -- "$WPROX" list
grep -q "FAILED .*wprox_wrong_abi.so" "$TMP/stdout" || fail "list does not show the failed plugin"
grep -q "^  ula " "$TMP/stdout" || fail "list stopped loading after a bad plugin"
# A copy of a built-in plugin earlier on the path wins; the built-in one is
# skipped with a warning naming both.
mkdir -p "$TMP/path_copy" && cp "$BUILD/lib/wprox/plugins/wprox_langevin.so" "$TMP/path_copy/"
WPROX_PLUGIN_PATH="$TMP/path_copy" expect 0 "duplicate of plugin 'langevin' already loaded from $TMP/path_copy/wprox_langevin.so" -- \
  "$WPROX" run ula --set steps=2 --quiet
WPROX_PLUGIN_PATH="$TMP/path_copy" expect 0 "" -- "$WPROX" list
grep -q "SKIPPED .*lib/wprox/plugins/wprox_langevin.so" "$TMP/stdout" || fail "list does not show the skipped duplicate"
# Size parameters of the grid and network methods: capped so that a value
# never wraps around in an int (nx = 2^32 + 40 once ran with 40 points) and
# refused before allocating when the sizes together exceed the machine's
# memory (krylov_dim = 1e9 once grew memory without bound).
expect 2 "parameter 'nx' = '4294967336' is invalid: allowed range is \[2, 10000000\]" -- \
  "$WPROX" run pdhg-hj --set nx=4294967336 --set time_levels=5 --out "$out"
expect 2 "parameter 'krylov_dim' = '1e9' is invalid: allowed range is \[1, 1000\]" -- \
  "$WPROX" run newton-krylov-rd --set krylov_dim=1e9 --out "$out"
expect 2 "parameter 'time_levels' = '4294967297' is invalid" -- "$WPROX" run explicit-hj --set time_levels=4294967297 --out "$out"
expect 2 "parameter 'problem.n' = '65536' is invalid: allowed range is \[4, 16384\]" -- \
  "$WPROX" run pdhg-rd --set problem.n=65536 --out "$out"
# Each within its cap, too much together (about 8e13 and 2e12 bytes).
expect 2 "needs about [0-9.e+]+ GiB, more than the [0-9.e+]+ GiB of memory of this machine; lower nx, ny, nz or time_levels" -- \
  "$WPROX" run explicit-hj --set nx=10000000 --set time_levels=1000000 --out "$out"
expect 2 "newton-krylov-rd on 16384 x 16384 points with steps_per_window = 1 needs about .* GiB of memory of this machine; lower problem.n or steps_per_window" -- \
  "$WPROX" run newton-krylov-rd --set problem.n=16384 --set krylov_dim=1000 --out "$out"
expect 2 "pinn-adam with [0-9]+ points, width 1024 and depth 16 needs about .* GiB" -- \
  "$WPROX" run pinn-adam --set interior_points=10000000 --set width=1024 --set depth=16 --out "$out"
expect 2 "wan with [0-9]+ points, width 1024 and depth 16 needs about .* GiB.*test_width or test_depth" -- \
  "$WPROX" run wan --set interior_points=100000 --set test_width=1024 --set test_depth=16 --out "$out"

[ -e "$out/summary.json" ] && fail "a summary.json was written for bad input"

finish
