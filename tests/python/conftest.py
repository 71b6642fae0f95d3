"""Shared helpers: the CLI binary and source tree the build handed over (see
CMakeLists.txt), and running the CLI into a folder."""

import csv
import os
import subprocess

import numpy as np
import pytest

import wprox  # noqa: F401  (import errors show here first)


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("WPROX_CLI")
    if not path or not os.path.exists(path):
        pytest.skip("WPROX_CLI is not set (run through ctest)")
    return path


@pytest.fixture(scope="session")
def source_dir():
    return os.environ.get("WPROX_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))


def run_cli(cli, out, *args):
    """`wprox run ARGS --out OUT --quiet`; returns the completed process."""
    return subprocess.run([cli, "run", *args, "--out", str(out), "--quiet"], capture_output=True, text=True)


def read_trace(path):
    """trace.csv as {column: array}."""
    with open(path) as f:
        rows = list(csv.reader(f))
    header, body = rows[0], np.array([[float(x) if x else np.nan for x in r] for r in rows[1:]])
    return {name: body[:, k] for k, name in enumerate(header)}
