"""Targets defined in Python: vectorized callbacks, the samplers' paths
through them, and a banana sampled by BRWP against its known moments."""

import threading

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


def calls_per_step(run, calls):
    """Steps the run to its end; for each step, its diagnostics and the
    callback calls it made."""
    steps = []
    while True:
        before = len(calls)
        d = run.step()
        if d is None:
            return steps
        steps.append((d, calls[before:]))


def test_ula_makes_one_gradient_call_per_step():
    t, calls = gaussian_target()
    run = wprox.start("ula", t, steps=20, particles=500, seed=1)
    assert calls == []  # no box: nothing to evaluate before the first step
    for _, made in calls_per_step(run, calls):
        assert made == [("g", (500, 2))]
    s = t.stats
    assert s.pop("seconds") > 0
    assert s == {"batches": 20, "point_queries": 0, "python_calls": 20, "points_evaluated": 20 * 500}
    assert run.status == "done"


def test_mala_makes_two_value_and_gradient_calls_per_step():
    # At the particles, then at the proposals.
    t, calls = gaussian_target()
    run = wprox.start("mala", t, steps=10, particles=300, seed=2)
    for _, made in calls_per_step(run, calls):
        assert made == [("f", (300, 2)), ("g", (300, 2))] * 2
    assert t.stats["batches"] == 20 and t.stats["point_queries"] == 0


@pytest.mark.parametrize("method", ["ula", "mala"])
def test_python_gaussian_is_the_builtin_gaussian_bit_for_bit(method):
    # grad V = x exactly in both, and mala's accept/reject decisions do not
    # hinge on V's last bit here, so the particles agree to the bit.
    t, _ = gaussian_target(box=([-5, -5], [5, 5]), moments=([0, 0], np.eye(2)))
    mine = wprox.run(method, t, steps=30, particles=400, seed=9)
    builtin = wprox.run(method, "gaussian", steps=30, particles=400, seed=9)
    assert np.array_equal(mine.arrays["particles"], builtin.arrays["particles"])
    for name in ("mean_err", "cov_err", "kl", "tv"):  # the same diagnostics, from the box and the moments
        assert np.allclose(mine.trace[name], builtin.trace[name], rtol=1e-12), name


def test_python_gaussian_under_brwp_is_the_builtin_up_to_the_last_bit_of_v():
    # The same prox and kernel arithmetic, but where the build uses FMA
    # (WPROX_NATIVE) the built-in V = r.(A r) / 2 fuses r0 r0 + r1 r1 into
    # one FMA: about one value in six differs from NumPy's in the last
    # bit. That enters brwp's weights exp(-V) with relative size ~1e-16; over
    # 10 contracting steps (|x| <~ 4) the particles stay within a few ulps:
    # 1e-13 leaves room, a real difference in the path would be >> 1e-8.
    t, _ = gaussian_target(box=([-5, -5], [5, 5]), moments=([0, 0], np.eye(2)))
    mine = wprox.run("brwp", t, steps=10, particles=300, seed=3)
    builtin = wprox.run("brwp", "gaussian", steps=10, particles=300, seed=3)
    assert np.array_equal(mine.trace["prox_iters"], builtin.trace["prox_iters"])
    assert np.abs(mine.arrays["particles"] - builtin.arrays["particles"]).max() < 1e-13


def test_the_box_grids_cost_one_call_each():
    # The diagnostics' 64 x 64 grid when the run starts, the picture's 96 x 96
    # one when the result is made; each is one call of f, at every cell.
    t, calls = gaussian_target(box=([-5, -5], [5, 5]))
    wprox.run("ula", t, steps=5, particles=100)
    assert calls == [("f", (64 * 64, 2))] + [("g", (100, 2))] * 5 + [("f", (96 * 96, 2))]
    assert t.stats["point_queries"] == 0


def banana_target():
    calls = []

    def logged(name, fn):
        def call(X):
            calls.append((name, X.shape))
            return fn(X)
        return call

    t = wprox.Target(2, logged("f", banana_V), logged("g", banana_grad), logged("h", banana_hess))
    return t, calls


def test_brwp_with_a_hessian_makes_a_few_calls_per_prox_iteration():
    # Per step (see engine/src/proximal/potential_prox.cpp): f, g, h at the
    # particles y and f, g at the explicit step (the prox's start); per Newton
    # iteration h at the iterates and f, g per backtracking round; f at the
    # prox's solution (the Laplace normalizer), g at the particles (the
    # drift). So 7 + k + 2R calls for k iterations and R rounds in all,
    # every one at all N particles or all rows still iterating.
    N = 400
    t, calls = banana_target()
    run = wprox.start("brwp", t, steps=6, particles=N, seed=4, h=0.1)
    totals = []
    for d, made in calls_per_step(run, calls):
        k = int(d["prox_iters"])
        names = [name for name, _ in made]
        R = names.count("f") - 3
        assert names.count("h") == 1 + k and names.count("g") == names.count("f") and R >= k
        assert len(made) == 7 + k + 2 * R
        assert made[:5] == [("f", (N, 2)), ("g", (N, 2)), ("h", (N, 2)), ("f", (N, 2)), ("g", (N, 2))]
        assert made[-2:] == [("f", (N, 2)), ("g", (N, 2))]
        assert all(0 < shape[0] <= N for _, shape in made)
        totals.append(len(made))
    assert max(totals) <= 40, totals  # a handful of iterations, not one call per particle
    print(f"brwp (Newton) on the banana, N = {N}: callback calls per step {totals}")


