"""Problems defined in Python: a target density from NumPy callables, and a
data set from arrays."""

import numpy as np

from . import _wprox


class Target:
    """The density exp(-beta V(x)) on R^dim, V given by vectorized callables.

    potential(X) -> (n,), gradient(X) -> (n, dim) and hessian(X) ->
    (n, dim, dim) each take an (n, dim) float64 array of n points and are
    called once per batch of points the engine asks for (all particles, all
    proposals, every row of a prox iteration), never per particle, on the
    session's engine thread (see docs/python.md).

    gradient is needed by ula, mala and brwp; hessian is optional (brwp's
    Laplace normalizer uses Newton with it, BFGS without). box = (lo, hi)
    bounds where the mass is: for 2-D targets it turns on the grid
    diagnostics (kl, tv) and the contour picture. moments gives the exact
    mean and covariance, turning on mean_err and cov_err: either a pair
    (mean, cov) of exp(-V) (beta = 1 only), or a callable beta -> (mean, cov).

    The callbacks must treat rows independently (as elementwise NumPy code
    does): then a run is reproducible bit for bit, however the points were
    batched.
    """

    def __init__(self, dim, potential, gradient=None, hessian=None, box=None, moments=None, name="python"):
        self.dim = int(dim)
        self.name = name
        self._moments = moments
        self._native = _wprox.PythonTarget(self.dim, potential, gradient, hessian, box, name)

    def _prepare(self, beta):
        """Records the exact moments at beta before a run, so that no
        Python runs inside the engine for them."""
        m = self._moments
        if m is None:
            return
        if callable(m):
            mean, cov = m(beta)
        elif beta == 1.0:
            mean, cov = m
        else:
            return
        self._native.set_moments(beta, np.asarray(mean, dtype=float), np.asarray(cov, dtype=float))

    @property
    def stats(self):
        """How the callbacks were called so far: batches (the engine's
        batch requests), point_queries (its one-point requests), python_calls
        (calls of potential, gradient and hessian together),
        points_evaluated (rows passed to them) and seconds (the wall time
        the engine spent in them, waiting for the GIL included)."""
        return self._native.stats

    def __repr__(self):
        return f"wprox.Target(dim={self.dim}, name={self.name!r})"


class Dataset:
    """A data set for the generative models (sgm-empirical, sgm-kernel):
    train (N, d) is what the model sees, heldout (M, d) what it is judged
    against (default: none)."""

    def __init__(self, train, heldout=None, name="data"):
        self.name = name
        self._native = _wprox.StoredDataset(train, heldout, name)
        self.dim = self._native.dim

    def __repr__(self):
        return f"wprox.Dataset(name={self.name!r}, dim={self.dim})"
