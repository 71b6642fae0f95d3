#!/usr/bin/env bash
# Installs everything wprox needs to build and test, from Debian 12 packages.
# Run as root (or through sudo). Safe to run again.
set -euo pipefail
if [ "$(id -u)" != 0 ]; then
  echo "install-deps.sh: run as root (apt-get needs it)" >&2
  exit 2
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  ca-certificates cmake make g++ pkg-config python3 \
  libboost-dev libboost-program-options-dev libboost-filesystem-dev \
  libeigen3-dev libsundials-dev libfftw3-dev libtbb-dev \
  libopenmpi-dev openmpi-bin libfftw3-mpi-dev \
  doctest-dev nlohmann-json3-dev librandom123-dev libplplot-dev zlib1g-dev \
  pybind11-dev python3-pybind11 python3-dev python3-numpy python3-pytest python3-xarray >/dev/null
echo "install-deps.sh: dependencies installed"
