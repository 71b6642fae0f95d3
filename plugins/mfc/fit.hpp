#pragma once
// The value network phi_theta(t, x) and its least-squares fit to values y
// at space-time points (the targets of one sweep of characteristics):
//
//   min_theta  (1/n) sum_m (phi_theta(t_m, x_m) - y_m)^2,
//
// by Adam on mini-batches drawn uniformly with replacement. Slot b of Adam
// step j in outer iteration n draws from RandomStream(seed, b,
// substream(n, 2, j)): the same bits for any thread count.
#include <cstdint>

#include <wprox/adam.hpp>
#include <wprox/mlp.hpp>

namespace wprox::mfc {

// The network and optimizer settings shared by both methods.
//   field           default  allowed        meaning
//   width           32       1..1024        units per hidden layer
//   depth           2        1..16          hidden layers
//   activation      gelu     gelu|tanh      hidden activation
//   lr              3e-3     > 0            Adam step at the first outer iteration
//   lr_final        3e-4     > 0            Adam step at the last one (geometric in between)
//   fit_iterations  300      >= 1           Adam steps per outer iteration
//   batch           256      >= 1           points per Adam step
struct FitSettings {
  int width = 32;
  int depth = 2;
  Activation activation = Activation::gelu;
  double lr = 3e-3;
  double lr_final = 3e-4;
  long fit_iterations = 300;
  long batch = 256;
};

void validate(const FitSettings& s);  // InputError naming the field and its range

class ValueFitter {
 public:
  // A network with inputs (t, x_1..x_dim), initialized from `seed`.
  ValueFitter(int dim, const FitSettings& s, std::uint64_t seed);

  // fit_iterations Adam steps at step size lr on the columns of inputs
  // ((1 + dim) x n) and targets y (n). Returns the mean mini-batch loss
  // of the last tenth of the steps. Non-finite losses are returned as they
  // are (the caller decides what diverged means).
  double fit(const Matrix& inputs, const Vector& y, long outer, double lr);
  // Root-mean-square misfit sqrt((1/n) sum (phi_theta - y)^2) on all columns.
  double misfit(const Matrix& inputs, const Vector& y) const;

  const Mlp& network() const { return net_; }
  Mlp& network() { return net_; }
  Adam& optimizer() { return adam_; }
  const Adam& optimizer() const { return adam_; }
  long adam_steps() const { return adam_.steps(); }

 private:
  FitSettings s_;
  std::uint64_t seed_;
  Mlp net_;
  Adam adam_;
};

}  // namespace wprox::mfc
