"""wprox.start: init, then one step per iteration; break stops the run."""

import numpy as np
import pytest

import wprox


def test_iterating_takes_every_step_and_matches_run():
    run = wprox.start("mala", "mixture", seed=2, steps=15, particles=200)
    assert run.steps_done == 0 and run.total_steps == 15 and run.status == "running"
    diags = list(run)
    assert [d["step"] for d in diags] == list(range(1, 16))
    assert all("acceptance" in d and "wall_seconds" in d for d in diags)
    assert run.status == "done" and run.ended
    whole = wprox.run("mala", "mixture", seed=2, steps=15, particles=200)
    r = run.result()
    assert np.array_equal(r.arrays["particles"], whole.arrays["particles"])
    assert np.array_equal(r.trace["acceptance"], whole.trace["acceptance"])
    assert r.summary["status"] == "done" and r.summary["steps"] == 15


def test_break_stops_the_run_early():
    run = wprox.start("ula", steps=100, particles=100)
    for d in run:
        if d["step"] == 7:
            break
    assert run.status == "stopped" and run.steps_done == 7 and run.ended
    r = run.result()
    assert r.status == "stopped" and r.summary["steps"] == 7 and len(r.trace["step"]) == 7
    assert run.step() is None  # an ended run takes no step


def test_result_at_any_time_is_a_snapshot():
    run = wprox.start("ula", steps=10, particles=100, seed=4)
    first = run.step()
    assert first["step"] == 1
    mid = run.result()
    assert mid.status == "running" and mid.summary["steps"] == 1
    X1 = mid.arrays["particles"].copy()
    run.step()
    assert not np.array_equal(run.result().arrays["particles"], X1)  # the snapshot was a copy of the state
    assert np.array_equal(mid.arrays["particles"], X1)
    final = run.stop()
    assert final.status == "stopped" and final.summary["steps"] == 2


def test_the_finish_stage_runs_after_an_early_stop():
    # sgm-kernel draws its samples in its finish stage: they must be there
    # after a break.
    run = wprox.start("sgm-kernel", centres=30, iterations=50, samples=40, problem_params={"train": 100})
    for d in run:
        if d["step"] == 5:
            break
    assert run.status == "stopped" and run.result().arrays["samples"].shape == (40, 2)


def test_step_returns_none_past_the_end():
    run = wprox.start("ula", steps=2, particles=20)
    assert run.step()["step"] == 1 and run.step()["step"] == 2
    assert run.step() is None and run.status == "done"


def test_a_divergence_while_iterating_raises_with_the_partial_result():
    run = wprox.start("ula", h=50.0, steps=400, problem_params={"precision": 10}, particles=50)
    with pytest.raises(wprox.RunError) as e:
        for _ in run:
            pass
    assert e.value.step > 1 and run.status == "diverged"
    assert e.value.result.summary["steps"] == e.value.step - 1
