#!/usr/bin/env bash
# sgm_kernel through the CLI: the files a run writes, and bad input (exit 2,
# one line naming what is wrong).
source "$(dirname "$0")/../cli/lib.sh"
out="$TMP/out"

# A small kernel-model run writes data, samples, the model and the pictures.
expect 0 "" -- "$WPROX" run sgm-kernel --set iterations=20 --set centres=40 --set width=8 --set depth=2 \
  --set samples=100 --set problem.train=80 --set problem.heldout=50 --seed 2 --out "$out"
for f in samples.npy train.npy heldout.npy centres.npy precisions.npy samples.svg ellipses.svg summary.json; do
  [ -s "$out/$f" ] || fail "sgm-kernel did not write $f"
done
grep -q '"mmd_heldout"' "$out/summary.json" || fail "summary.json lacks mmd_heldout"
grep -q '"heldout_sm_loss"' "$out/summary.json" || fail "summary.json lacks heldout_sm_loss"

# The 6-D Swiss roll gets one picture per pair of consecutive coordinates.
expect 0 "" -- "$WPROX" run sgm-empirical --problem swiss-roll-6d --set samples=50 --set segments=2 \
  --set problem.train=60 --set problem.heldout=20 --out "$TMP/roll"
for f in samples_x1_x2.svg samples_x3_x4.svg samples_x5_x6.svg samples.npy train.npy heldout.npy; do
  [ -s "$TMP/roll/$f" ] || fail "sgm-empirical on swiss-roll-6d did not write $f"
done

# CSV input: good, a non-numeric cell, a ragged row (the message names file:line).
printf 'x,y\n0,0\n1,0.5\n2,1\n3,1.5\n4,2\n' >"$TMP/good.csv"
expect 0 "" -- "$WPROX" run sgm-empirical --problem csv --set problem.path="$TMP/good.csv" \
  --set problem.heldout_fraction=0.4 --set samples=10 --set segments=2 --out "$TMP/csv"
printf 'x,y\n0,0\n1,abc\n2,1\n' >"$TMP/cell.csv"
expect 2 "cell.csv:3: .*abc.* is not a number" -- "$WPROX" run sgm-empirical --problem csv --set problem.path="$TMP/cell.csv" --out "$out.b1"
printf '0,0\n1,2\n2,1,7\n' >"$TMP/ragged.csv"
expect 2 "ragged.csv:3: row has 3 cells" -- "$WPROX" run sgm-empirical --problem csv --set problem.path="$TMP/ragged.csv" --out "$out.b2"
expect 2 "problem.path is required" -- "$WPROX" run sgm-empirical --problem csv --out "$out.b3"

# Parameters out of range.
expect 2 "centres = 100 must be less than the number of training points \(50\)" -- \
  "$WPROX" run sgm-kernel --set centres=100 --set problem.train=50 --out "$out.b4"
expect 2 "eps = 2 must lie in \(0, T\) = \(0, 1\)" -- "$WPROX" run sgm-empirical --set eps=2 --out "$out.b5"
expect 2 "eps" -- "$WPROX" run sgm-empirical --set eps=0 --out "$out.b6"
expect 2 "width" -- "$WPROX" run sgm-kernel --set width=0 --out "$out.b7"
expect 2 "depth" -- "$WPROX" run sgm-kernel --set depth=0 --out "$out.b8"
finish
