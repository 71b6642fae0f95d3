#!/usr/bin/env bash
# sgm-kernel training under mpirun: time per Adam iteration at 1..MAX_RANKS
# ranks, with the loss points of each batch shared over the ranks.
#
#   bench/mpi/sgm_training.sh [WPROX] [MAX_RANKS]
#   BATCHES="2048 8192" CENTRES=1000 bench/mpi/sgm_training.sh
#
# One thread per rank. Each configuration runs twice, with I1 and I2
# iterations (default 4 and 14), and the difference divided by I2 - I1 is
# the cost of one iteration without the set-up and the final sampling and
# losses. Printed per rank: CPU seconds (user + system, from /usr/bin/time)
# per iteration, and the wall seconds per iteration of the job. CPU time is
# the measure on a loaded machine, whose wall times mostly show the other
# load; a rank that waits in the gather still spends CPU there (Open MPI
# polls), so an imbalance counts against the split. Every run's samples and
# precisions are checked against the one-rank run's bits.
set -u
WPROX=${1:-$(dirname "$0")/../../build/bin/wprox}
MAX=${2:-2}
. "$(dirname "$0")/bench_mpi_lib.sh"
batches=${BATCHES:-"2048 8192"}
centres=${CENTRES:-1000}
train=${TRAIN:-20000}
i1=${I1:-4}
i2=${I2:-14}

# run R BATCH ITERS: runs the job; leaves $TMP/out-R-BATCH-ITERS and one
# "wall user sys" line per rank in $TMP/time-R-BATCH-ITERS.RANK.
run() {
  local r=$1 b=$2 it=$3 tag="$1-$2-$3"
  local cmd=(run sgm-kernel --set problem.train="$train" --set centres="$centres" --set batch="$b"
    --set iterations="$it" --set samples=100 --threads 1 --quiet --out "$TMP/out-$tag")
  if [ "$r" = 1 ]; then
    /usr/bin/time -f "%e %U %S" -o "$TMP/time-$tag.0" "$WPROX" "${cmd[@]}" >/dev/null 2>&1
  else
    "$MPIEXEC" -np "$r" --oversubscribe bash -c \
      '/usr/bin/time -f "%e %U %S" -o "$0.${OMPI_COMM_WORLD_RANK}" "$@" >/dev/null 2>&1' \
      "$TMP/time-$tag" "$WPROX" "${cmd[@]}" >/dev/null 2>&1
  fi || { echo "run failed: R=$r batch=$b iterations=$it" >&2; return 1; }
  if [ "$r" != 1 ]; then
    local f
    for f in samples.npy precisions.npy; do
      cmp -s "$TMP/out-$tag/$f" "$TMP/out-1-$b-$it/$f" || echo "R=$r batch=$b: $f differs from the one-rank run" >&2
    done
  fi
}

echo "sgm-kernel training: $train training points, $centres centres, width 64, depth 5, one thread per rank"
echo "per iteration: CPU seconds of each rank, wall seconds of the job (iterations $i1 -> $i2)"
for b in $batches; do
  for r in $(seq 1 "$MAX"); do
    run "$r" "$b" "$i1" && run "$r" "$b" "$i2" || continue
    python3 - "$TMP" "$r" "$b" "$i1" "$i2" <<'PY'
import sys
tmp, r, b, i1, i2 = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def t(it, rank):
    wall, user, sys_ = map(float, open("%s/time-%d-%s-%d.%d" % (tmp, r, b, it, rank)).read().split()[-3:])
    return wall, user + sys_
n = i2 - i1
cpu = [(t(i2, k)[1] - t(i1, k)[1]) / n for k in range(r)]
wall = max((t(i2, k)[0] - t(i1, k)[0]) / n for k in range(r))
print("batch %6s  R=%d  CPU/rank %s s  wall %.4f s" % (b, r, " ".join("%.4f" % c for c in cpu), wall))
PY
  done
done
