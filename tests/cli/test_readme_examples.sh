#!/usr/bin/env bash
# Every line starting with "wprox " inside a ```sh block of README.md's
# "Examples" section runs and exits 0 (in a scratch folder).
source "$(dirname "$0")/lib.sh"
cd "$TMP"
mapfile -t lines < <(awk '/^## Examples/{on=1; next} /^## /{on=0} on && /^```sh/{code=1; next} on && /^```/{code=0} on && code && /^wprox /' "$SRC/README.md")
[ "${#lines[@]}" -ge 3 ] || fail "found only ${#lines[@]} examples in README.md"
for line in "${lines[@]}"; do
  cmd="\"$WPROX\" ${line#wprox } --quiet"
  [[ "$line" == "wprox list"* || "$line" == "wprox info"* ]] && cmd="\"$WPROX\" ${line#wprox }"
  if eval "$cmd" >"$TMP/out.txt" 2>&1; then pass; else fail "README example failed: $line: $(tail -3 "$TMP/out.txt")"; fi
done
finish
