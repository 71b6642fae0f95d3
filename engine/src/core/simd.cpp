// Picks the SIMD target once: the CPU's best, or WPROX_SIMD.
#include "wprox/simd.hpp"

#include <atomic>
#include <cstdlib>
#include <fstream>

#include "wprox/errors.hpp"

namespace wprox {
namespace {

bool cpu_supports(SimdTarget t) {
#if defined(__x86_64__) && defined(__GNUC__)
  // libgcc's checks include the OS's support (XCR0) for the wider registers.
  switch (t) {
    case SimdTarget::sse2: return true;
    case SimdTarget::avx2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case SimdTarget::avx512:
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx512f") &&
             __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512vl") &&
             __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq");
  }
  return false;
#else
  return t == SimdTarget::sse2;  // elsewhere every copy is the baseline build
#endif
}

std::string supported_names() {
  std::string s;
  for (SimdTarget t : simd_targets_supported()) s += std::string(s.empty() ? "" : ", ") + simd_target_name(t);
  return s;
}

SimdTarget initial_target() {
  const char* env = std::getenv("WPROX_SIMD");
  if (!env || !*env) return simd_targets_supported().back();
  const SimdTarget t = parse_simd_target(env);
  if (!cpu_supports(t)) throw InputError("WPROX_SIMD=" + quote(env) + ": this CPU supports " + supported_names());
  return t;
}

constexpr int kUnset = -1;
std::atomic<int> g_target{kUnset};

}  // namespace

const char* simd_target_name(SimdTarget t) {
  switch (t) {
    case SimdTarget::sse2: return "sse2";
    case SimdTarget::avx2: return "avx2";
    case SimdTarget::avx512: return "avx512";
  }
  return "?";
}

SimdTarget parse_simd_target(const std::string& name) {
  for (SimdTarget t : {SimdTarget::sse2, SimdTarget::avx2, SimdTarget::avx512})
    if (name == simd_target_name(t)) return t;
  throw InputError("SIMD target " + quote(name) + " is unknown; allowed: sse2, avx2, avx512");
}

std::vector<SimdTarget> simd_targets_supported() {
  std::vector<SimdTarget> out;
  for (SimdTarget t : {SimdTarget::sse2, SimdTarget::avx2, SimdTarget::avx512})
    if (cpu_supports(t)) out.push_back(t);
  return out;
}

SimdTarget simd_target() {
  int t = g_target.load(std::memory_order_relaxed);
  if (t == kUnset) {
    // Racing first calls compute the same value.
    t = int(initial_target());
    g_target.store(t, std::memory_order_relaxed);
  }
  return SimdTarget(t);
}

void set_simd_target(SimdTarget t) {
  if (!cpu_supports(t))
    throw InputError(std::string("SIMD target '") + simd_target_name(t) + "': this CPU supports " + supported_names());
  g_target.store(int(t), std::memory_order_relaxed);
}

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      return colon == std::string::npos || colon + 2 > line.size() ? line : line.substr(colon + 2);
    }
  return "unknown";
}

}  // namespace wprox
