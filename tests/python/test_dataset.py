"""Your own data for the generative models."""

import numpy as np
import pytest

import wprox


def test_own_data_equals_the_builtin_data_set_bit_for_bit():
    # The built-in two-moons' own points, given back as arrays, give the
    # same samples as the built-in problem.
    builtin = wprox.run("sgm-empirical", "two-moons", seed=6, samples=150, problem_params={"train": 120})
    data = wprox.Dataset(builtin.arrays["train"], builtin.arrays["heldout"], name="moons")
    mine = wprox.run("sgm-empirical", data, seed=6, samples=150)
    assert mine.summary["problem"] == "moons" and mine.kind == "dataset"
    assert np.array_equal(mine.arrays["samples"], builtin.arrays["samples"])
    assert mine.metrics["mmd_heldout"] == builtin.metrics["mmd_heldout"]


def test_an_array_is_a_data_set():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(80, 3))
    r = wprox.run("sgm-kernel", X, centres=20, iterations=20, samples=30)
    assert r.arrays["samples"].shape == (30, 3) and np.array_equal(r.arrays["train"], X)
    assert r.arrays["heldout"].shape == (0, 3)


def test_bad_data_is_refused():
    with pytest.raises(ValueError, match="2-D array"):
        wprox.run("sgm-empirical", wprox.Dataset(np.zeros(5)))
    with pytest.raises(ValueError, match="training points have 2 coordinates, held-out points 3"):
        wprox.Dataset(np.zeros((5, 2)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="NaN or Inf"):
        wprox.Dataset(np.full((5, 2), np.nan))
    with pytest.raises(ValueError, match="needs a problem of kind 'target'"):
        wprox.run("ula", np.zeros((5, 2)))
