#pragma once
// The networks of the neural PDE solvers: their architecture settings, and a
// saved state (architecture + flat parameters) from which a trained network
// is rebuilt exactly.
#include <cstdint>
#include <string>

#include <wprox/mlp.hpp>

namespace wprox::npdg {

// | field      | default | allowed      | meaning                                   |
// |------------|---------|--------------|-------------------------------------------|
// | width      | 32      | [1, 1024]    | units per hidden layer                    |
// | depth      | 2       | [1, 16]      | hidden layers                             |
// | activation | tanh    | tanh, gelu   | sigma (smooth: the jets need sigma''')    |
struct NetworkSettings {
  int width = 32;
  int depth = 2;
  Activation activation = Activation::tanh;
};

// InputError naming `what` ("npdg: network") when a field is out of range.
void validate(const NetworkSettings& s, const std::string& what);

// A scalar network on `inputs` inputs, its weights from `seed` (Mlp's
// PyTorch-style initialization).
Mlp make_network(int inputs, const NetworkSettings& s, std::uint64_t seed);

// Selections of the jets the loops use (the spatial inputs are all inputs).
InputSelection value_only();
InputSelection value_and_gradient();
InputSelection with_laplacian();

// What save/load of a trained network needs.
struct NetworkState {
  int inputs = 0, width = 0, depth = 0;
  std::string activation;  // "tanh" or "gelu"
  Vector parameters;       // Mlp's flat layout
};

NetworkState save_network(const Mlp& net);
// A network with the state's architecture and parameters. InputError when
// the state is inconsistent (unknown activation, wrong parameter count).
Mlp load_network(const NetworkState& s);
// Copies the parameters of `s` into `net`. InputError when the architecture
// differs from net's (the message names both).
void restore_network(Mlp& net, const NetworkState& s);

}  // namespace wprox::npdg
