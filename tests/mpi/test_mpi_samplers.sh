# The particle samplers under mpirun: every rank moves its own block of
# particles (uneven splits: 101 particles over 2 and 3 ranks), and the files
# must be the one-rank run's, bit for bit. BRWP splits in whole chunks of
# 512 particles and its kernel passes them around the ring of ranks: three
# non-empty shares (1300 particles: 512 + 512 + 276 on 3 ranks) on the
# symmetric path (d = 2, 3) and on the general one (d = 7), and shares left
# empty (601 particles on 3 ranks).
. "$3/tests/cli/lib.sh"
. "$3/tests/mpi/mpi_lib.sh"

runs ula ula --problem gaussian --set problem.precision=1,4 --set particles=101 --set steps=24 --set record_every=3 --seed 5
runs mala mala --problem bimodal --set particles=101 --set steps=12 --set h=0.05 --seed 2
runs mala-logistic mala --problem logistic --set particles=37 --set steps=6 --set h=0.01
runs brwp brwp --problem bimodal --set particles=1300 --set steps=3 --set h=0.05
runs brwp-empty-share brwp --problem bimodal --set particles=601 --set steps=2 --set h=0.05
runs brwp-mc brwp --problem mixture --set z=mc --set mc_samples=8 --set particles=300 --set steps=3
runs brwp-3d brwp --problem gaussian --set problem.dim=3 --set particles=530 --set steps=3
runs brwp-7d brwp --problem gaussian --set problem.dim=7 --set particles=1300 --set steps=2
# More ranks than some shares hold particles: 2 particles on 3 ranks.
runs ula-tiny ula --problem gaussian --set particles=2 --set steps=3
runs brwp-tiny brwp --problem gaussian --set particles=2 --set steps=3

finish
