#!/usr/bin/env bash
# The engine's FFT plans: measured once per machine and shape and kept in a
# wisdom file, so that separate processes make the same plan and give the
# same bits; WPROX_FFTW_WISDOM=estimate plans from the shape alone.
source "$(dirname "$0")/lib.sh"

wisdom="$TMP/wisdom/fftw"
args=(run pdhg-rd --problem allen-cahn --set problem.n=24 --set problem.T=0.003 --quiet)
WPROX_FFTW_WISDOM="$wisdom" expect 0 "" -- "$WPROX" "${args[@]}" --out "$TMP/a"
[ -s "$wisdom" ] && pass || fail "no wisdom file written at $wisdom"
# A second process imports the measured plan: the same bits.
WPROX_FFTW_WISDOM="$wisdom" expect 0 "" -- "$WPROX" "${args[@]}" --out "$TMP/b"
cmp -s "$TMP/a/u_final.npy" "$TMP/b/u_final.npy" && pass || fail "two runs with one wisdom file differ"
# Two first runs at once (an empty wisdom file each time): the lock makes
# them agree.
WPROX_FFTW_WISDOM="$TMP/w2" "$WPROX" "${args[@]}" --out "$TMP/c" >/dev/null 2>&1 &
WPROX_FFTW_WISDOM="$TMP/w2" "$WPROX" "${args[@]}" --out "$TMP/d" >/dev/null 2>&1
wait
cmp -s "$TMP/c/u_final.npy" "$TMP/d/u_final.npy" && pass || fail "concurrent first runs differ"
# Estimated plans: no file, the same iterations and a field within round-off.
WPROX_FFTW_WISDOM=estimate expect 0 "" -- "$WPROX" "${args[@]}" --out "$TMP/e"
runs_agree "$TMP/a" "$TMP/e" 1e-12 && pass || fail "estimated and measured plans disagree beyond round-off"
# An unwritable place: estimated plans, no failure.
WPROX_FFTW_WISDOM=/proc/wprox-no/fftw expect 0 "" -- "$WPROX" "${args[@]}" --out "$TMP/f"
finish
