"""wprox from Python: every method of the engine's plugins, targets and data
defined in NumPy, results as arrays.

    import wprox
    wprox.methods()                       # ['brwp', 'explicit-hj', ...]
    r = wprox.run("mala", "gaussian", seed=3, steps=200, problem_params={"precision": [[2, 0.5], [0.5, 1]]})
    r.arrays["particles"], r.trace["cov_err"], r.summary["metrics"]

See docs/python.md.
"""

from ._wprox import info, methods, plugins, problems
from ._api import Result, Run, run, start
from ._errors import RunError
from ._problems import Dataset, Target

__all__ = ["methods", "problems", "info", "plugins", "run", "start", "Run", "Result", "Target", "Dataset", "RunError"]
