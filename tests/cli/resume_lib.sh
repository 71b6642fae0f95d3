# The bitwise resume check shared by the resume tests (sourced after lib.sh).

# resumed_equals NAME ARRAY K -- run arguments...: a run stopped after K steps
# and resumed must end bit for bit where the uninterrupted run ends (array and
# trace, the wall-clock column aside).
resumed_equals() {
  local name=$1 array=$2 k=$3
  shift 4
  expect 0 "" -- "$WPROX" run "$@" --out "$TMP/$name.full" --quiet
  expect 130 "interrupted after step $k" -- "$WPROX" run "$@" --out "$TMP/$name.cut" --quiet --interrupt-after "$k"
  [ -d "$TMP/$name.cut/checkpoint" ] || fail "$name: no checkpoint after the interrupt"
  python3 - "$TMP/$name.cut/summary.json" "$k" <<'PY' || fail "$name: interrupted summary"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["status"] == "interrupted" and s["steps"] == int(sys.argv[2]), s
PY
  expect 0 "" -- "$WPROX" resume "$TMP/$name.cut" --quiet --threads 1
  cmp -s "$TMP/$name.full/$array" "$TMP/$name.cut/$array" || fail "$name: resumed $array differs from the uninterrupted run"
  python3 - "$TMP/$name.full/trace.csv" "$TMP/$name.cut/trace.csv" "$TMP/$name.cut/summary.json" "$k" <<'PY' || fail "$name: resumed trace/summary"
import csv, json, sys
def rows(f):
    r = list(csv.DictReader(open(f)))
    for row in r: row.pop("wall_seconds", None)
    return r
a, b = rows(sys.argv[1]), rows(sys.argv[2])
assert len(a) == len(b), (len(a), len(b))
assert a == b, "trace rows differ"
s = json.load(open(sys.argv[3]))
assert s["status"] == "done" and s["resumed_from_step"] == int(sys.argv[4]), s
PY
}
