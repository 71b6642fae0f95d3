#!/usr/bin/env bash
# Strong and weak scaling of brwp under mpirun on this machine.
#
#   bench/mpi/scaling_brwp.sh [--quick] [WPROX] [MAX_RANKS]
#   SIZES="8192 16384" N0=8192 bench/mpi/scaling_brwp.sh   (other sizes)
#
# Strong scaling: the same run (N particles, d = 2, gaussian target) at
# 1..MAX_RANKS ranks (default 2), N = 8192, 16384, 32768, 65536 (--quick:
# 2048 and 4096). Weak scaling: N = N0 * R (N0 = 8192; quick 2048), so each
# rank owns N0 rows: the all-pairs work per rank then grows like R (each row
# meets all N = N0 R particles), and the ideal time is R times the one-rank
# time at N0; the table prints that ratio. Times are wall seconds per step
# from summary.json (set-up excluded), each the best of two runs; every
# configuration also checks that the particles match the one-rank run's bits.
# One thread per rank (--threads 1) so that ranks, not threads, share the
# cores. On a loaded or small machine the numbers are noisy: compare the
# columns of one run, not runs of different days.
set -u
quick=0
if [ "${1:-}" = "--quick" ]; then quick=1; shift; fi
WPROX=${1:-$(dirname "$0")/../../build/bin/wprox}
MAX=${2:-2}
. "$(dirname "$0")/bench_mpi_lib.sh"
steps=3
if [ $quick = 1 ]; then sizes="2048 4096"; n0=2048; else sizes="8192 16384 32768 65536"; n0=8192; fi
sizes=${SIZES:-$sizes}
n0=${N0:-$n0}

per_step() {  # R N -> seconds per step (best of 2); checks bits against R = 1
  local r=$1 n=$2 best="" t
  for rep in 1 2; do
    local out="$TMP/r$r-n$n"
    rm -rf "$out"
    local cmd=(run brwp --problem gaussian --set particles="$n" --set steps=$steps --set h=0.05 --threads 1 --quiet --out "$out")
    if [ "$r" = 1 ]; then "$WPROX" "${cmd[@]}" >/dev/null 2>&1; else
      "$MPIEXEC" -np "$r" --oversubscribe "$WPROX" "${cmd[@]}" >/dev/null 2>&1; fi || { echo "run failed: R=$r N=$n" >&2; echo nan; return; }
    t=$(python3 -c "import json,sys; s=json.load(open('$out/summary.json')); print(s['wall_seconds']/s['steps'])")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(not ($t < $best))"; then best=$t; fi
  done
  if [ "$r" != 1 ] && ! cmp -s "$TMP/r$r-n$n/particles.npy" "$TMP/r1-n$n/particles.npy"; then
    echo "R=$r N=$n: particles differ from the one-rank run" >&2
  fi
  echo "$best"
}

echo "brwp strong scaling (d = 2, $steps steps, one thread per rank): seconds per step, speedup over R = 1"
printf "%8s" N; for r in $(seq 1 "$MAX"); do printf " %12s" "R=$r"; done; printf "   pairs/s per rank at R=1\n"
for n in $sizes; do
  printf "%8d" "$n"
  t1=""
  for r in $(seq 1 "$MAX"); do
    t=$(per_step "$r" "$n")
    if [ -z "$t1" ]; then t1=$t; printf " %12.4g" "$t"; else printf " %6.4g (%3.2fx)" "$t" "$(python3 -c "print($t1/$t)")"; fi
  done
  printf "   %.3g\n" "$(python3 -c "print($n*$n/$t1)")"
done

echo
echo "brwp weak scaling (N = $n0 x R): seconds per step, and time / (R x time at R = 1) (1 = ideal for all-pairs work)"
t1=""
for r in $(seq 1 "$MAX"); do
  n=$((n0 * r))
  [ "$r" = 1 ] || per_step 1 "$n" >/dev/null  # the one-rank reference for the bit check
  t=$(per_step "$r" "$n")
  [ -n "$t1" ] || t1=$t
  printf "  R=%d N=%6d %10.4g s/step   %.2f\n" "$r" "$n" "$t" "$(python3 -c "print($t/($r*$t1))")"
done
