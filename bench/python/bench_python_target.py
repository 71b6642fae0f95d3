"""Overhead of a target defined in Python against the same target built in.

BRWP (N = 2000, d = 2: Laplace with the Hessian, Laplace by BFGS, Monte
Carlo), ULA and MALA on the standard 2-D Gaussian, once as the built-in
problem "gaussian" and once as a wprox.Target with NumPy callbacks (same box
and moments, so the same diagnostics). Prints milliseconds per step of each
(the run's wall_seconds over its steps, the best of interleaved
repetitions: the machine is shared, and the best run is the least
disturbed), their ratio, how the callbacks were called per step, and the
time per step the engine spent in them (Target.stats["seconds"]).

The built-in gaussian has a Hessian, so brwp's prox is Newton there; the
"no Hessian" case compares BFGS on the Python target against Newton on the
built-in one: its ratio includes BFGS's extra iterations, which the time in
Python separates from the cost of Python.

    PYTHONPATH=build/lib/python python3 bench/python/bench_python_target.py [--steps 10] [--reps 5]
"""

import argparse
import numpy as np

import wprox


def python_gaussian(hessian):
    def f(X):
        return 0.5 * (X[:, 0] ** 2 + X[:, 1] ** 2)

    def g(X):
        return X.copy()

    def h(X):
        return np.broadcast_to(np.eye(2), (len(X), 2, 2)).copy()

    return wprox.Target(2, f, g, h if hessian else None, box=([-5, -5], [5, 5]), moments=([0, 0], np.eye(2)))


def per_step(method, problem, steps, params):
    # The run's own clock: its steps (callbacks included), not the set-up
    # and the result, which every run pays once.
    r = wprox.run(method, problem, steps=steps, seed=1, **params)
    return r.summary["wall_seconds"] / steps


CASES = [
    ("brwp", dict(), True, "brwp laplace, Hessian given (Newton)"),
    ("brwp", dict(), False, "brwp laplace, no Hessian (BFGS)"),
    ("brwp", dict(z="mc"), False, "brwp mc (32 draws)"),
    ("ula", dict(), False, "ula"),
    ("mala", dict(), False, "mala"),
]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--particles", type=int, default=2000)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    print(f"{'case':38s} {'built-in ms/step':>17s} {'Python ms/step':>15s} {'ratio':>6s} {'calls/step':>11s} "
          f"{'batches/step':>13s} {'point queries':>14s} {'in Python ms/step':>18s}")
    for method, params, hessian, label in CASES:
        params = dict(params, particles=a.particles, threads=a.threads)
        builtin, mine, in_python = [], [], []
        for _ in range(a.reps):
            builtin.append(per_step(method, "gaussian", a.steps, params))
            target = python_gaussian(hessian)
            mine.append(per_step(method, target, a.steps, params))
            # The grids of the box (two calls per run) are not steps' work.
            s = target.stats
            calls = (s["python_calls"] - 2) / a.steps
            batches = (s["batches"] - 2) / a.steps
            points = s["point_queries"] / a.steps
            in_python.append(s["seconds"] / a.steps)  # the two grid calls included: ~0.1 ms a run
        b, m = min(builtin), min(mine)
        print(f"{label:38s} {b * 1e3:17.2f} {m * 1e3:15.2f} {m / b:6.2f} {calls:11.1f} {batches:13.1f} {points:14.1f} "
              f"{min(in_python) * 1e3:18.3f}")


if __name__ == "__main__":
    main()
