#!/usr/bin/env bash
# Builds wprox with AddressSanitizer and UndefinedBehaviorSanitizer (float
# casts that overflow included; any finding ends the process) into
# ./build-asan and runs the command-line tests, the fuzz suite and the
# engine's input-parsing unit tests under them. Extra arguments go to
# cmake's configure step.
#
# What is built is chosen to fit CI's time limit on two cores: the engine,
# the command, every plugin, and the unit tests of parsing and loading. The
# command-line tests and the fuzz suite drive every plugin through the
# command, so they reach the numerical code too; the doctest programs of
# the numerical code are left to the optimized build (compiled with ASan
# they would take longer than everything else here together). The Python
# tests are left out: the interpreter is not built with ASan, so the module
# would need libasan preloaded into python3, and LeakSanitizer would then
# report the interpreter's own allocations. MPI is off: Open MPI keeps
# allocations for the life of the process that LeakSanitizer would report;
# the MPI paths are tested by the optimized build under mpirun.
set -euo pipefail
cd "$(dirname "$0")/.."
SAN="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g -fno-omit-frame-pointer $SAN" \
  -DCMAKE_C_FLAGS_DEBUG="-O1 -g -fno-omit-frame-pointer $SAN" \
  -DCMAKE_EXE_LINKER_FLAGS="$SAN" -DCMAKE_SHARED_LINKER_FLAGS="$SAN" -DCMAKE_MODULE_LINKER_FLAGS="$SAN" \
  -DWPROX_BUILD_BENCH=OFF -DWPROX_PYTHON=OFF -DWPROX_MPI=OFF "$@" >/dev/null

UNIT_TESTS=(test_engine_params test_engine_io test_engine_loader)
targets=(wprox_cli wprox_embed_example bad_wrong_abi bad_no_descriptor bad_throws_on_register test_no_checkpoint "${UNIT_TESTS[@]}")
for dir in plugins/*/; do
  targets+=("wprox_$(basename "$dir")")
done
cmake --build build-asan -j2 --target "${targets[@]}"

# The tests to run: every default test that runs a script (they call the
# wprox command), and the unit tests built above.
run=$(ctest --test-dir build-asan -LE long --show-only=json-v1 | python3 -c '
import json, os, sys
unit = set(sys.argv[1:])
for t in json.load(sys.stdin)["tests"]:
    cmd = t.get("command") or [""]
    if t["name"] in ("test_python", "test_sdk_out_of_tree", "test_doc_plugin_examples"):
        continue
    if os.path.basename(cmd[0]) in ("bash", "sh") or "python" in os.path.basename(cmd[0]) or t["name"] in unit:
        print(t["name"])
' "${UNIT_TESTS[@]}" | paste -sd'|')

# A finding ends the process with a report on stderr and exit 1 (never 0, 2
# or 3, so every test notices).
export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:strict_string_checks=1:check_initialization_order=1"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
export WPROX_SANITIZED=1
cd build-asan
ctest --output-on-failure -j2 -LE long -R "^($run)\$" --timeout 1500