def test_brwp_on_a_gaussian_makes_ten_calls_per_step():
    # Newton is exact on a quadratic: one iteration, one round.
    t, calls = gaussian_target()
    run = wprox.start("brwp", t, steps=3, particles=200, seed=4)
    for d, made in calls_per_step(run, calls):
        assert d["prox_iters"] == 1 and len(made) == 10
        assert sorted(name for name, _ in made) == ["f"] * 4 + ["g"] * 4 + ["h"] * 2


def test_brwp_without_a_hessian_calls_f_and_g_only():
    t, calls = gaussian_target(hessian=False)
    run = wprox.start("brwp", t, steps=3, particles=200, seed=4)
    for d, made in calls_per_step(run, calls):
        names = [name for name, _ in made]
        R = names.count("f") - 3
        assert "h" not in names and names.count("g") == names.count("f") and R >= d["prox_iters"]
        assert len(made) == 6 + 2 * R


def test_brwp_monte_carlo_makes_one_value_call_per_block():
    # The normalizer evaluates the draws of a block of particles in one batch;
    # a block holds 2^16 // mc_samples particles (plugins/brwp/log_normalizer.cpp).
    N, S = 300, 1000
    block = 2**16 // S
    t, calls = gaussian_target(hessian=False)
    run = wprox.start("brwp", t, steps=2, particles=N, seed=6, z="mc", mc_samples=S)
    rows = [min(block, N - j) for j in range(0, N, block)]
    for _, made in calls_per_step(run, calls):
        assert made == [("f", (r * S, 2)) for r in rows] + [("g", (N, 2))]


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
    # Every call is a batch: nothing asked point by point.
    assert t.stats["point_queries"] == 0 and all(shape[0] > 1 for _, shape in calls)
    # Not a bitwise match (V is computed differently), but the same sampler.
    builtin = wprox.run(method, "gaussian", steps=4, particles=300, seed=3, **params)
    assert np.allclose(r.arrays["particles"], builtin.arrays["particles"], atol=1e-8)


def test_runs_on_python_targets_from_several_python_threads_do_not_deadlock():
    # Each run's engine thread (and the workers of its point queries) takes
    # the GIL for its callbacks, while the Python threads that started the
    # runs wait with it released. Two runs at once, one of them also asking
    # point by point on TBB workers: if any of them held the GIL while
    # waiting for another, a thread would still be alive after the timeout
    # (they take well under a second alone).
    results, errors = {}, []

    def work(key, method, params):
        try:
            t, _ = gaussian_target()
            results[key] = wprox.run(method, t, steps=20, particles=300, seed=1, **params).arrays["particles"]
            if key == "brwp":
                X = np.random.default_rng(2).normal(size=(200, 2))
                results["points"] = (X, t._native._evaluate_point_by_point(X, 2)[1])
        except BaseException as e:  # noqa: B036 (reported below)
            errors.append(e)

    threads = [threading.Thread(target=work, args=("brwp", "brwp", {}), daemon=True),
               threading.Thread(target=work, args=("mala", "mala", {}), daemon=True)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=120)
    assert not any(th.is_alive() for th in threads), "a run on a Python target deadlocked"
    assert errors == []
    # And each gave what it gives alone.
    for method in ("brwp", "mala"):
        alone = wprox.run(method, gaussian_target()[0], steps=20, particles=300, seed=1).arrays["particles"]
        assert np.array_equal(results[method], alone), method
    X, gradients = results["points"]
    assert np.array_equal(gradients, X)  # the gradient callback is X.copy()


def test_callbacks_run_off_the_main_thread_within_the_thread_count():
    # A run's batches come from the session's engine thread; point queries
    # from the engine's workers too, at most `threads` at a time.
    threads = []

    def f(X):
        threads.append(threading.get_ident())
        return 0.5 * (X**2).sum(axis=1)

    t = wprox.Target(2, potential=f, gradient=lambda X: X.copy())
    wprox.run("mala", t, steps=3, particles=100)
    assert len(set(threads)) == 1 and threads[0] != threading.main_thread().ident
    X = np.random.default_rng(0).normal(size=(400, 2))
    for n in (1, 2):
        threads.clear()
        v, g, H, ok = t._native._evaluate_point_by_point(X, n)
        assert len(threads) == 400 and 1 <= len(set(threads)) <= n
        assert threading.main_thread().ident not in threads
        assert np.array_equal(v, 0.5 * (X**2).sum(axis=1)) and np.array_equal(g, X) and not ok.any()


def test_point_queries_answer_what_a_batch_answers():
    t, calls = gaussian_target()
    X = np.random.default_rng(1).normal(size=(300, 2))
    v, g, H, ok = t._native._evaluate_point_by_point(X, 2)
    assert all(shape == (1, 2) for _, shape in calls) and len(calls) == 3 * 300
    assert t.stats["point_queries"] == 2 * 300 and t.stats["batches"] == 0  # value and gradient together, then h
    assert np.array_equal(v, 0.5 * (X[:, 0] ** 2 + X[:, 1] ** 2)) and np.array_equal(g, X)
    assert ok.all() and np.array_equal(H, np.broadcast_to(np.eye(2), (300, 2, 2)))


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
