"""Targets defined in Python: vectorized callbacks, the samplers' paths
through them, and a banana sampled by BRWP against its known moments."""

import numpy as np
import pytest

import wprox


def gaussian_target(**kw):
    calls = []

    def f(X):
        calls.append(("f", X.shape))
        return 0.5 * (X[:, 0] ** 2 + X[:, 1] ** 2)

    def g(X):
        calls.append(("g", X.shape))
        return X.copy()

    def h(X):
        calls.append(("h", X.shape))
        return np.broadcast_to(np.eye(2), (len(X), 2, 2)).copy()

    t = wprox.Target(2, potential=f, gradient=g, hessian=h if kw.pop("hessian", True) else None, **kw)
    return t, calls


def test_ula_makes_one_vectorized_call_per_step():
    t, calls = gaussian_target()
    r = wprox.run("ula", t, steps=20, particles=500, seed=1)
    # The first step prefetches everything it may need; afterwards only the gradient.
    assert calls[:3] == [("f", (500, 2)), ("g", (500, 2)), ("h", (500, 2))]
    assert calls[3:] == [("g", (500, 2))] * 19
    s = t.stats
    assert s["misses"] == 0 and s["cache_hits"] == 20 * 500 and s["prefetched_points"] == 20 * 500
    assert r.status == "done"


def test_python_gaussian_is_the_builtin_gaussian_bit_for_bit_under_ula():
    # grad V = x exactly in both, so ULA's particles agree to the bit.
    t, _ = gaussian_target(box=([-5, -5], [5, 5]), moments=([0, 0], np.eye(2)))
    mine = wprox.run("ula", t, steps=30, particles=400, seed=9)
    builtin = wprox.run("ula", "gaussian", steps=30, particles=400, seed=9)
    assert np.array_equal(mine.arrays["particles"], builtin.arrays["particles"])
    for name in ("mean_err", "cov_err", "kl", "tv"):  # the same diagnostics, from the box and the moments
        assert np.allclose(mine.trace[name], builtin.trace[name], rtol=1e-12), name


def test_the_box_grids_are_computed_once():
    t, calls = gaussian_target(box=([-5, -5], [5, 5]))
    before = len(calls)
    wprox.run("ula", t, steps=5, particles=100)
    assert t.stats["misses"] == 0  # the grid values came from the pinned cache
    assert len(calls) - before == 3 + 4  # one prefetch of f, g, h, then g per step


@pytest.mark.parametrize("method,params,hessian", [
    ("mala", {}, True),
    ("brwp", {}, True),           # Laplace, Newton with the Hessian
    ("brwp", {}, False),          # Laplace, BFGS
    ("brwp", {"z": "mc", "mc_samples": 4}, False),
])
def test_every_sampler_path_works_and_batches(method, params, hessian):
    t, calls = gaussian_target(hessian=hessian, moments=([0, 0], np.eye(2)))
    r = wprox.run(method, t, steps=4, particles=300, seed=3, **params)
    assert r.status == "done" and np.isfinite(r.arrays["particles"]).all()
    assert all(len(shape) == 2 and shape[1] == 2 for _, shape in calls)
    if not hessian:
        assert all(name != "h" for name, _ in calls)
    s = t.stats
    # Misses are served in batches, several points per Python call.
    assert s["misses"] > 0 and s["batches"] < s["misses"]
    assert s["points_evaluated"] > s["python_calls"]
    # Not a bitwise match (V is computed differently), but the same sampler.
    builtin = wprox.run(method, "gaussian", steps=4, particles=300, seed=3, **params)
    assert np.allclose(r.arrays["particles"], builtin.arrays["particles"], atol=1e-8)


def test_a_run_on_a_python_target_is_reproducible():
    a = wprox.run("brwp", gaussian_target(hessian=False)[0], steps=3, particles=200, seed=5).arrays["particles"]
    b = wprox.run("brwp", gaussian_target(hessian=False)[0], steps=3, particles=200, seed=5, threads=1)
    assert np.array_equal(a, b.arrays["particles"])


