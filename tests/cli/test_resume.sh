#!/usr/bin/env bash
# Results that cannot lie or be lost: checkpoints and exact resume, interrupted
# runs, atomic output folders, failed writes.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/resume_lib.sh"

resumed_equals ula particles.npy 7 -- ula --set particles=300 --set steps=20 --seed 3
resumed_equals mala particles.npy 9 -- mala --problem bimodal --set particles=200 --set steps=25 --seed 5
resumed_equals brwp particles.npy 4 -- brwp --set particles=200 --set steps=10 --seed 2
resumed_equals sgm-kernel samples.npy 30 -- sgm-kernel --set iterations=60 --set samples=200 --seed 4
resumed_equals mfc-score phi.npy 2 -- mfc-score --set outer_iterations=4 --set particles=200 --set fit_iterations=100 --seed 1

# --checkpoint-every K: a checkpoint at every multiple of K; a run killed
# outright (SIGKILL: no chance to write anything more) resumes from the last
# one, found in <out>.partial.
expect 0 "" -- "$WPROX" run ula --set particles=300 --set steps=20 --seed 3 --checkpoint-every 5 --out "$TMP/every" --quiet
python3 - "$TMP/every/checkpoint/state.json" <<'PY' || fail "checkpoint-every: state.json"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["scalars"]["run.steps_done"] == 20, s["scalars"]
PY
"$WPROX" run ula --set particles=2000 --set steps=100000000 --checkpoint-every 20 --out "$TMP/killed" --quiet >/dev/null 2>&1 &
pid=$!
# Wait for the first checkpoint (seconds on a loaded machine; a fixed
# short wait made this test fail when the run had not reached step 20).
for _ in $(seq 600); do [ -d "$TMP/killed.partial/checkpoint" ] && break; sleep 0.1; done
kill -KILL $pid
wait $pid 2>/dev/null
[ -d "$TMP/killed.partial/checkpoint" ] || fail "no checkpoint within 60 s of the run's start"
[ -d "$TMP/killed" ] && fail "a killed run has a final folder"
expect 130 "interrupted after step" -- "$WPROX" resume "$TMP/killed" --quiet --interrupt-after 3
python3 - "$TMP/killed/summary.json" <<'PY' || fail "resume from .partial after SIGKILL"
import json, sys
s = json.load(open(sys.argv[1]))
k = s["resumed_from_step"]
assert k > 0 and k % 20 == 0 and s["steps"] == k + 3 and s["status"] == "interrupted", s
PY

# A real SIGINT / SIGTERM: the step in progress finishes, everything is written.
"$WPROX" run ula --set particles=200000 --set steps=100000 --out "$TMP/sig" --quiet >/dev/null 2>"$TMP/sig.err" &
pid=$!
sleep 2
kill -TERM $pid
wait $pid
code=$?
[ "$code" = 143 ] || fail "SIGTERM: exit $code, expected 143; $(cat "$TMP/sig.err")"
python3 - "$TMP/sig/summary.json" <<'PY' || fail "SIGTERM: summary"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["status"] == "interrupted" and s["steps"] >= 0, s
PY

# A reused --out is refused unless --force, which replaces it as a whole
# (never two runs mixed); a folder that is not a run folder is refused even
# with --force, before any work.
expect 0 "" -- "$WPROX" run ula --set particles=100 --set steps=3 --out "$TMP/reuse" --quiet
expect 2 "holds another run's results; add --force" -- "$WPROX" run mala --set particles=100 --set steps=3 \
  --out "$TMP/reuse" --quiet
grep -q '"method": "ula"' "$TMP/reuse/summary.json" || fail "a refused --out was changed"
expect 0 "" -- "$WPROX" run mala --set particles=100 --set steps=3 --out "$TMP/reuse" --quiet --force
grep -q '"method": "mala"' "$TMP/reuse/summary.json" || fail "reused --out: summary is not the second run's"
[ -e "$TMP/reuse/particles.svg" ] && [ ! -e "$TMP/reuse/checkpoint" ] || fail "--force did not replace the folder whole"
[ -e "$TMP/reuse.partial" ] && fail "a finished run left its staging folder"
mkdir -p "$TMP/mine" && echo keep >"$TMP/mine/notes.txt"
expect 2 "not a wprox run" -- "$WPROX" run ula --set steps=3 --out "$TMP/mine" --quiet --force
[ "$(cat "$TMP/mine/notes.txt")" = keep ] || fail "a refused --out was touched"
expect 2 "swallow" -- "$WPROX" run ula --set steps=3 --out --quiet

# A full disk (a file-size limit here) is an error, never exit 0 with empty files.
expect 2 "cannot write|write failed|File too large" -- bash -c "ulimit -f 8; exec \"$WPROX\" run ula --set particles=20000 --set steps=2 --out \"$TMP/full\" --quiet"
[ -e "$TMP/full/summary.json" ] && fail "a failed write still produced a final folder"

# Resume: bad input.
expect 2 "no checkpoint" -- "$WPROX" resume "$TMP/reuse" --quiet
# Every built-in method supports checkpoints; a plugin's method that does not
# is refused up front.
WPROX_PLUGIN_PATH="$WPROX_NO_CHECKPOINT_DIR" expect 2 "method 'count-steps' does not support checkpoints" -- \
  "$WPROX" run count-steps --checkpoint-every 2 --out "$TMP/count" --quiet
[ -e "$TMP/count" ] && fail "a refused --checkpoint-every left an output folder"
expect 2 "needs --out" -- "$WPROX" run ula --checkpoint-every 2 --quiet
finish
