#pragma once
// Runs a test body once per SIMD target this CPU supports (wprox/simd.hpp),
// then puts back the target that was in use.
#include <string>

#include <wprox/simd.hpp>

#include "testing.hpp"

namespace wprox::testing_simd {

template <class F>
void for_each_simd_target(F&& body) {
  struct Restore {
    SimdTarget before = simd_target();
    ~Restore() { set_simd_target(before); }
  } restore;
  for (SimdTarget t : simd_targets_supported()) {
    set_simd_target(t);
    const std::string target = simd_target_name(t);
    CAPTURE(target);
    body();
  }
}

}  // namespace wprox::testing_simd