def test_moments_as_a_function_of_beta():
    t = wprox.Target(1, potential=lambda X: 0.5 * X[:, 0] ** 2, gradient=lambda X: X.copy(),
                     moments=lambda beta: ([0.0], [[1.0 / beta]]))
    r = wprox.run("mala", t, beta=4.0, steps=30, particles=2000, seed=1)
    assert r.trace["cov_err"][-1] < 0.15


# The banana V = x1^2/2 + (x2 - b x1^2)^2/2. Under exp(-beta V), x1 ~ N(0, 1/beta)
# and x2 | x1 ~ N(b x1^2, 1/beta): mean (0, b/beta), covariance
# diag(1/beta, 1/beta + 2 b^2/beta^2).
B, BETA = 0.5, 1.0


def banana_V(X):
    return 0.5 * X[:, 0] ** 2 + 0.5 * (X[:, 1] - B * X[:, 0] ** 2) ** 2


def banana_grad(X):
    r = X[:, 1] - B * X[:, 0] ** 2
    return np.stack([X[:, 0] - 2 * B * X[:, 0] * r, r], axis=1)


def banana_hess(X):
    H = np.empty((len(X), 2, 2))
    H[:, 0, 0] = 1 - 2 * B * X[:, 1] + 6 * B**2 * X[:, 0] ** 2
    H[:, 0, 1] = H[:, 1, 0] = -2 * B * X[:, 0]
    H[:, 1, 1] = 1
    return H


def test_banana_sampled_by_brwp_has_the_known_moments():
    N, h, steps = 1000, 0.1, 80
    target = wprox.Target(2, banana_V, banana_grad, banana_hess)
    r = wprox.run("brwp", target, particles=N, h=h, steps=steps, seed=11, beta=BETA)
    X = r.arrays["particles"]
    mean, cov = X.mean(axis=0), np.cov(X.T)
    exact_mean = np.array([0.0, B / BETA])
    exact_cov = np.diag([1 / BETA, 1 / BETA + 2 * B**2 / BETA**2])
    # Tolerance = 4 standard errors of an i.i.d. sample of N (BRWP's
    # deterministic, interacting particles do at least as well) + BRWP's
    # O(T^2) bias. For a Gaussian with precision A the stationary covariance
    # is (A^-1 - T^2 A)/beta: a bias of T^2 |A|/beta. For the banana, A is
    # replaced by the Hessian, whose norm in the bulk of the mass (|x1| < 2.5,
    # |x2 - b x1^2| < 2.5) is at most 1 + 2b*2.5 + 6b^2*6.25 + 2b*2.5 < 20: a
    # bias of at most 20 T^2 = 0.2 in the variances, and of T^2 * 20 * b on
    # the mean of x2 (the mean moves with the variance of x1: E x2 = b E x1^2).
    # Measured errors are far smaller; the bound is what the test can defend.
    T2 = h**2  # T defaults to h
    bias_var = 20 * T2 / BETA
    var = np.diag(exact_cov)
    se_mean = np.sqrt(var / N)
    # Var((x - mu)^2) = 2 var^2 for a Gaussian coordinate; x2 has heavier
    # tails (x1^2 term): 3 var^2 bounds it, as E(x2 - mu2)^4 / var2^2 < 3.5 here.
    se_var = np.sqrt(3.5 * var**2 / N)
    assert abs(mean[0] - exact_mean[0]) < 4 * se_mean[0]
    assert abs(mean[1] - exact_mean[1]) < 4 * se_mean[1] + B * bias_var
    assert abs(cov[0, 0] - exact_cov[0, 0]) < 4 * se_var[0] + bias_var
    assert abs(cov[1, 1] - exact_cov[1, 1]) < 4 * se_var[1] + bias_var
    assert abs(cov[0, 1]) < 4 * np.sqrt(var[0] * var[1] / N)
