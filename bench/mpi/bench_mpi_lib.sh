# What the MPI bench scripts share (sourced): the launcher, Open MPI's
# permission to run as root (benchmarks run as root on the test machines),
# and a scratch folder removed on exit.
MPIEXEC=${MPIEXEC:-mpirun}
export OMPI_ALLOW_RUN_AS_ROOT=${OMPI_ALLOW_RUN_AS_ROOT:-1} OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=${OMPI_ALLOW_RUN_AS_ROOT_CONFIRM:-1}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
