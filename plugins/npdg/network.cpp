#include "network.hpp"

#include <wprox/errors.hpp>

namespace wprox::npdg {

void validate(const NetworkSettings& s, const std::string& what) {
  WPROX_REQUIRE(s.width >= 1 && s.width <= 1024, InputError,
                what << ": width = " << s.width << " is outside the allowed range [1, 1024]");
  WPROX_REQUIRE(s.depth >= 1 && s.depth <= 16, InputError,
                what << ": depth = " << s.depth << " is outside the allowed range [1, 16]");
}

Mlp make_network(int inputs, const NetworkSettings& s, std::uint64_t seed) {
  // The seed is already one per network (derive_seed); the purpose only
  // keeps these streams apart from the engine's other users of the seed.
  constexpr std::uint64_t kPurpose = stream_purpose("npdg.network");
  return Mlp(inputs, s.width, s.depth, 1, StreamKey{seed, kPurpose}, s.activation);
}

InputSelection value_only() {
  InputSelection s;
  s.count = 0;
  s.laplacian = false;
  return s;
}

InputSelection value_and_gradient() {
  InputSelection s;
  s.laplacian = false;
  return s;
}

InputSelection with_laplacian() { return InputSelection{}; }

NetworkState save_network(const Mlp& net) {
  NetworkState s;
  s.inputs = net.inputs();
  s.width = net.width();
  s.depth = net.depth();
  s.activation = activation_name(net.activation());
  s.parameters = net.parameters();
  return s;
}

Mlp load_network(const NetworkState& s) {
  NetworkSettings ns;
  ns.width = s.width;
  ns.depth = s.depth;
  ns.activation = activation_from_name(s.activation);
  validate(ns, "network state");
  WPROX_REQUIRE(s.inputs >= 1, InputError, "network state: inputs = " << s.inputs << " must be at least 1");
  Mlp net = make_network(s.inputs, ns, 0);
  restore_network(net, s);
  return net;
}

void restore_network(Mlp& net, const NetworkState& s) {
  WPROX_REQUIRE(s.inputs == net.inputs() && s.width == net.width() && s.depth == net.depth() &&
                    s.activation == activation_name(net.activation()),
                InputError,
                "network state: architecture " << s.inputs << " inputs, width " << s.width << ", depth " << s.depth
                                               << ", " << s.activation << " does not match the network's "
                                               << net.inputs() << " inputs, width " << net.width() << ", depth "
                                               << net.depth() << ", " << activation_name(net.activation()));
  WPROX_REQUIRE(s.parameters.size() == net.parameter_count(), InputError,
                "network state: " << s.parameters.size() << " parameters, the architecture has "
                                  << net.parameter_count());
  net.set_parameters(s.parameters);
}

}  // namespace wprox::npdg
