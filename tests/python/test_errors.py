"""Errors: the CLI's messages as ValueError, divergence as wprox.RunError,
Ctrl-C between steps, callbacks' exceptions unchanged."""

import os
import signal
import threading
import time

import numpy as np
import pytest

import wprox
from conftest import run_cli

BAD = [
    (["ula", "--set", "h=-0.1"], dict(method="ula", h=-0.1)),
    (["ula", "--set", "h=fast"], dict(method="ula", h="fast")),
    (["ula", "--set", "particles=2.5"], dict(method="ula", particles=2.5)),
    (["ula", "--set", "bogus=1"], dict(method="ula", bogus=1)),
    (["ula", "--set", "problem.bogus=1"], dict(method="ula", problem_params={"bogus": 1})),
    (["nope"], dict(method="nope")),
    (["ula", "--problem", "nope"], dict(method="ula", problem="nope")),
    (["ula", "--problem", "allen-cahn"], dict(method="ula", problem="allen-cahn")),
    (["ula", "--set", "problem.dim=2", "--set", "problem.precision=1,2,3"],
     dict(method="ula", problem_params={"dim": 2, "precision": [1, 2, 3]})),
    (["ula", "--set", "init=/nonexistent/x.npy"], dict(method="ula", init="/nonexistent/x.npy")),
]


@pytest.mark.parametrize("args,kwargs", BAD, ids=[" ".join(a) for a, _ in BAD])
def test_bad_input_is_a_value_error_with_the_clis_message(cli, tmp_path, args, kwargs):
    done = run_cli(cli, tmp_path / "out", *args)
    assert done.returncode == 2
    message = done.stderr.strip().splitlines()[-1]
    assert message.startswith("wprox: ")
    kwargs = dict(kwargs)
    with pytest.raises(ValueError) as e:
        wprox.run(kwargs.pop("method"), kwargs.pop("problem", None), **kwargs)
    assert str(e.value) == message[len("wprox: "):]


def test_init_of_the_wrong_dimension():
    with pytest.raises(ValueError, match="has particles of dimension 3 but the problem has dimension 2"):
        wprox.run("ula", init=np.zeros((10, 3)))


def test_a_diverged_run_raises_run_error_with_the_partial_result():
    with pytest.raises(wprox.RunError) as e:
        wprox.run("ula", "gaussian", h=50.0, steps=400, particles=50, problem_params={"precision": 10})
    err = e.value
    assert isinstance(err, RuntimeError) and str(err).startswith(f"step {err.step}: particle ")
    assert "not finite" in err.reason and err.step > 1
    r = err.result
    assert r.status == "diverged" and r.summary["error"] == str(err) and r.summary["steps"] == err.step - 1
    assert len(r.trace["step"]) == err.step - 1 and r.arrays["particles"].shape == (50, 2)
    assert "particles.npy" not in r.summary["files"]  # as the CLI: no results after a divergence


def interrupt_soon(delay):
    t = threading.Timer(delay, lambda: os.kill(os.getpid(), signal.SIGINT))
    t.start()
    return t


def test_ctrl_c_stops_a_run_between_steps():
    interrupt_soon(0.3)
    with pytest.raises(KeyboardInterrupt) as e:
        wprox.run("brwp", "bimodal", particles=800, steps=100000)
    r = e.value.result
    assert r.status == "stopped" and 0 < r.summary["steps"] < 100000
    assert len(r.trace["step"]) == r.summary["steps"] and np.isfinite(r.arrays["particles"]).all()


def test_ctrl_c_while_stepping_leaves_the_run_usable():
    run = wprox.start("brwp", "bimodal", particles=1500, steps=100000)
    timer = interrupt_soon(0.3)
    with pytest.raises(KeyboardInterrupt):
        while True:
            run.step()
    timer.join()
    done = run.steps_done
    assert done > 0 and run.status == "running"
    assert run.step()["step"] == done + 1
    assert run.stop().status == "stopped"


class Oops(Exception):
    pass


