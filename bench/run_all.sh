#!/usr/bin/env bash
# Runs every benchmark and says which CPU they ran on.
#   bench/run_all.sh [--quick] [BIN_DIR]   (BIN_DIR: default build/bin)
# --quick: small sizes, the whole set in under two minutes on two cores:
# a smoke run that the ratios still come out (the `bench` build target runs
# this). Without it: the sizes behind the README's tables (tens of minutes).
# Every benchmark prints ratios against a reference timed in the same run.
set -uo pipefail
quick=0
if [ "${1:-}" = "--quick" ]; then
  quick=1
  shift
fi
bin=${1:-$(dirname "$0")/../build/bin}
if [ ! -x "$bin/bench_potential" ]; then
  echo "run_all.sh: no benchmarks in '$bin'; build first (cmake --build build)" >&2
  exit 2
fi

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
flags=$(grep -m1 '^flags' /proc/cpuinfo)
simd=sse2
for f in avx2 avx512f; do
  case " $flags " in *" $f "*) simd=$f ;; esac
done
echo "CPU: ${cpu:-unknown}, $(nproc) cores, widest vector extension: $simd"

# name, full-mode arguments, quick-mode arguments
benches=(
  "bench_potential||"
  "bench_brwp||1"
  "bench_tt||1"
  "bench_tt_brwp||--quick"
  "bench_rd||64"
  "bench_stencil_row||64"
  "bench_hj||--quick"
  "bench_sgm||5"
  "bench_mfc||lq 1 2"
  "bench_npdg||iterations=10 print_every=5"
)
failed=0
start=$SECONDS
for entry in "${benches[@]}"; do
  IFS='|' read -r name full_args quick_args <<<"$entry"
  args=$full_args
  [ "$quick" = 1 ] && args=$quick_args
  echo
  echo "=== $name $args"
  t0=$SECONDS
  # shellcheck disable=SC2086  # the arguments are words on purpose
  if ! "$bin/$name" $args; then
    echo "run_all.sh: $name failed" >&2
    failed=1
  fi
  echo "--- $name: $((SECONDS - t0)) s"
done
echo
echo "all benchmarks: $((SECONDS - start)) s"
exit $failed
