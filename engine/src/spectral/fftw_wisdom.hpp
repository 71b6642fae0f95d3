#pragma once
// Internal to libwprox: how the engine's FFTW plans are chosen.
//
// FFTW_ESTIMATE picks a plan from the shape alone; on this family of CPUs it
// picks scalar codelets for the rows of a 2-D real transform, and the pair
// runs 1.17-1.6x slower than a measured plan (n = 512 .. 128; bench_rd
// prints the ratio). FFTW_MEASURE
// times candidates, so two processes could pick different plans whose
// results differ in the last bits. The engine therefore measures each shape
// once per machine and keeps the choice in a wisdom file: later plans of
// that shape, in this process or any other, import it and are the same
// plan, so a machine gives the same bits run after run. The file is
// locked while a plan is made, so concurrent first runs agree too.
//
// Where: $WPROX_FFTW_WISDOM (a file path), else
// $XDG_CACHE_HOME/wprox/ or ~/.cache/wprox/, one file per CPU model and
// FFTW version. WPROX_FFTW_WISDOM=estimate (or a place that cannot be
// written) plans with FFTW_ESTIMATE: same bits everywhere, slower.
#include <fftw3.h>

#include <functional>

namespace wprox::fftw {

// Runs make_plans(flags) with the planner flags to use, between importing
// and exporting the wisdom file (under its lock) when measured planning is
// on. Call with planner_mutex() held.
void plan_with_wisdom(const std::function<void(unsigned flags)>& make_plans);

// The same for a planner that runs collectively on several processes
// (FFTW-MPI, libwprox_mpi), with a wisdom file of its own (the serial one's
// path + "-mpi"; serial planners write theirs with whatever their process
// holds). Only the lead process (rank 0) touches it. agree(flags) returns
// the lead's flags on every process, so that all plan alike; share_in()
// hands the lead's wisdom to the others, replacing theirs
// (fftw_mpi_broadcast_wisdom), share_out() collects theirs onto the lead
// (fftw_mpi_gather_wisdom). make_plans runs twice (it must replace plans it
// made before): once measuring what the wisdom lacks, each rank timing its
// own pieces, then, on every rank, from exactly the collected wisdom as a
// fresh import, which is what every later run of the shape plans from: so
// the first run already has their plans and bits. Collective: every
// process calls it with the same make_plans, and all hooks set.
struct CollectivePlanning {
  bool lead = false;
  std::function<unsigned(unsigned flags)> agree;
  std::function<void()> share_in, share_out;
};
void plan_with_wisdom(const std::function<void(unsigned flags)>& make_plans, const CollectivePlanning& c);

}  // namespace wprox::fftw
