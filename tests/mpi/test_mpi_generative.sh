# The generative methods under mpirun, against the plain run bit for bit:
# sgm-empirical splits its samples over the ranks where they move apart
# (the reverse SDE, fixed-step rk4/euler) and runs whole on every rank with
# the adaptive integrators (whose steps depend on every sample); sgm-kernel
# splits its training's loss points.
. "$3/tests/cli/lib.sh"
. "$3/tests/mpi/mpi_lib.sh"

small=(--set problem.train=80 --set samples=101 --set segments=4)
runs sde sgm-empirical "${small[@]}" --set dynamics=sde --set sde_steps=10
runs rk4 sgm-empirical "${small[@]}" --set integrator=rk4 --set ode_steps=5
runs cvode sgm-empirical "${small[@]}"
# sgm-kernel shares each batch's loss points over the ranks in whole blocks
# of 256 (the gradient's partials are gathered and added in block order):
# a batch of 300 is 2 blocks (3 ranks: one rank has none); 1200 is 5 blocks,
# the last of 176 points, split 3 + 2 and 2 + 2 + 1, where adding each
# rank's own sum in rank order ((b0 + b1) + (b2 + b3) + b4) would differ
# from the one-process ((((b0 + b1) + b2) + b3) + b4). The final losses over
# the 960 loss points (4 blocks) and the 300 held-out points are shared too.
kernel=(sgm-kernel --set problem.train=1000 --set problem.heldout=300 --set centres=40 --set width=8 --set depth=2
  --set iterations=10 --set samples=50)
runs kernel300 "${kernel[@]}" --set batch=300
runs kernel1200 "${kernel[@]}" --set batch=1200
# The one-process bits that the ranks reproduce do not depend on threads.
k1200=("${kernel[@]}" --set batch=1200 --quiet)
if "$WPROX" run "${k1200[@]}" --threads 1 --out "$TMP/kernel-t1" >/dev/null 2>"$TMP/err" &&
  "$WPROX" run "${k1200[@]}" --threads 2 --out "$TMP/kernel-t2" >/dev/null 2>>"$TMP/err"; then
  same_run "$TMP/kernel-t1" "$TMP/kernel-t2" 1 "sgm-kernel on 1 and 2 threads"
else
  fail "sgm-kernel on 1 and 2 threads: $(head -c 600 "$TMP/err")"
fi

# Training interrupted after 4 iterations on 2 ranks, resumed on 3 (the
# checkpoint holds the network and Adam's moments): the plain run's bits.
on_ranks 2 run "${k1200[@]}" --out "$TMP/kernel-ck" --interrupt-after 4 >/dev/null 2>&1
if [ -d "$TMP/kernel-ck/checkpoint" ]; then
  if on_ranks 3 resume "$TMP/kernel-ck" --quiet >/dev/null 2>"$TMP/err"; then
    same_run "$TMP/kernel1200-1" "$TMP/kernel-ck" 3 "sgm-kernel interrupted on 2 ranks, resumed on 3"
  else
    fail "sgm-kernel resumed on 3 ranks: $(head -c 600 "$TMP/err")"
  fi
else
  fail "no checkpoint after an interrupted 2-rank sgm-kernel run"
fi

finish
