"""Result.to_xarray(): the arrays and the trace as an xarray.Dataset with
named dimensions, the summary as attributes.

Dimension names, by problem kind:
  target  (samplers): particles -> (chain, draw, dim), ArviZ's convention:
          one chain whose draws are the N particles of the final cloud;
  dataset (generative models): samples -> (sample, dim), train ->
          (train_point, dim), heldout -> (heldout_point, dim), centres ->
          (centre, dim);
  pde     (reaction-diffusion): 2-D fields -> (x, y);
  hj      (Hamilton-Jacobi): phi and control_* -> (t, <axis names>), with
          the 1-D arrays t and the axes as coordinates;
  mfc     (mean-field control): phi, phi_exact -> (t, x), with t and x as
          coordinates;
any other array: (<name>_dim_0, <name>_dim_1, ...). Trace columns become
variables over (step), with step as coordinate (a column named like an
array is prefixed "trace_").

Attributes: method, problem, status, seed, threads, steps, wall_seconds
(and error), every metric as "metrics.<name>" (an array metric as one
attribute per entry, "metrics.mean[0]", "metrics.cov[0][1]"), the parameters as a JSON
string "parameters", and the whole summary as JSON in "summary_json" (all
netCDF-safe).
"""

import json

import numpy as np

_DATASET_ROWS = {"samples": "sample", "train": "train_point", "heldout": "heldout_point", "centres": "centre"}


def _generic(name, ndim):
    return tuple(f"{name}_dim_{k}" for k in range(ndim))


def _dims(kind, name, a, arrays):
    """The dimension names of one array, and the array to store (a view)."""
    if kind == "target" and name == "particles" and a.ndim == 2:
        return ("chain", "draw", "dim"), a[np.newaxis]
    if kind == "dataset" and name in _DATASET_ROWS and a.ndim == 2:
        return (_DATASET_ROWS[name], "dim"), a
    if kind == "pde" and a.ndim == 2:
        return ("x", "y"), a
    if kind == "hj":
        axes = [n for n, v in arrays.items() if v.ndim == 1 and n != "t"]
        if a.ndim == 1 and (name == "t" or name in axes):
            return (name,), a
        if a.ndim == 1 + len(axes) and (name == "phi" or name.startswith("control_")):
            return ("t", *axes), a
    if kind == "mfc":
        if a.ndim == 1 and name in ("t", "x"):
            return (name,), a
        if a.ndim == 2 and name in ("phi", "phi_exact"):
            return ("t", "x"), a
    return _generic(name, a.ndim), a


def _json_safe(v):
    if isinstance(v, float) and not np.isfinite(v):
        return None
    if isinstance(v, dict):
        return {k: _json_safe(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_json_safe(x) for x in v]
    return v


def to_xarray(result):
    import xarray as xr

    kind = result.kind
    data_vars, coords = {}, {}
    for name, a in result.arrays.items():
        dims, values = _dims(kind, name, a, result.arrays)
        if dims == (name,):
            coords[name] = values
        else:
            data_vars[name] = (dims, values)
    coords["step"] = result.trace["step"]
    for name, col in result.trace.items():
        if name == "step":
            continue
        data_vars["trace_" + name if name in data_vars or name in coords else name] = (("step",), col)

    s = result.summary
    attrs = {k: s[k] for k in ("method", "problem", "status", "seed", "threads", "steps", "wall_seconds")}
    if "error" in s:
        attrs["error"] = s["error"]
    for k, v in s["metrics"].items():
        # attributes stay scalars: an array metric is one attribute per entry
        if isinstance(v, list):
            for index, x in np.ndenumerate(np.asarray(v, dtype=float)):
                attrs["metrics." + k + "".join("[%d]" % i for i in index)] = float(x)
        else:
            attrs["metrics." + k] = v
    attrs["parameters"] = json.dumps(_json_safe(s["parameters"]))
    attrs["summary_json"] = json.dumps(_json_safe(s))
    return xr.Dataset(data_vars=data_vars, coords=coords, attrs=attrs)
