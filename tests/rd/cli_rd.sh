#!/usr/bin/env bash
# The wprox CLI on the reaction-diffusion methods: outputs, and exit codes
# 2 (bad input, naming the parameter) and 3 (a window that does not converge).
set -u
wprox="$1"; build="$2"
out="$(mktemp -d "$build/rd_cli.XXXXXX")"
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

for m in pdhg-rd newton-krylov-rd; do
  "$wprox" run "$m" --problem fch6 --set problem.n=16 --set problem.T=0.02 \
    --set problem.snapshots=0,0.01 --out "$out/$m" > "$out/$m.log" 2>&1 || fail "$m run: $(cat "$out/$m.log")"
  for f in u_final.npy u_t0.npy u_t0.01.npy trace.csv summary.json u_t0.01.svg; do
    [ -f "$out/$m/$f" ] || fail "$m: $f missing"
  done
  [ ! -f "$out/$m/u_t0.02.npy" ] || fail "$m: snapshot at T written although not asked for"
  head -1 "$out/$m/trace.csv" | grep -q '^step,t,h,iterations,.*residual,mass,energy' \
    || fail "$m: trace header $(head -1 "$out/$m/trace.csv")"
  [ "$(wc -l < "$out/$m/trace.csv")" -eq 3 ] || fail "$m: expected 2 trace rows"
done

expect() {  # expect CODE WORD args...: exit code CODE and WORD on stderr
  local code="$1" word="$2"; shift 2
  "$wprox" run "$@" > "$out/o.log" 2> "$out/e.log"
  local rc=$?
  [ "$rc" -eq "$code" ] || fail "'$*' exit $rc, expected $code: $(cat "$out/e.log")"
  grep -q -- "$word" "$out/e.log" || fail "'$*': stderr does not name $word: $(cat "$out/e.log")"
}
expect 2 eps pdhg-rd --problem allen-cahn --set problem.eps=0
expect 2 "'n'\|problem.n" pdhg-rd --problem allen-cahn --set problem.n=3
expect 2 "parameter 'h'" newton-krylov-rd --set h=0
expect 2 steps_per_window pdhg-rd --set steps_per_window=0
expect 2 boundary pdhg-rd --problem cahn-hilliard --set problem.boundary=dirichlet
expect 2 snapshots pdhg-rd --set problem.T=0.01 --set problem.snapshots=0.5
expect 3 residual pdhg-rd --set problem.n=16 --set max_iter=3
expect 3 residual newton-krylov-rd --set problem.n=16 --set max_newton=1
echo OK
