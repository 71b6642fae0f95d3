"""The same method, parameters and seed give the same bits from Python and
from `wprox run`: every array and metric bit for bit, every trace column
but wall time to the 10 digits trace.csv holds."""

import json

import numpy as np
import pytest

import wprox
from conftest import read_trace, run_cli

CASES = [
    # (CLI arguments, wprox.run keyword arguments)
    (["ula", "--problem", "gaussian", "--set", "problem.precision=2,0.5;0.5,1", "--set", "h=0.05", "--set",
      "steps=30", "--seed", "3"],
     dict(method="ula", problem="gaussian", problem_params={"precision": [[2, 0.5], [0.5, 1]]}, h=0.05, steps=30,
          seed=3)),
    (["mala", "--problem", "mixture", "--set", "steps=20", "--set", "particles=300", "--seed", "7"],
     dict(method="mala", problem="mixture", steps=20, particles=300, seed=7)),
    (["brwp", "--problem", "bimodal", "--set", "particles=300", "--set", "steps=10", "--set", "T=0.05"],
     dict(method="brwp", problem="bimodal", particles=300, steps=10, T=0.05)),
    (["brwp", "--problem", "mixture", "--set", "z=mc", "--set", "mc_samples=8", "--set", "steps=5", "--set",
      "particles=200", "--threads", "1"],
     dict(method="brwp", problem="mixture", z="mc", mc_samples=8, steps=5, particles=200, threads=1)),
    (["sgm-empirical", "--problem", "two-moons", "--set", "problem.train=100", "--set", "samples=200"],
     dict(method="sgm-empirical", problem="two-moons", problem_params={"train": 100}, samples=200)),
    (["sgm-kernel", "--set", "centres=40", "--set", "iterations=30", "--set", "problem.train=150", "--set",
      "samples=50"],
     dict(method="sgm-kernel", centres=40, iterations=30, problem_params={"train": 150}, samples=50)),
    (["pdhg-rd", "--problem", "cahn-hilliard", "--set", "problem.n=16", "--set", "problem.T=0.004"],
     dict(method="pdhg-rd", problem="cahn-hilliard", problem_params={"n": 16, "T": 0.004})),
    (["pdhg-hj", "--problem", "hj-quadratic", "--set", "problem.dim=2", "--set", "nx=12", "--set", "time_levels=3"],
     dict(method="pdhg-hj", problem="hj-quadratic", problem_params={"dim": 2}, nx=12, time_levels=3)),
    (["mfc-score", "--problem", "mfc-lq", "--set", "particles=100", "--set", "time_steps=10", "--set",
      "outer_iterations=2", "--set", "fit_iterations=20", "--set", "width=8"],
     dict(method="mfc-score", problem="mfc-lq", particles=100, time_steps=10, outer_iterations=2, fit_iterations=20,
          width=8)),
]


def same_as_cli(cli, tmp_path, args, kwargs):
    out = tmp_path / "cli"
    done = run_cli(cli, out, *args)
    assert done.returncode == 0, done.stderr
    kwargs = dict(kwargs)
    r = wprox.run(kwargs.pop("method"), kwargs.pop("problem", None), **kwargs)
    summary = json.loads((out / "summary.json").read_text())
    npy = [f for f in summary["files"] if f.endswith(".npy")]
    assert sorted(npy) == sorted(f for f in r.summary["files"] if f.endswith(".npy"))
    for f in npy:
        a = np.load(out / f)
        assert a.shape == r.arrays[f[:-4]].shape and np.array_equal(a, r.arrays[f[:-4]], equal_nan=True), f
    trace = read_trace(out / "trace.csv")
    assert set(trace) == set(r.trace)
    for name, col in trace.items():
        if name != "wall_seconds":
            # trace.csv holds 10 significant digits (summary.json's metrics,
            # compared below, hold all of them)
            assert np.allclose(col, r.trace[name], rtol=1e-9, atol=0, equal_nan=True), name
    for key in ("method", "problem", "status", "seed", "steps"):
        assert summary[key] == r.summary[key], key
    for part in ("method", "problem"):
        for name, v in summary["parameters"][part].items():
            if name != "init":  # the CLI's file, Python's array
                assert r.summary["parameters"][part][name] == v, name
    for name, v in summary["metrics"].items():
        if v is not None and "seconds" not in name:
            assert r.metrics[name] == v, name


@pytest.mark.parametrize("args,kwargs", CASES, ids=[c[0][0] + "-" + str(i) for i, c in enumerate(CASES)])
def test_same_bits_as_the_cli(cli, tmp_path, args, kwargs):
    same_as_cli(cli, tmp_path, args, kwargs)


def test_init_array_is_the_init_file(cli, tmp_path):
    X0 = np.random.default_rng(5).normal(size=(120, 2)) * 2 + 1
    np.save(tmp_path / "x0.npy", X0)
    same_as_cli(cli, tmp_path, ["brwp", "--set", "init=" + str(tmp_path / "x0.npy"), "--set", "steps=8"],
                dict(method="brwp", init=X0, steps=8))
    assert wprox.run("ula", init=X0, steps=1).summary["parameters"]["method"]["init"] == "array (120, 2)"
