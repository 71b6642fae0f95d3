#pragma once
// The SIMD target of the run-time dispatched hot loops (the all-pairs
// kernel, wprox/kernel.hpp; the network's products and gelu density,
// wprox/mlp.hpp). One default build runs on any x86-64 CPU: the
// loops are compiled for each target and the best one this CPU supports is
// picked at the first call. The environment variable WPROX_SIMD (sse2,
// avx2, avx512) forces a lower one; a target the CPU lacks, or an unknown
// name, is an InputError naming the allowed values.
//
// What may differ between targets (never between thread counts on one
// target): avx2 and avx512 contract a*b + c into one FMA, sse2 does not, so
// results can differ in the last bits between sse2 and the others. Every
// target sums over the same lanes in the same order, so avx2 and avx512
// give the same bits (tests/kernel/test_simd.cpp, tests/nn/test_dense.cpp).
// In a WPROX_NATIVE build every copy is compiled for the build machine
// (the names then only say which copy runs).
#include <string>
#include <vector>

namespace wprox {

enum class SimdTarget { sse2 = 0, avx2 = 1, avx512 = 2 };

const char* simd_target_name(SimdTarget t);
// Parses a name (sse2, avx2, avx512); InputError naming the allowed names.
SimdTarget parse_simd_target(const std::string& name);
// The targets this CPU can run, lowest first (sse2 always).
std::vector<SimdTarget> simd_targets_supported();
// The target in use: WPROX_SIMD if set, else the best supported.
SimdTarget simd_target();
// Switches the target for every later call (tests and benchmarks compare
// targets in one process); InputError if the CPU lacks it. Not to be called
// while a dispatched loop runs.
void set_simd_target(SimdTarget t);
// The CPU's model name (/proc/cpuinfo), "unknown" where there is none: what
// benchmarks print, and what keys per-machine caches.
std::string cpu_model();

}  // namespace wprox