def test_a_callbacks_exception_propagates_unchanged():
    raised = Oops("from the gradient")
    calls = []

    def grad(X):
        calls.append(len(X))
        if len(calls) == 3:
            raise raised
        return X

    target = wprox.Target(2, potential=lambda X: 0.5 * (X**2).sum(axis=1), gradient=grad)
    run = wprox.start("ula", target, steps=10, particles=50)
    with pytest.raises(Oops) as e:
        for _ in run:
            pass
    assert e.value is raised and run.status == "failed"
    # The object is the one raised; a note (PEP 678) names the callback.
    assert e.value.__notes__ == [
        "raised in the gradient callback "
        "'test_a_callbacks_exception_propagates_unchanged.<locals>.grad' of a wprox.Target (called with 50 points)"]
    with pytest.raises(ValueError, match="interrupted inside a step"):
        run.step()


def test_a_callbacks_exception_mid_step_propagates_too():
    # mala's second batch of a step, at the proposals: the step is half done.
    calls = []

    def f(X):
        calls.append(len(X))
        if len(calls) == 2:
            raise Oops("at the proposals")
        return 0.5 * (X**2).sum(axis=1)

    target = wprox.Target(2, potential=f, gradient=lambda X: X.copy())
    with pytest.raises(Oops, match="at the proposals"):
        wprox.run("mala", target, steps=3, particles=400)
    assert calls == [400, 400]  # nothing called after the failure


def test_an_exception_from_a_point_query_on_an_engine_worker_propagates():
    # The engine's per-point path, run on TBB workers (a test hook; no
    # sampler asks point by point any more): the first exception wins, the
    # others' calls are skipped, and the target works again afterwards.
    raised = Oops("from a worker")

    def grad(X):
        raise raised

    target = wprox.Target(2, potential=lambda X: X[:, 0], gradient=grad)
    X = np.ones((300, 2))
    with pytest.raises(Oops) as e:
        target._native._evaluate_point_by_point(X, 2)
    assert e.value is raised
    assert target.stats["point_queries"] < 300
    ok = wprox.Target(2, potential=lambda X: X[:, 0], gradient=lambda X: X.copy())
    assert np.array_equal(ok._native._evaluate_point_by_point(X, 2)[1], X)


def test_ctrl_c_while_a_callback_runs_stops_the_run_between_steps():
    # Callbacks run on the session's engine thread, where CPython runs no
    # signal handler: a Ctrl-C that arrives during one (here: nearly always,
    # as the callback is the step) is seen after it, and the run stops
    # between steps. On the main thread, the sleep would raise
    # KeyboardInterrupt inside the callback and fail the run.
    finished = []

    def grad(X):
        time.sleep(0.02)
        finished.append(len(X))
        return X.copy()

    target = wprox.Target(2, potential=lambda X: 0.5 * (X**2).sum(axis=1), gradient=grad)
    interrupt_soon(0.3)
    with pytest.raises(KeyboardInterrupt) as e:
        wprox.run("ula", target, steps=100000, particles=100)
    r = e.value.result
    assert r.status == "stopped" and 0 < r.summary["steps"] == len(finished)


def test_callbacks_with_wrong_shapes_are_named():
    target = wprox.Target(2, potential=lambda X: X, gradient=lambda X: X)
    with pytest.raises(ValueError, match=r"potential callback returned shape \(\d+, 2\) for \d+ points; expected \(\d+,\)"):
        wprox.run("mala", target, steps=1, particles=20)


def test_a_missing_gradient_is_named():
    target = wprox.Target(2, potential=lambda X: (X**2).sum(axis=1))
    with pytest.raises(ValueError, match="needs the gradient"):
        wprox.run("ula", target, steps=1, particles=20)


def test_problem_params_for_a_python_target_are_refused():
    target = wprox.Target(2, potential=lambda X: (X**2).sum(axis=1), gradient=lambda X: 2 * X)
    with pytest.raises(ValueError, match="defined in Python and takes no problem parameters"):
        wprox.run("ula", target, problem_params={"dim": 3})
    with pytest.raises(ValueError, match="needs a problem of kind 'pde'"):
        wprox.run("pdhg-rd", target)
