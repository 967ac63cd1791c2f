"""Checks that the conv and the transposed-conv tests share: a fast backward against its
loop twin, the three gradients against numerical ones, a float dtype kept."""

import numpy as np
from strategies import random_like

from cnnlib.gradcheck import numerical_gradient, rel_error


def assert_backward_matches_loops(fast_back, loop_back, dy, case, hyper):
    """dx, dw, db of the fast backward equal the loops' (shape, and to 1e-12)."""
    for got, want in zip(fast_back(dy, case["x"], case["w"], **hyper),
                         loop_back(dy, case["x"], case["w"], **hyper)):
        assert got.shape == want.shape
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


def assert_gradients_are_numerical(fast, fast_back, case, hyper):
    """dx, dw, db of fast_back within 1e-7 (relative) of the central differences of
    sum(fast(x, w, b) * dy), dy random; a case without bias gets a zero one (to check db)."""
    x, w, b = case["x"], case["w"], case["b"]
    if b is None:
        b = np.zeros(fast(x, w, **hyper).shape[1])         # one per output channel
    dy = random_like(fast(x, w, b, **hyper), seed=2)
    dx, dw, db = fast_back(dy, x, w, **hyper)
    assert rel_error(dx, numerical_gradient(lambda v: fast(v, w, b, **hyper), x, dy)) <= 1e-7
    assert rel_error(dw, numerical_gradient(lambda v: fast(x, v, b, **hyper), w, dy)) <= 1e-7
    assert rel_error(db, numerical_gradient(lambda v: fast(x, w, v, **hyper), b, dy)) <= 1e-7


def assert_float_dtype_is_kept(fast, fast_back, case, hyper, dtype):
    """Forward and backward answer in the inputs' float dtype; the forward agrees with the
    same problem in float64 to 1e-4."""
    y = fast(**case)
    assert y.dtype == dtype
    grads = fast_back(random_like(y), case["x"], case["w"], **hyper)
    assert all(g.dtype == dtype for g in grads)
    reference = fast(**{k: v.astype(np.float64) if isinstance(v, np.ndarray) else v
                        for k, v in case.items()})
    np.testing.assert_allclose(y, reference, rtol=1e-4, atol=1e-4)
