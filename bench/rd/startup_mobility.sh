#!/usr/bin/env bash
# allen-cahn-mobility start-up: per n and adaptive mode, the first window's
# PDHG iterations, the largest over the run, the steady count (median over
# the run's windows that needed any iterations: near equilibrium the warm
# start already solves a window) and largest / steady; with the problem's start-up
# (ht_first = eps/4 until t = 10 eps) and without it (startup_time=0,
# ht_first=ht: the step the issue measured).
# Usage: bench/rd/startup_mobility.sh BUILD_DIR [T_FINAL]
set -euo pipefail
build=${1:-build}
t_final=${2:-0.5}
out=$(mktemp -d)
printf "%-8s %5s %-9s | %7s %7s %7s %9s\n" start-up n adaptive first max steady max/steady
for startup in on off; do
  for adaptive in off on; do
    for n in 32 64 128 256; do
      extra=()
      [ "$startup" = off ] && extra=(--set h_first=1e-2 --set startup_time=0)
      rc=0
      "$build/bin/wprox" run pdhg-rd --problem allen-cahn-mobility --set problem.n=$n \
        --set problem.T="$t_final" --set adaptive=$adaptive "${extra[@]}" --threads 2 --quiet \
        --out "$out/r" > /dev/null 2>&1 || rc=$?
      if [ $rc -ne 0 ]; then
        printf "%-8s %5d %-9s | failed (exit code %d)\n" $startup $n $adaptive $rc
        continue
      fi
      awk -F, -v s=$startup -v n=$n -v a=$adaptive 'NR > 1 { it[NR - 1] = $4; k = NR - 1 }
        END { max = 0; for (i = 1; i <= k; ++i) if (it[i] > max) max = it[i];
              m = 0; for (i = 1; i <= k; ++i) if (it[i] > 0) v[++m] = it[i];
              for (i = 2; i <= m; ++i) { x = v[i]; j = i - 1; while (j > 0 && v[j] > x) { v[j + 1] = v[j]; --j } v[j + 1] = x }
              med = m % 2 ? v[(m + 1) / 2] : 0.5 * (v[m / 2] + v[m / 2 + 1]);
              printf "%-8s %5d %-9s | %7d %7d %7.1f %9.2f\n", s, n, a, it[1], max, med, max / med }' "$out/r/trace.csv"
    done
  done
done
rm -rf "$out"
