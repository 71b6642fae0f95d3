"""Settings that make any method's run take a fraction of a second.

Keyed by parameter name and applied wherever a method or problem has that
parameter, so a new method with the usual names is cheap too; a parameter
the catalog does not list is never set (that would be an exit-2 case of its
own, drawn on purpose elsewhere).
"""

METHOD = {
    "particles": "16", "steps": "2", "grid": "8", "max_rank": "4",
    "nx": "8", "time_levels": "3", "traj_records": "4", "max_iter": "300", "max_substeps": "10000",
    "samples": "16", "centres": "8", "width": "4", "depth": "1", "test_width": "4", "test_depth": "1",
    "iterations": "2", "batch": "8", "segments": "2", "ode_steps": "2", "sde_steps": "2", "projections": "4",
    "time_steps": "2", "outer_iterations": "1", "fit_iterations": "2", "error_points": "8", "error_times": "2",
    "interior_points": "16", "boundary_points": "8", "max_newton": "8", "krylov_dim": "10",
    "mc_samples": "4", "prox_iterations": "20",
}

PROBLEM = {
    "n": "16", "T": "0.003", "train": "24", "heldout": "8", "samples": "24",
    "grid": "9", "observations": "3", "dim": "2",
}


def settings(catalog, method, problem):
    """--set assignments (key, value) for a cheap run of method on problem."""
    out = []
    mparams = catalog.methods[method]["params"]
    for k, v in METHOD.items():
        if k in mparams:
            out.append((k, v))
    pparams = catalog.problems[problem]["params"]
    for k, v in PROBLEM.items():
        if "problem." + k in pparams:
            out.append(("problem." + k, v))
    return out
