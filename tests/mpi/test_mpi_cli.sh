# `wprox` under mpirun: one message and the same exit code on every rank for
# bad input and for a diverged run; rank 0 alone writes the output folder; a
# method that does not shard runs redundantly and writes what a plain run
# writes; checkpoints written by rank 0 resume under mpirun bit for bit.
. "$3/tests/cli/lib.sh"
. "$3/tests/mpi/mpi_lib.sh"

# on_ranks_expect CODE PATTERN R ARGS...: exit code, and exactly one error
# line of wprox's on stderr (warnings aside), matching PATTERN (mpirun adds
# its own lines).
on_ranks_expect() {
  local code=$1 pattern=$2 r=$3
  shift 3
  on_ranks "$r" "$@" >"$TMP/stdout" 2>"$TMP/stderr"
  local got=$?
  local mine
  mine=$(grep '^wprox' "$TMP/stderr" | grep -vc '^wprox: warning:')
  if [ "$got" != "$code" ]; then
    fail "[$r ranks: $*] exit $got, expected $code: $(head -c 600 "$TMP/stderr")"
  elif [ "$mine" != 1 ] || ! grep -Eq -- "$pattern" "$TMP/stderr"; then
    fail "[$r ranks: $*] expected one wprox line matching /$pattern/, got: $(head -c 600 "$TMP/stderr")"
  else
    pass
  fi
}

# Bad input found by every rank, found in set-up, and an unknown command.
on_ranks_expect 2 "unknown method 'nope'" 2 run nope --out "$TMP/bad"
on_ranks_expect 2 "particles" 3 run ula --set particles=-1 --out "$TMP/bad"
on_ranks_expect 2 "unknown command" 2 frobnicate
on_ranks_expect 2 "wprox compare runs in one process" 2 compare --methods ula,mala --out "$TMP/cmp"
[ ! -e "$TMP/bad" ] && [ ! -e "$TMP/bad.partial" ] || fail "bad input left an output folder"
# A run that diverges: exit 3 on every rank, one message naming the step.
on_ranks_expect 3 "diverged at step [0-9]+" 3 run ula --set h=50 --set steps=50 --set particles=10 --quiet --out "$TMP/div"
[ -f "$TMP/div/summary.json" ] && grep -q '"diverged"' "$TMP/div/summary.json" || fail "diverged run: no summary"

# list says MPI is built and how many ranks run.
on_ranks 2 list >"$TMP/list" 2>/dev/null || fail "list on 2 ranks failed"
grep -q "^mpi: built" "$TMP/list" && grep -q "running on" "$TMP/list" || fail "list: $(grep mpi "$TMP/list")"
[ "$(grep -c '^methods:' "$TMP/list")" = 1 ] || fail "list printed by more than one rank"
"$WPROX" list | grep -q "^mpi: built" || fail "plain list does not report MPI support"

# A method that does not shard: same files as the plain run.
args=(run pdhg-hj --problem hj-quadratic --set nx=40 --set time_levels=6 --quiet)
"$WPROX" "${args[@]}" --out "$TMP/hj-1" >/dev/null 2>&1 || fail "plain pdhg-hj failed"
on_ranks 2 "${args[@]}" --out "$TMP/hj-2" >/dev/null 2>&1 || fail "pdhg-hj on 2 ranks failed"
same_run "$TMP/hj-1" "$TMP/hj-2" 2 "pdhg-hj on 2 ranks"

# Checkpoint and resume under mpirun: interrupted after 7 steps, resumed
# on 3 ranks (the checkpoint holds the gathered particles): the whole run's bits.
args=(run mala --problem gaussian --set particles=41 --set steps=15 --seed 9 --quiet)
"$WPROX" "${args[@]}" --out "$TMP/ck-1" >/dev/null 2>&1 || fail "plain mala failed"
on_ranks 2 "${args[@]}" --out "$TMP/ck-2" --interrupt-after 7 >/dev/null 2>&1
[ -d "$TMP/ck-2/checkpoint" ] || fail "no checkpoint after an interrupted 2-rank run"
on_ranks 3 resume "$TMP/ck-2" --quiet >/dev/null 2>"$TMP/err" || fail "resume on 3 ranks: $(head -c 400 "$TMP/err")"
cmp -s "$TMP/ck-1/particles.npy" "$TMP/ck-2/particles.npy" || fail "resumed 2+3-rank run differs from the plain run"
pass

