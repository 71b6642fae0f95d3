#!/usr/bin/env bash
# Exact resume for the grid PDE solvers, the Hamilton-Jacobi solvers, the
# neural PDE trainers and tt-brwp: a run interrupted after K steps and
# resumed from its checkpoint ends bit for bit where the uninterrupted run
# ends (final array and every trace row). Each case is small (well under a
# second a run) but long enough that the state carried between steps matters:
# PDHG's warm-started dual variables, the adaptive step controller, Adam's
# moments, the collocation round and the error history, the TT grid.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/resume_lib.sh"

# Reaction-diffusion: fixed steps, and the adaptive controller with its
# start-up cap (allen-cahn-mobility), and windows of several slots.
resumed_equals pdhg-rd u_final.npy 4 -- pdhg-rd --set problem.n=32 --set problem.T=0.01
# allen-cahn-mobility on this grid: h = eps/4 until t = 0.1 (step 40), the
# cap doubles at steps 41 and 50, then h grows by 1.1 a window; cuts inside
# the doubled cap and inside the growth.
resumed_equals pdhg-rd-startup u_final.npy 46 -- pdhg-rd --problem allen-cahn-mobility --set problem.n=32 \
  --set problem.T=0.25
resumed_equals pdhg-rd-adaptive u_final.npy 53 -- pdhg-rd --problem allen-cahn-mobility --set problem.n=32 \
  --set problem.T=0.25
resumed_equals pdhg-rd-window u_final.npy 2 -- pdhg-rd --problem cahn-hilliard --set problem.n=32 \
  --set problem.T=0.05 --set steps_per_window=5 --set h=2e-3
resumed_equals newton-krylov-rd u_final.npy 4 -- newton-krylov-rd --set problem.n=32 --set problem.T=0.01
# A one-rank checkpoint also holds pdhg-rd's dual spectra; one of the wrong
# size is a malformed checkpoint: exit 2 naming the entry, not a silent
# fall-back to the real-space copy.
expect 130 "interrupted after step 2" -- "$WPROX" run pdhg-rd --set problem.n=32 --set problem.T=0.01 \
  --out "$TMP/bad-spectrum" --quiet --interrupt-after 2
python3 - "$TMP/bad-spectrum/checkpoint/pdhg.P_spectrum.npy" <<'PY' || fail "could not write the bad spectrum"
import struct, sys
header = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }"
header += " " * (63 - (10 + len(header)) % 64) + "\n"
body = struct.pack("<3d", 1.0, 2.0, 3.0)
open(sys.argv[1], "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + body)
PY
expect 2 "pdhg.P_spectrum' has 3 values" -- "$WPROX" resume "$TMP/bad-spectrum" --quiet

# Hamilton-Jacobi: 1-D (linearized PDHG, banded solves) and 2-D with
# viscosity (spectral PDHG), policy iteration, the explicit scheme.
resumed_equals pdhg-hj phi.npy 4 -- pdhg-hj --set nx=40 --set time_levels=11
resumed_equals pdhg-hj-2d phi.npy 3 -- pdhg-hj --set problem.dim=2 --set problem.visc=0.05 --set nx=16 --set time_levels=7
resumed_equals newton-hj phi.npy 4 -- newton-hj --set nx=40 --set time_levels=11
resumed_equals explicit-hj phi.npy 4 -- explicit-hj --set nx=40 --set time_levels=11

# Neural PDE solvers: resampled points (npdg: rounds start at steps 1, 5, 9,
# so the cut after step 6 falls inside one) and errors measured every other
# step (step 7 reports the error measured at step 6, which only the restored
# history knows).
resumed_equals npdg u_parameters.npy 6 -- npdg --set iterations=15 --set interior_points=200 --set width=8 \
  --set resample_every=4 --set error_every=2 --set error_points=200 --seed 3
resumed_equals pinn-adam u_parameters.npy 11 -- pinn-adam --set iterations=25 --set interior_points=200 \
  --set width=8 --set resample_every=4 --set error_points=200 --seed 2
resumed_equals wan u_parameters.npy 9 -- wan --set iterations=20 --set interior_points=200 --set width=8 \
  --set error_points=200 --seed 5

# tt-brwp: the grid kept between regrids is rebuilt from the checkpoint.
resumed_equals tt-brwp particles.npy 3 -- tt-brwp --set particles=200 --set steps=8 --set grid=24 --seed 1
finish
