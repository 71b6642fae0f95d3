# pdhg-rd's distributed transforms under mpirun: measured FFTW-MPI plans,
# kept in a wisdom file beside the serial one (rank 0 reads and writes it,
# the ranks plan together and then again from what is kept), so that the
# measuring run and a second run on as many ranks give the same bits; shape-only plans (WPROX_FFTW_WISDOM=estimate) agree
# to round-off with the same iterations. Serial plans made by each rank
# while rank 0 plans collectively must not deadlock on the file's lock.
. "$3/tests/cli/lib.sh"
. "$3/tests/mpi/mpi_lib.sh"

wisdom="$TMP/wisdom/fftw"
args=(run pdhg-rd --problem allen-cahn --set problem.n=24 --set problem.T=0.003 --quiet)
WPROX_FFTW_WISDOM="$wisdom" on_ranks 2 "${args[@]}" --out "$TMP/a" >/dev/null 2>"$TMP/err" \
  && pass || fail "first 2-rank run: $(head -c 400 "$TMP/err")"
grep -q "fftw_mpi" "$wisdom-mpi" && pass || fail "no FFTW-MPI wisdom in $wisdom-mpi"
WPROX_FFTW_WISDOM="$wisdom" on_ranks 2 "${args[@]}" --out "$TMP/b" >/dev/null 2>"$TMP/err" \
  && pass || fail "second 2-rank run: $(head -c 400 "$TMP/err")"
cmp -s "$TMP/a/u_final.npy" "$TMP/b/u_final.npy" && pass || fail "two 2-rank runs with one wisdom file differ"
# A Neumann grid (cosine transforms) on 3 ranks (uneven slabs), from an
# empty file, twice.
for run in c d; do
  WPROX_FFTW_WISDOM="$TMP/w3" on_ranks 3 "${args[@]}" --set problem.boundary=neumann --set problem.n=25 \
    --out "$TMP/$run" >/dev/null 2>"$TMP/err" && pass || fail "3-rank Neumann run: $(head -c 400 "$TMP/err")"
done
cmp -s "$TMP/c/u_final.npy" "$TMP/d/u_final.npy" && pass || fail "two 3-rank runs with one wisdom file differ"
WPROX_FFTW_WISDOM=estimate on_ranks 2 "${args[@]}" --out "$TMP/e" >/dev/null 2>"$TMP/err" \
  && pass || fail "estimated 2-rank run: $(head -c 400 "$TMP/err")"
runs_agree "$TMP/a" "$TMP/e" 1e-12 && pass || fail "measured and estimated MPI plans disagree beyond round-off"
finish
