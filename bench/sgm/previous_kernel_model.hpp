#pragma once
// The pre-kernel-module implementations (see previous_kernel_model.cpp).
#include <vector>

#include "kernel_model.hpp"

namespace wprox::sgm {

double score_matching_loss_previous(const KernelModel& m, const Particles& X, const RowMatrix& packed_L, RowMatrix* dL);
void mixture_score_previous(const KernelModel& model, const std::vector<Matrix>& vectors,
                            const std::vector<Vector>& values, double beta, const Particles& Y, double tau,
                            Particles& out);

}  // namespace wprox::sgm
