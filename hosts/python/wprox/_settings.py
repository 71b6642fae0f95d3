"""Python values as the textual settings the engine's schemas resolve.

The engine validates parameters from text (ParamSchema::resolve), exactly
as the CLI's ``--set key=value``; so Python values are written as that text
and every check, message and parsed value is the CLI's own. Floats are
written with ``repr`` (the shortest text that reads back as the same
double), so a parameter is bit for bit what the CLI would get from the same
number. Arrays given for a file parameter (a path, such as ``init``) are
saved as float64 .npy files in a temporary folder that lives as long as the
run, as the CLI would read them.
"""

import numbers
import os
import tempfile

import numpy as np


def _number_text(x):
    if isinstance(x, (bool, np.bool_)):
        return "true" if x else "false"
    if isinstance(x, numbers.Integral):
        return str(int(x))
    if isinstance(x, numbers.Real):
        return repr(float(x))
    return str(x)


def _array_text(value):
    """A vector "1,2,3" or a matrix "1,2;3,4", from a list or an array."""
    a = np.asarray(value)
    if a.dtype.kind not in "biuf":
        return str(value)
    if a.ndim == 0:
        return _number_text(a.item())
    if a.ndim == 1:
        return ",".join(_number_text(x) for x in a.tolist())
    if a.ndim == 2:
        return ";".join(",".join(_number_text(x) for x in row) for row in a.tolist())
    raise ValueError(f"a {a.ndim}-D array cannot be a parameter value (vectors and matrices only)")


def value_text(value, kind):
    """The text of one parameter value; `kind` is the schema's type, or None
    for a name the schema does not know (the engine then names the valid
    ones)."""
    if isinstance(value, (str, os.PathLike)):
        return os.fspath(value)
    if kind in ("vector", "matrix"):
        return _array_text(value)
    if isinstance(value, (list, tuple, np.ndarray)):
        return _array_text(value)
    return _number_text(value)


class Files:
    """Temporary .npy files for arrays given as file parameters."""

    def __init__(self):
        self._dir = None
        self._described = {}  # path -> "array (N, d)"

    def save(self, name, value):
        if self._dir is None:
            self._dir = tempfile.TemporaryDirectory(prefix="wprox-")
        path = os.path.join(self._dir.name, name + ".npy")
        a = np.ascontiguousarray(value, dtype=np.float64)
        np.save(path, a)
        self._described[path] = f"array {a.shape}"
        return path

    def describe(self, params):
        """params with each temporary file named as the array it held (the
        file is gone after the run)."""
        return {k: self._described.get(v, v) if isinstance(v, str) else v for k, v in params.items()}

    def close(self):
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None


def settings_text(params, schema, files, prefix=""):
    """{name: text} for the engine from {name: Python value}; None means
    "not given" (the default)."""
    out = {}
    for name, value in (params or {}).items():
        if value is None:
            continue
        spec = schema.get(name) or next((s for s in schema.values() if name in s.get("aliases", ())), None)
        kind = spec["type"] if spec else None
        if kind == "path" and not isinstance(value, (str, os.PathLike)):
            out[name] = files.save(prefix + name, value)
        else:
            out[name] = value_text(value, kind)
    return out
