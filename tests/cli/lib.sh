# Helpers for CLI tests. Each test script sources this file.
set -u
WPROX=$1
BUILD=$2
SRC=$3
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILURES=0
PASSES=0

fail() { echo "FAIL: $*"; FAILURES=$((FAILURES + 1)); }
pass() { PASSES=$((PASSES + 1)); }

# expect CODE PATTERN -- command...: exit code and a stderr pattern (grep -E).
# For CODE 2 the message must also be exactly one line.
expect() {
  local code=$1 pattern=$2
  shift 3
  local err="$TMP/stderr"
  "$@" >"$TMP/stdout" 2>"$err" </dev/null
  local got=$?
  if [ "$got" != "$code" ]; then
    fail "[$*] exit $got, expected $code; stderr: $(head -c 400 "$err")"
    return
  fi
  if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$err"; then
    fail "[$*] stderr does not match /$pattern/: $(head -c 400 "$err")"
    return
  fi
  if [ "$code" = 2 ] && [ "$(wc -l <"$err")" != 1 ]; then
    fail "[$*] bad input must give exactly one line on stderr, got: $(cat "$err")"
    return
  fi
  pass
}

# runs_agree A B TOL: two run folders hold u_final fields within TOL of each
# other (max |difference|) and the same total iterations in summary.json.
runs_agree() {
  python3 - "$1" "$2" "$3" <<'PY'
import json, struct, sys
def field(d):
    raw = open(d + "/u_final.npy", "rb").read()
    n = struct.unpack("<H", raw[8:10])[0]
    body = raw[10 + n:]
    return struct.unpack("<%dd" % (len(body) // 8), body)
a, b, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
fa, fb = field(a), field(b)
assert len(fa) == len(fb) and max(abs(x - y) for x, y in zip(fa, fb)) <= tol, "fields"
ia = json.load(open(a + "/summary.json"))["metrics"]["iterations_total"]
ib = json.load(open(b + "/summary.json"))["metrics"]["iterations_total"]
assert ia == ib, (ia, ib)
PY
}

finish() {
  echo "$PASSES passed, $FAILURES failed"
  [ "$FAILURES" = 0 ]
}
