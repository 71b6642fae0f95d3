"""run() and start(): a method on a problem, whole or step by step."""

import numbers

import numpy as np

from . import _wprox
from ._errors import RunError
from ._problems import Dataset, Target
from ._settings import Files, settings_text


def _group_metrics(flat):
    """Metrics as in summary.json: NAME[i] for i = 0..n-1 becomes one list
    "NAME", NAME[i][j] over a full block a list of rows; NaN stays NaN."""
    blocks = {}
    for name in flat:
        base, sep, rest = name.partition("[")
        if not base or not sep or not rest.endswith("]"):
            continue
        parts = rest[:-1].split("][")
        if len(parts) > 2 or not all(p.isdigit() for p in parts):
            continue
        blocks.setdefault(base, {})[tuple(int(p) for p in parts)] = flat[name]
    out = {}
    for name, v in flat.items():
        base = name.partition("[")[0]
        cells = blocks.get(base)
        ranks = {len(i) for i in cells} if cells else set()
        if not cells or base in flat or len(ranks) != 1:
            out[name] = v
            continue
        if base in out:
            continue
        rows = max(i[0] for i in cells) + 1
        if ranks == {1}:
            if len(cells) == rows:
                out[base] = [cells[(r,)] for r in range(rows)]
                continue
        else:
            cols = max(i[1] for i in cells) + 1
            if len(cells) == rows * cols:
                out[base] = [[cells[(r, c)] for c in range(cols)] for r in range(rows)]
                continue
        out[name] = v
    return out


class Result:
    """What a run produced.

    summary: dict, the content of the CLI's summary.json (method, problem,
        status, parameters as used, seed, threads, steps, wall_seconds,
        metrics, files); NaN stays NaN.
    trace: dict of NumPy columns, the CLI's trace.csv ("step" first).
    arrays: dict of NumPy arrays, the CLI's .npy files (particles, samples,
        u_final, phi, ...).
    tables: dict of tables (dicts of NumPy columns), the CLI's other .csv.
    """

    def __init__(self, session, results, metrics, temp_files=None):
        self._session = session
        self.arrays = results["arrays"]
        self.tables = results["tables"]
        self.trace = session.trace()
        files = ["trace.csv"]
        if session.status not in ("diverged", "failed"):
            files += [n + ".npy" for n in self.arrays] + [n + ".csv" for n in self.tables]
            files += [n + ".svg" for n in results["pictures"]]
        self.summary = {
            "method": session.method,
            "problem": session.problem,
            "status": session.status,
        }
        if session.error:
            self.summary["error"] = session.error
        self.summary.update(
            parameters={
                "method": temp_files.describe(session.method_params) if temp_files else session.method_params,
                "problem": temp_files.describe(session.problem_params) if temp_files else session.problem_params,
            },
            seed=session.seed,
            threads=session.threads,
            steps=session.steps_done,
            wall_seconds=session.wall_seconds,
            metrics=_group_metrics(metrics),
            files=files,
        )

    @property
    def status(self):
        """"done", "stopped", "diverged", or "running" for a snapshot."""
        return self.summary["status"]

    @property
    def metrics(self):
        return self.summary["metrics"]

    @property
    def kind(self):
        """The problem kind: "target", "dataset", "pde", "hj", "mfc"."""
        return self._session.kind

    def __getitem__(self, name):
        return self.arrays[name]

    def to_xarray(self):
        """The arrays and the trace as an xarray.Dataset with named
        dimensions, the summary as attributes (see docs/python.md)."""
        from ._xarray import to_xarray

        return to_xarray(self)

    def save(self, folder):
        """Writes what `wprox run --out folder` writes (trace.csv, the .npy
        arrays, tables and pictures, summary.json) for the run's current
        state."""
        self._session.save(str(folder))

    def __repr__(self):
        s = self.summary
        return f"<wprox.Result {s['method']} on {s['problem']}: {s['status']}, {s['steps']} steps, arrays {list(self.arrays)}>"


def _check_seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0 or seed >= 2**64:
        raise ValueError(f"seed={seed!r} is invalid: expected a non-negative integer")
    return int(seed)


def _check_threads(threads):
    if isinstance(threads, bool) or not isinstance(threads, numbers.Integral) or not 0 <= threads <= 4096:
        raise ValueError(f"threads={threads!r} is invalid: expected an integer in [0, 4096] (0: all cores)")
    return int(threads)


