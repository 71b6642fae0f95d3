#pragma once
#include <wprox/sampling.hpp>
#include <wprox/sdk.hpp>

namespace wprox::langevin {

// The random streams of the two samplers: particle i at step k draws from
// RandomStream(seed, purpose, i, k).
constexpr std::uint64_t kUlaNoise = stream_purpose("ula.noise");
constexpr std::uint64_t kMalaProposal = stream_purpose("mala.proposal");
constexpr std::uint64_t kMalaAccept = stream_purpose("mala.accept");

MethodInfo ula_method();
MethodInfo mala_method();

}  // namespace wprox::langevin