# A field solver's checkpoint across ranks: pdhg-rd interrupted after 3
# windows on 2 ranks (the dual warm start gathered from the slabs), resumed
# on 3 and on 1: the plain run's windows and iterations, fields within 1e-12 (the
# split runs agree with one rank to rounding, not bit for bit).
args=(run pdhg-rd --problem cahn-hilliard --set problem.n=24 --set problem.T=0.006 --set h=1e-3 --set steps_per_window=2 --quiet)
"$WPROX" "${args[@]}" --out "$TMP/rdck-1" >/dev/null 2>&1 || fail "plain pdhg-rd failed"
"$WPROX" "${args[@]}" --out "$TMP/rdck-plain" --interrupt-after 2 >/dev/null 2>&1
on_ranks 2 "${args[@]}" --out "$TMP/rdck-2" --interrupt-after 2 >/dev/null 2>&1
[ -d "$TMP/rdck-2/checkpoint" ] || fail "no checkpoint after an interrupted 2-rank pdhg-rd run"
# The checkpoint itself (the field and the dual warm start, gathered from
# the slabs) is the plain run's.
cp -r "$TMP/rdck-2/checkpoint" "$TMP/rdck-2-checkpoint"
# The same checkpoint resumed on one rank too (it has no spectrum entry, so
# the dual variable is transformed from its real-space values).
cp -r "$TMP/rdck-2" "$TMP/rdck-2on1"
on_ranks 3 resume "$TMP/rdck-2" --quiet >/dev/null 2>"$TMP/err" || fail "pdhg-rd resume on 3 ranks: $(head -c 400 "$TMP/err")"
"$WPROX" resume "$TMP/rdck-2on1" --quiet >/dev/null 2>"$TMP/err" || fail "pdhg-rd resume on 1 rank: $(head -c 400 "$TMP/err")"
python3 - "$TMP/rdck-plain/checkpoint" "$TMP/rdck-2-checkpoint" "$TMP/rdck-1" "$TMP/rdck-2" "$TMP/rdck-2on1" <<'PY' && pass || fail "pdhg-rd checkpoint or resumed run across ranks differs from the plain run"
import ast, csv, glob, os, struct, sys
def load(path):  # a little-endian float64 .npy, flattened (no numpy needed)
    raw = open(path, "rb").read()
    header_len = struct.unpack("<H", raw[8:10])[0]
    header = ast.literal_eval(raw[10:10 + header_len].decode("latin1"))
    assert header["descr"] == "<f8", header
    body = raw[10 + header_len:]
    return header["shape"], struct.unpack("<%dd" % (len(body) // 8), body)
def same_arrays(a, b, must_have):
    # A one-rank checkpoint also holds the dual variable's spectrum in that
    # run's layout (for an exact one-rank resume); the real-space entries
    # are the ones every rank count writes.
    names = sorted(os.path.basename(f) for f in glob.glob(a + "/*.npy") if not f.endswith("_spectrum.npy"))
    assert must_have in names, names
    for name in names:
        (sx, x), (sy, y) = load(a + "/" + name), load(b + "/" + name)
        assert sx == sy, (name, sx, sy)
        # The field's scale (|u| ~ 1), also for the dual, which is ~1e-9 here.
        err = max(abs(u - v) for u, v in zip(x, y))
        assert err <= 1e-12, (a, name, err)
same_arrays(sys.argv[1], sys.argv[2], "pdhg.P.npy")
def column(d, key):
    rows = list(csv.DictReader(open(d + "/trace.csv")))
    return [r[key] for r in rows]
a = sys.argv[3]
for b in sys.argv[4:]:
    same_arrays(a, b, "u_final.npy")
    assert column(a, "iterations") == column(b, "iterations"), (b, column(a, "iterations"), column(b, "iterations"))
assert len(column(a, "iterations")) == 3
PY

finish