def _open(method, problem, seed, threads, problem_params, params):
    """A started session and the temporary files it reads."""
    mschema = _wprox.info(method)["parameters"] if method in _wprox.methods() else {}
    if isinstance(problem, np.ndarray):
        problem = Dataset(problem)
    files = Files()
    try:
        mtext = settings_text(params, mschema, files)
        if isinstance(problem, (Target, Dataset)):
            if isinstance(problem, Target):
                beta = params.get("beta", mschema.get("beta", {}).get("default", 1.0))
                problem._prepare(float(beta if beta is not None else 1.0))
            native, ptext = problem._native, {n: str(v) for n, v in (problem_params or {}).items()}
        else:
            if problem is not None and not isinstance(problem, str):
                raise ValueError(
                    f"problem={problem!r}: expected a problem name, a wprox.Target, a wprox.Dataset or an (N, d) array"
                )
            pname = problem or (_wprox.info(method)["default_problem"] if mschema else "")
            pschema = _wprox.info(pname)["parameters"] if pname in _wprox.problems() else {}
            native, ptext = problem, settings_text(problem_params, pschema, files, "problem.")
        session = _wprox.Session(method, native, mtext, ptext, _check_seed(seed), _check_threads(threads))
    except BaseException:
        files.close()
        raise
    return session, files


def _diverged(session, files=None):
    result = Result(session, session.results(), session.metrics(), files)
    return RunError(session.error, step=session.error_step, reason=session.error.split(": ", 1)[-1], result=result)


def run(method, problem=None, *, seed=1, threads=0, problem_params=None, **params):
    """Runs `method` on `problem` to the end and returns its Result.

    problem: a problem name (default: the method's own), a wprox.Target, a
    wprox.Dataset, or an (N, d) array (a data set). problem_params: the
    problem's parameters (the CLI's problem.key=value). params: the method's
    parameters (the CLI's key=value); lists and arrays are accepted for
    vectors and matrices, and for file parameters such as init.

    Raises ValueError for bad input (the CLI's message), wprox.RunError when
    the run diverges (with .result, the partial result). Ctrl-C stops the
    run between steps and raises KeyboardInterrupt carrying .result.
    """
    session, files = _open(method, problem, seed, threads, problem_params, params)
    try:
        try:
            session.run_to_end()
        except KeyboardInterrupt as e:
            if session.status == "stopped":
                e.result = Result(session, session.results(), session.metrics(), files)
            raise
        if session.status == "diverged":
            raise _diverged(session, files)
        return Result(session, session.results(), session.metrics(), files)
    finally:
        files.close()


def start(method, problem=None, *, seed=1, threads=0, problem_params=None, **params):
    """Starts a run to be driven step by step (the arguments are run()'s).

    Iterating the returned Run takes one step per item and yields that
    step's diagnostics; leaving the loop early (break) stops the run, whose
    finish stage then runs, as at the end. run.result() gives the result at
    any time.
    """
    session, files = _open(method, problem, seed, threads, problem_params, params)
    return Run(session, files)


class Run:
    """A started run (see start()). Iterate it, or call step()."""

    def __init__(self, session, files):
        self._session = session
        self._files = files

    @property
    def steps_done(self):
        return self._session.steps_done

    @property
    def total_steps(self):
        return self._session.total_steps

    @property
    def progress(self):
        return self._session.progress

    @property
    def status(self):
        """"running" until the run ends; then "done", "stopped" or "diverged"
        ("failed" when a callback raised inside a step)."""
        return self._session.status

    @property
    def ended(self):
        return self._session.ended

    @property
    def stats(self):
        """For a wprox.Target: how its callbacks were called (else None)."""
        return self._session.callback_stats

    def step(self):
        """Takes one step and returns its diagnostics (a dict with "step"),
        or None when the run has no step left. Raises wprox.RunError when
        the step diverges."""
        if not self._session.step():
            if self._session.status == "diverged":
                raise _diverged(self._session, self._files)
            return None
        d = {"step": self._session.steps_done}
        d.update(self._session.last_diagnostics())
        return d

    def __iter__(self):
        try:
            while True:
                d = self.step()
                if d is None:
                    return
                yield d
        finally:
            # End of the steps, break, or an exception: the run ends here,
            # with its finish stage (a callback's exception leaves nothing
            # to finish).
            if self._session.status != "failed":
                self.stop()

    def stop(self):
        """Ends the run (its finish stage runs once) and returns the result."""
        self._session.end()
        self._files.close()
        return self.result()

    def result(self):
        """The result as of now: final once the run has ended, else a
        snapshot of the current state (status "running"; the finish stage,
        which some methods use to produce their outputs, has not run)."""
        return Result(self._session, self._session.results(), self._session.metrics(), self._files)

    def __repr__(self):
        s = self._session
        return f"<wprox.Run {s.method} on {s.problem}: {s.status}, step {s.steps_done} of {s.total_steps}>"
