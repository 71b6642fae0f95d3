// A 2-D multiplier operator on row slabs with FFTW-MPI. One r2r plan pair
// covers every boundary mix: per axis R2HC / HC2R (periodic; the cosine and
// sine parts of a frequency share its eigenvalue, so a multiplier of the
// per-axis eigenvalues is diagonal in this basis too) or REDFT10 / REDFT01
// (Neumann: DCT-II and its inverse), as the serial transform does for mixed
// grids. The forward plan leaves its output transposed (FFTW_MPI_TRANSPOSED_OUT:
// rank r holds columns [local_1_start, +local_n1) as rows of n0 modes) and
// the inverse plan reads that layout (FFTW_MPI_TRANSPOSED_IN), so one apply()
// costs two all-to-all transposes instead of four. The multiplier is given
// in that transposed layout, which axis_symbol() reports.
#include "mpi_slab_transform.hpp"

#include <fftw3-mpi.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>

#include "wprox/errors.hpp"

#include "fftw_wisdom.hpp"  // the engine's wisdom file (engine/src/spectral)

namespace wprox {
namespace {

struct Split {
  ptrdiff_t alloc = 0, n0_local = 0, n0_start = 0, n1_local = 0, n1_start = 0;
};

Split split_of(const TensorGrid& g, MPI_Comm comm) {
  // fftw_mpi_init may run before any plan and more than once is allowed, but
  // once is enough.
  static std::once_flag once;
  std::call_once(once, [] { fftw_mpi_init(); });
  Split s;
  s.alloc = fftw_mpi_local_size_2d_transposed(g.n(0), g.n(1), comm, &s.n0_local, &s.n0_start, &s.n1_local, &s.n1_start);
  return s;
}

class MpiSlabTransform final : public SlabTransform {
 public:
  MpiSlabTransform(const TensorGrid& g, MPI_Comm comm, const Split& s)
      : SlabTransform(g, long(s.n0_start), long(s.n0_start + s.n0_local)), s_(s) {
    const ptrdiff_t n0 = g.n(0), n1 = g.n(1);
    // At least one double, so that a rank without rows still has a buffer.
    buf_ = fftw_alloc_real(std::size_t(std::max<ptrdiff_t>(1, s.alloc)));
    if (!buf_) throw std::bad_alloc();
    double norm = 1.0;
    fftw_r2r_kind fwd[2], bwd[2];
    for (int a = 0; a < 2; ++a) {
      const bool periodic = g.boundary(a) == Boundary::Periodic;
      fwd[a] = periodic ? FFTW_R2HC : FFTW_REDFT10;
      bwd[a] = periodic ? FFTW_HC2R : FFTW_REDFT01;
      norm *= periodic ? g.n(a) : 2.0 * g.n(a);
    }
    scale_ = 1.0 / norm;
    // Measured plans, kept in a wisdom file as the serial ones are
    // (fftw_wisdom.hpp; one of their own beside the serial file): rank 0
    // reads it and hands it to the others, all ranks plan together, rank 0
    // collects what they learnt, all plan again from exactly that, and rank
    // 0 writes it back. A later run of the same shape and rank count makes
    // the same plans, hence gives the same bits.
    int rank = 0;
    MPI_Comm_rank(comm, &rank);
    fftw::CollectivePlanning together;
    together.lead = rank == 0;
    together.agree = [comm](unsigned flags) {
      MPI_Bcast(&flags, 1, MPI_UNSIGNED, 0, comm);
      return flags;
    };
    together.share_in = [comm] { fftw_mpi_broadcast_wisdom(comm); };
    together.share_out = [comm] { fftw_mpi_gather_wisdom(comm); };
    fftw::plan_with_wisdom(
        [&](unsigned flags) {
          release_plans();
          forward_ = fftw_mpi_plan_r2r_2d(n0, n1, buf_, buf_, comm, fwd[0], fwd[1], flags | FFTW_MPI_TRANSPOSED_OUT);
          backward_ = fftw_mpi_plan_r2r_2d(n0, n1, buf_, buf_, comm, bwd[0], bwd[1], flags | FFTW_MPI_TRANSPOSED_IN);
        },
        together);
    if (!forward_ || !backward_) {
      release();
      throw InputError("FFTW-MPI could not make a plan for a " + std::to_string(n0) + " x " + std::to_string(n1) +
                       " grid");
    }
  }
  ~MpiSlabTransform() override { release(); }

  long local_modes() const override { return long(s_.n1_local) * grid().n(0); }

  void apply(const double* in, double* out, const double* m) const override {
    const std::size_t n = std::size_t(local_size());
    if (n) std::memcpy(buf_, in, sizeof(double) * n);
    fftw_execute(forward_);
    const long modes = local_modes();
    for (long k = 0; k < modes; ++k) buf_[k] *= m[k] * scale_;
    fftw_execute(backward_);
    if (n) std::memcpy(out, buf_, sizeof(double) * n);
  }

  int mode_width() const override { return 1; }
  double scale() const override { return scale_; }

  void forward(const double* in, double* spectrum) const override {
    const std::size_t n = std::size_t(local_size());
    if (n) std::memcpy(buf_, in, sizeof(double) * n);
    fftw_execute(forward_);
    const std::size_t modes = std::size_t(local_modes());
    if (modes) std::memcpy(spectrum, buf_, sizeof(double) * modes);
  }

  void inverse(double* spectrum, double* out) const override {
    const std::size_t modes = std::size_t(local_modes());
    if (modes) std::memcpy(buf_, spectrum, sizeof(double) * modes);
    fftw_execute(backward_);
    const std::size_t n = std::size_t(local_size());
    if (n) std::memcpy(out, buf_, sizeof(double) * n);
  }

  // Position k of the transposed layout is mode (k mod n0) of axis 0 and
  // mode n1_start + k / n0 of axis 1.
  std::vector<double> axis_symbol(int axis) const override {
    WPROX_REQUIRE(axis == 0 || axis == 1, InputError, "slab transform: axis " << axis << " of a 2-D grid");
    const long n0 = grid().n(0);
    std::vector<double> out(static_cast<std::size_t>(local_modes()));
    for (std::size_t k = 0; k < out.size(); ++k) {
      const long i = long(k) % n0, j = long(s_.n1_start) + long(k) / n0;
      out[k] = grid().axis(axis).laplacian_eigenvalue(int(axis == 0 ? i : j));
    }
    return out;
  }

 private:
  void release_plans() {
    if (forward_) fftw_destroy_plan(forward_);
    if (backward_) fftw_destroy_plan(backward_);
    forward_ = backward_ = nullptr;
  }
  void release() {
    release_plans();
    if (buf_) fftw_free(buf_);
    buf_ = nullptr;
  }
  Split s_;
  double scale_ = 1.0;
  double* buf_ = nullptr;
  fftw_plan forward_ = nullptr, backward_ = nullptr;
};

}  // namespace

std::shared_ptr<const SlabTransform> mpi_slab_transform(const TensorGrid& grid, MPI_Comm comm) {
  WPROX_REQUIRE(grid.dim() == 2, InputError,
                "slab transform: a " << grid.dim() << "-D grid (fields split across ranks are 2-D)");
  return std::make_shared<MpiSlabTransform>(grid, comm, split_of(grid, comm));
}

}  // namespace wprox
