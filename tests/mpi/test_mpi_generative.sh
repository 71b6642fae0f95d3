# The generative methods under mpirun, against the plain run bit for bit:
# sgm-empirical splits its samples over the ranks where they move apart
# (the reverse SDE, fixed-step rk4/euler) and runs whole on every rank with
# the adaptive integrators (whose steps depend on every sample).
. "$3/tests/cli/lib.sh"
. "$3/tests/mpi/mpi_lib.sh"

runs() {  # NAME ARGS...
  local name=$1
  shift
  "$WPROX" run "$@" --quiet --out "$TMP/$name-1" >/dev/null 2>"$TMP/err" || { fail "$name plain: $(cat "$TMP/err")"; return; }
  local r
  for r in 2 3; do
    on_ranks "$r" run "$@" --quiet --out "$TMP/$name-$r" >/dev/null 2>"$TMP/err" ||
      { fail "$name on $r ranks: $(head -c 600 "$TMP/err")"; continue; }
    same_run "$TMP/$name-1" "$TMP/$name-$r" "$r" "$name on $r ranks"
  done
}

small=(--set problem.train=80 --set samples=101 --set segments=4)
runs sde sgm-empirical "${small[@]}" --set dynamics=sde --set sde_steps=10
runs rk4 sgm-empirical "${small[@]}" --set integrator=rk4 --set ode_steps=5
runs cvode sgm-empirical "${small[@]}"
runs kernel sgm-kernel --set problem.train=200 --set centres=40 --set width=8 --set depth=2 --set iterations=20 --set samples=50

finish
