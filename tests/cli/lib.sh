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

finish() {
  echo "$PASSES passed, $FAILURES failed"
  [ "$FAILURES" = 0 ]
}
