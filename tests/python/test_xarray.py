"""Result.to_xarray(): named dimensions, the summary as attributes."""

import json

import numpy as np
import xarray as xr

import wprox


def test_sampler_results_follow_arviz_conventions():
    r = wprox.run("mala", "gaussian", steps=10, particles=200, seed=2)
    ds = r.to_xarray()
    assert isinstance(ds, xr.Dataset)
    p = ds["particles"]
    assert p.dims == ("chain", "draw", "dim") and p.shape == (1, 200, 2)
    assert np.shares_memory(p.values, r.arrays["particles"])  # a view, not a copy
    assert ds["acceptance"].dims == ("step",) and list(ds["step"].values) == list(range(1, 11))
    assert ds.attrs["method"] == "mala" and ds.attrs["status"] == "done" and ds.attrs["seed"] == 2
    assert ds.attrs["metrics.acceptance_overall"] == r.metrics["acceptance_overall"]
    assert json.loads(ds.attrs["parameters"])["method"]["particles"] == 200
    assert json.loads(ds.attrs["summary_json"])["steps"] == 10


def test_grids_and_data_sets_get_their_dimensions():
    rd = wprox.run("pdhg-rd", "allen-cahn", problem_params={"n": 16, "T": 0.002}).to_xarray()
    assert rd["u_final"].dims == ("x", "y")
    hj = wprox.run("pdhg-hj", "hj-quadratic", problem_params={"dim": 2}, nx=12, time_levels=3)
    ds = hj.to_xarray()
    axes = [n for n, a in hj.arrays.items() if a.ndim == 1 and n != "t"]
    assert ds["phi"].dims == ("t", *axes) and "t" in ds.coords and all(a in ds.coords for a in axes)
    sgm = wprox.run("sgm-empirical", "two-moons", samples=30, problem_params={"train": 40, "heldout": 10})
    ds = sgm.to_xarray()
    assert ds["samples"].dims == ("sample", "dim") and ds["train"].dims == ("train_point", "dim")
    assert ds["heldout"].dims == ("heldout_point", "dim")


def test_the_dataset_can_be_written_as_netcdf_attributes(tmp_path):
    # attrs must be plain numbers and strings: what a file format can hold.
    ds = wprox.run("ula", steps=3, particles=10).to_xarray()
    for v in ds.attrs.values():
        assert isinstance(v, (str, int, float))
