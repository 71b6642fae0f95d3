"""Overhead of a target defined in Python against the same target built in.

BRWP (the issue's case: N = 2000, d = 2) and ULA on the standard 2-D
Gaussian, once as the built-in problem "gaussian" and once as a
wprox.Target with NumPy callbacks (same box and moments, so the same
diagnostics). Prints seconds per step of each (median of interleaved
repetitions), their ratio, and how the callbacks were called.

    PYTHONPATH=build/lib/python python3 bench/python/bench_python_target.py [--steps 10] [--reps 3]
"""

import argparse
import statistics
import time

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
    t0 = time.perf_counter()
    r = wprox.run(method, problem, steps=steps, seed=1, **params)
    return (time.perf_counter() - t0) / steps, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=10)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0)
    a = ap.parse_args()
    cases = [
        ("brwp", dict(particles=2000), True, "laplace, Hessian given (Newton prox)"),
        ("brwp", dict(particles=2000), False, "laplace, no Hessian (BFGS prox)"),
        ("ula", dict(particles=2000), False, "ula"),
    ]
    print(f"{'case':40s} {'built-in ms/step':>17s} {'Python ms/step':>15s} {'ratio':>7s} {'calls/step':>11s} "
          f"{'misses/step':>12s} {'batches/step':>13s}")
    for method, params, hessian, label in cases:
        params = dict(params, threads=a.threads)
        builtin, mine, stats = [], [], None
        for _ in range(a.reps):
            builtin.append(per_step(method, "gaussian", a.steps, params)[0])
            target = python_gaussian(hessian)
            before = target.stats
            t, _ = per_step(method, target, a.steps, params)
            mine.append(t)
            stats = {k: (v - before[k]) / a.steps for k, v in target.stats.items()}
        b, m = statistics.median(builtin), statistics.median(mine)
        print(f"{label:40s} {b * 1e3:17.2f} {m * 1e3:15.2f} {m / b:7.2f} {stats['python_calls']:11.1f} "
              f"{stats['misses']:12.0f} {stats['batches']:13.1f}")


if __name__ == "__main__":
    main()
