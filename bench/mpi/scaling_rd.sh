#!/bin/sh
# Strong and weak scaling of pdhg-rd across ranks: bench_mpi_rd at np = 1
# and 2 in one go (same machine, same load), then the ratios.
#   bench/mpi/scaling_rd.sh BUILD_DIR [quick]
# Strong: the same n on 1 and 2 ranks (speedup = iter_s(1) / iter_s(2)).
# Weak: n on 1 rank against about n * sqrt(2) (the same points per rank; sizes
# of small prime factors, as FFTs want: 360, 720, 1440) on 2
# (efficiency = iter_s(1, n) / iter_s(2, n sqrt 2)).
set -eu
build=${1:?usage: scaling_rd.sh BUILD_DIR [quick]}
if [ "${2:-}" = quick ]; then strong="64 128"; weak="90 180"; else strong="256 512 1024"; weak="360 720 1440"; fi
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
bench="$build/bin/bench_mpi_rd"
[ -x "$bench" ] || bench=$(find "$build" -name bench_mpi_rd -type f -perm -u+x | head -n 1)
out=$(mktemp -d)
mpirun -np 1 "$bench" $strong > "$out/np1"
mpirun -np 2 --oversubscribe "$bench" $strong $weak > "$out/np2"
cat "$out/np1" "$out/np2"
awk -v strong="$strong" -v weak="$weak" '
  FNR == 1 { file++; next }
  { t[file, $2] = $3 }
  END {
    ns = split(strong, s, " "); nw = split(weak, w, " ")
    for (i = 1; i <= ns; i++)
      printf "strong n=%-5d speedup(2 ranks) = %.2f\n", s[i], t[1, s[i]] / t[2, s[i]]
    for (i = 1; i <= nw; i++)
      printf "weak   n=%-5d (1 rank) -> n=%-5d (2 ranks): efficiency = %.2f\n", s[i], w[i], t[1, s[i]] / t[2, w[i]]
  }' "$out/np1" "$out/np2"
rm -r "$out"
