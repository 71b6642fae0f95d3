#!/usr/bin/env bash
# wprox compare runs like with like (the same particles, steps and step size
# unless a METHOD.key says otherwise) and checks --metric before any work.
source "$(dirname "$0")/lib.sh"

# compare: methods whose defaults differ get the first method's value, with
# a notice, unless METHOD.key says otherwise; a shared --set is used as is.
particles_of() { python3 -c "import json; print(json.load(open('$1/summary.json'))['parameters']['method']['$2'])"; }
expect 0 "particles = 500 for every method \(defaults differ: brwp 500, ula 1000\)" -- \
  "$WPROX" compare --methods brwp,ula --problem bimodal --set h=0.05 --out "$TMP/cmp1" --quiet
[ "$(particles_of "$TMP/cmp1/ula" particles)" = 500 ] || fail "compare: ula did not run with brwp's 500 particles"
[ "$(particles_of "$TMP/cmp1/ula" steps)" = 100 ] || fail "compare: ula did not run brwp's 100 steps"
grep -q "steps = 100 for every method" "$TMP/stderr" || fail "compare: no notice for steps"
python3 -c "
import json; s = json.load(open('$TMP/cmp1/summary.json'))
assert isinstance(s['methods']['ula']['metrics']['mean'], list), s
assert s['wprox_version'] and s['command_line'] and s['threads'] >= 1, s" || fail "compare summary"
expect 0 "" -- "$WPROX" compare --methods brwp,ula --problem bimodal --set steps=5 --set ula.particles=300 \
  --out "$TMP/cmp2" --quiet
[ "$(particles_of "$TMP/cmp2/ula" particles)" = 300 ] || fail "compare: ula.particles=300 not used"
[ "$(particles_of "$TMP/cmp2/brwp" particles)" = 500 ] || fail "compare: brwp lost its default"
grep -q "for every method" "$TMP/stderr" && fail "compare: a notice although nothing was aligned"
expect 0 "" -- "$WPROX" compare --methods ula,mala --set steps=5 --out "$TMP/cmp3" --quiet
[ -s "$TMP/stderr" ] && fail "compare: ula and mala share defaults, yet: $(cat "$TMP/stderr")"

# --metric is checked before any work: one line, a suggestion, no folder.
expect 2 "--metric 'kll': method 'brwp' reports no such diagnostic \(did you mean 'kl'\?\); it reports: .*tv" -- \
  "$WPROX" compare --methods brwp,ula --problem bimodal --set steps=5 --metric kll --out "$TMP/cmp4" --quiet
[ -e "$TMP/cmp4" ] || [ -e "$TMP/cmp4.partial" ] && fail "compare with a bad --metric wrote a folder"

finish
