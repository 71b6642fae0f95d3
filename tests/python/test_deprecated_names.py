"""Renamed parameters (docs/parameters.md) from Python: the old name gives
the same run with a FutureWarning, both names are a ValueError, and info()
lists the old names."""

import warnings

import numpy as np
import pytest

import wprox


def test_old_names_run_bit_for_bit_with_one_warning_each():
    new = wprox.run("pdhg-rd", "allen-cahn", problem_params={"n": 16, "T": 0.002}, h=1e-3)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = wprox.run("pdhg-rd", "allen-cahn", problem_params={"n": 16, "t_final": 0.002}, ht=1e-3)
    texts = sorted(str(w.message) for w in caught if issubclass(w.category, FutureWarning))
    assert texts == ["wprox: parameter 'ht' is deprecated; use 'h'",
                     "wprox: parameter 'problem.t_final' is deprecated; use 'problem.T'"]
    assert np.array_equal(new.arrays["u_final"], old.arrays["u_final"])
    assert old.summary["parameters"] == new.summary["parameters"]


def test_both_names_are_refused():
    with pytest.raises(ValueError, match="parameters 'h' and 'ht' name the same value"):
        wprox.run("pdhg-rd", "allen-cahn", problem_params={"n": 16}, h=1e-3, ht=1e-3)


def test_info_lists_the_old_names():
    assert wprox.info("sgm-empirical")["parameters"]["sigma"]["aliases"] == ["beta"]
    assert wprox.info("ula")["parameters"]["beta"]["aliases"] == []
