#!/usr/bin/env bash
# Builds wprox with AddressSanitizer and UndefinedBehaviorSanitizer (float
# casts that overflow included; any finding aborts the process) into
# ./build-asan and runs the fast tests and the fuzz suite under them.
# Extra arguments go to cmake's configure step.
#
# Only what those tests need is built: the command, the engine, the plugins
# and the fast test programs (no benchmarks, no long tests, no Python
# module). The Python tests are left out: the interpreter is not built with
# ASan, so the module would need libasan preloaded into python3, where
# LeakSanitizer reports the interpreter's own allocations; the command-line
# tests and the fuzz suite cover the same engine and plugins.
set -euo pipefail
cd "$(dirname "$0")/.."
SAN="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g -fno-omit-frame-pointer $SAN" \
  -DCMAKE_C_FLAGS_DEBUG="-O1 -g -fno-omit-frame-pointer $SAN" \
  -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" -DCMAKE_MODULE_LINKER_FLAGS="$SAN" \
  -DWPROX_BUILD_BENCH=OFF -DWPROX_PYTHON=OFF "$@" >/dev/null

# The tests that run here, and the programs among them that are build targets.
EXCLUDE='^(test_python|test_sdk_out_of_tree)$'
mapfile -t tests < <(ctest --test-dir build-asan -N -LE long | sed -n 's/^ *Test *#[0-9]*: //p' | grep -Ev "$EXCLUDE")
mapfile -t targets < <(cmake --build build-asan --target help | sed -n 's/^\.\.\. \([^ ]*\).*/\1/p')
build=(wprox_cli bad_wrong_abi bad_no_descriptor bad_throws_on_register)
for t in "${tests[@]}"; do
  printf '%s\n' "${targets[@]}" | grep -qx "$t" && build+=("$t")
done
cmake --build build-asan -j2 --target "${build[@]}"

# Findings end the process with a report on stderr (exit 1: never 0, 2 or 3).
export ASAN_OPTIONS="detect_leaks=1:abort_on_error=0:halt_on_error=1:strict_string_checks=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export WPROX_SANITIZED=1
cd build-asan
ctest --output-on-failure -j2 -LE long -E "$EXCLUDE" --timeout 1500
