#pragma once
// Counter-based random streams (Random123 Philox-4x64): the one way wprox
// draws random numbers.
//
// A stream is named by (seed, purpose, item, step, substep):
//   seed     the run's seed (RunContext::seed) or a data seed;
//   purpose  what the draws are for, a 64-bit tag made from a name at compile
//            time: constexpr auto kNoise = stream_purpose("ula.noise");
//   item     which particle, sample, data point or layer;
//   step     which step of the run (0 outside steps);
//   substep  an index inside a step (a time step of an inner integration).
// (seed, purpose) is the Philox key and (item, step, block, substep) the counter, so
// two streams that differ in any of the four never share a block: streams
// for different purposes cannot collide by construction, whatever their
// items and steps (no multiplexing of purposes into substream numbers, no
// seeds XORed with constants). Distinct purpose names give distinct tags up
// to a 64-bit hash collision (FNV-1a; about 2^-64 per pair).
//
// There is no shared generator state: work split across threads in any way
// draws exactly the same numbers, and a run resumed at step k redraws what
// an uninterrupted one would.
#include <cstdint>

namespace wprox {

// FNV-1a 64 of a name.
constexpr std::uint64_t stream_purpose(const char* name) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (; *name; ++name) h = (h ^ std::uint64_t(static_cast<unsigned char>(*name))) * 0x100000001b3ULL;
  return h;
}

// A seed with a purpose: what a component that draws for several items
// (a network's layers, a sampler's samples) is handed.
struct StreamKey {
  std::uint64_t seed = 0;
  std::uint64_t purpose = 0;
};

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t purpose, std::uint64_t item = 0, std::uint64_t step = 0,
               std::uint64_t substep = 0);
  RandomStream(StreamKey key, std::uint64_t item, std::uint64_t step = 0, std::uint64_t substep = 0)
      : RandomStream(key.seed, key.purpose, item, step, substep) {}
  std::uint64_t bits();  // 64 uniform random bits
  double uniform();      // uniform on the open interval (0, 1)
  double normal();       // standard normal (Box-Muller on two uniforms)
  void normal(double* out, long n);

 private:
  void refill();
  std::uint64_t key_[2];
  std::uint64_t ctr_[4];
  std::uint64_t buf_[4];
  int used_ = 4;
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace wprox
