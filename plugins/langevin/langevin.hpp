#pragma once
#include <wprox/sampling.hpp>
#include <wprox/sdk.hpp>

namespace wprox::langevin {

// Random-stream purposes within a step (substream = step * kPurposes + purpose).
enum Purpose : std::uint64_t { kNoise = 1, kAccept = 2, kPurposes = 4 };

MethodInfo ula_method();
MethodInfo mala_method();

}  // namespace wprox::langevin
