#pragma once
// SlabTransform over FFTW's MPI library: the libwprox_mpi side of
// Communicator::slab_transform() for more than one rank.
#include <mpi.h>

#include <memory>

#include "wprox/slab_transform.hpp"

namespace wprox {

std::shared_ptr<const SlabTransform> mpi_slab_transform(const TensorGrid& grid, MPI_Comm comm);

}  // namespace wprox
