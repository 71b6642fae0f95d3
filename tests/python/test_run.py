"""wprox.run: summary, trace, arrays; parameters from Python values."""

import json

import numpy as np
import pytest

import wprox


def test_result_has_summary_trace_and_arrays():
    r = wprox.run("mala", "gaussian", seed=3, steps=40, particles=300, problem_params={"precision": [[2, 0.5], [0.5, 1]]})
    s = r.summary
    assert s["method"] == "mala" and s["problem"] == "gaussian" and s["status"] == "done"
    assert s["seed"] == 3 and s["threads"] == 0 and s["steps"] == 40
    assert s["parameters"]["method"]["particles"] == 300 and s["parameters"]["method"]["h"] == 0.1
    assert s["parameters"]["problem"]["precision"] == [[2.0, 0.5], [0.5, 1.0]]
    assert "acceptance_overall" in s["metrics"] and s["files"][:2] == ["trace.csv", "particles.npy"]
    assert list(r.trace)[0] == "step" and list(r.trace["step"]) == list(range(1, 41))
    assert {"acceptance", "mean_err", "cov_err", "wall_seconds"} <= set(r.trace)
    assert all(len(col) == 40 for col in r.trace.values())
    X = r.arrays["particles"]
    assert X.shape == (300, 2) and X.dtype == np.float64 and r["particles"] is X
    assert r.status == "done" and r.metrics is s["metrics"] and r.kind == "target"


def test_arrays_own_the_engines_memory():
    # Moved, not copied: the array's memory belongs to a capsule holding the
    # engine's vector, and writing to it is allowed.
    X = wprox.run("ula", steps=2, particles=50).arrays["particles"]
    assert not X.flags["OWNDATA"] and type(X.base).__name__ == "PyCapsule"
    assert X.flags["C_CONTIGUOUS"] and X.flags["WRITEABLE"]


def test_vectors_and_matrices_from_lists_arrays_or_text():
    runs = [
        wprox.run("ula", steps=3, particles=20, problem_params={"precision": [[2, 0.5], [0.5, 1]], "mean": [1, 2]}),
        wprox.run("ula", steps=3, particles=20, problem_params={"precision": np.array([[2, 0.5], [0.5, 1]]),
                                                                "mean": np.array([1.0, 2.0])}),
        wprox.run("ula", steps=3, particles=20, problem_params={"precision": "2,0.5;0.5,1", "mean": "1,2"}),
    ]
    for r in runs[1:]:
        assert np.array_equal(r.arrays["particles"], runs[0].arrays["particles"])


def test_floats_reach_the_engine_exactly():
    h = 0.1 + 1e-17 * 3  # not representable as short decimal text
    r = wprox.run("ula", steps=1, particles=10, h=np.float64(h))
    assert r.summary["parameters"]["method"]["h"] == h


def test_init_from_an_array():
    X0 = np.random.default_rng(0).normal(size=(40, 2)) + 5.0
    r = wprox.run("ula", "gaussian", init=X0, steps=1, h=1e-12)
    assert r.arrays["particles"].shape == (40, 2)
    assert np.allclose(r.arrays["particles"], X0, atol=1e-5)


def test_seed_decides_and_threads_do_not():
    a = wprox.run("brwp", "bimodal", seed=4, particles=200, steps=5, threads=1).arrays["particles"]
    b = wprox.run("brwp", "bimodal", seed=4, particles=200, steps=5, threads=2).arrays["particles"]
    c = wprox.run("brwp", "bimodal", seed=5, particles=200, steps=5).arrays["particles"]
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_other_kinds_run_too():
    rd = wprox.run("pdhg-rd", "allen-cahn", problem_params={"n": 16, "T": 0.002})
    assert rd.arrays["u_final"].shape == (16, 16) and rd.kind == "pde"
    hj = wprox.run("pdhg-hj", "hj-quadratic", nx=16, time_levels=3)
    assert hj.arrays["phi"].shape[0] == len(hj.arrays["t"]) and hj.tables
    sgm = wprox.run("sgm-empirical", "two-moons", samples=50, problem_params={"train": 40})
    assert sgm.arrays["samples"].shape == (50, 2)


def test_save_writes_what_the_cli_writes(tmp_path):
    r = wprox.run("ula", steps=3, particles=20)
    r.save(tmp_path)
    assert {"summary.json", "trace.csv", "particles.npy", "particles.svg"} <= {p.name for p in tmp_path.iterdir()}
    s = json.loads((tmp_path / "summary.json").read_text())
    assert s["method"] == "ula" and s["steps"] == 3
    assert np.array_equal(np.load(tmp_path / "particles.npy"), r.arrays["particles"])


def test_seed_and_threads_are_checked():
    with pytest.raises(ValueError, match="seed=-1 is invalid"):
        wprox.run("ula", seed=-1)
    with pytest.raises(ValueError, match="threads='many' is invalid"):
        wprox.run("ula", threads="many")
