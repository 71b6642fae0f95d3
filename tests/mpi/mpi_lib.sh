# Helpers for the tests that run `wprox` under mpirun (sourced after
# tests/cli/lib.sh). MPIEXEC is the launcher CMake found.
MPIEXEC=${WPROX_MPIEXEC:-mpirun}

# on_ranks R ARGS...: `wprox ARGS` on R ranks (quiet, stdin closed).
on_ranks() {
  local r=$1
  shift
  "$MPIEXEC" -np "$r" --oversubscribe "$WPROX" "$@" </dev/null
}

# same_run A B: two output folders hold the same results, bit for bit: every
# .npy file byte-identical, trace.csv identical but for the wall_seconds
# column, and summary.json's metrics, steps and status equal (as JSON, so
# any difference in any digit counts). B's summary must record its ranks.
same_run() {
  local a=$1 b=$2 ranks=$3 what=$4
  local f
  for f in "$a"/*.npy; do
    [ -e "$f" ] || { fail "$what: no .npy in $a"; return; }
    cmp -s "$f" "$b/$(basename "$f")" || { fail "$what: $(basename "$f") differs"; return; }
  done
  python3 - "$a" "$b" "$ranks" <<'PY' || { fail "$what: trace or summary differs"; return; }
import csv, json, sys
a, b, ranks = sys.argv[1], sys.argv[2], int(sys.argv[3])
def trace(d):
    rows = list(csv.reader(open(d + "/trace.csv")))
    drop = rows[0].index("wall_seconds")
    return [[c for i, c in enumerate(r) if i != drop] for r in rows]
ta, tb = trace(a), trace(b)
if ta != tb:
    sys.exit("trace.csv differs")
sa, sb = json.load(open(a + "/summary.json")), json.load(open(b + "/summary.json"))
for k in ("metrics", "steps", "status", "notes", "files"):
    if sa.get(k) != sb.get(k):
        sys.exit("summary.json %s: %r vs %r" % (k, sa.get(k), sb.get(k)))
if sa.get("ranks") != 1 or sb.get("ranks") != ranks:
    sys.exit("ranks recorded: %r and %r" % (sa.get("ranks"), sb.get("ranks")))
PY
  pass
}

# no_strays DIR: nothing but the final folder was left (no .partial twin,
# no second copy written by another rank).
no_strays() {
  [ ! -e "$1.partial" ] || fail "$1.partial left behind"
}

# runs NAME ARGS...: `wprox run ARGS` plainly and on 2 and 3 ranks; the
# rank runs must give the plain run's files (same_run) and leave no strays.
runs() {
  local name=$1
  shift
  "$WPROX" run "$@" --quiet --out "$TMP/$name-1" >/dev/null 2>"$TMP/err" || { fail "$name plain: $(cat "$TMP/err")"; return; }
  local r
  for r in 2 3; do
    on_ranks "$r" run "$@" --quiet --out "$TMP/$name-$r" >/dev/null 2>"$TMP/err" ||
      { fail "$name on $r ranks: $(head -c 600 "$TMP/err")"; continue; }
    same_run "$TMP/$name-1" "$TMP/$name-$r" "$r" "$name on $r ranks"
    no_strays "$TMP/$name-$r"
  done
}
