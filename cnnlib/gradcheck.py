"""Numerical gradients: the referee every backward is checked against."""

import numbers

import numpy as np

from ._checks import as_array, float_dtype


def numerical_gradient(f, x, dy=None, h=1e-5):
    """Central differences of L(x) = sum(f(x) * dy), one input entry at a time.

    Inputs:
    - f: function of one array, returning an array (or a scalar)
    - x: array at which to differentiate (compute in float64 for a tight check)
    - dy: array shaped like f(x), the upstream gradient; None means all ones
    - h: step size > 0
    Returns dL/dx, an array shaped like x: (L(x + h e_i) - L(x - h e_i)) / 2h for every i.
    """
    func = "numerical_gradient"
    if not callable(f):
        raise TypeError(f"{func}: f must be a function of one array; got {f!r} "
                        f"({type(f).__name__})")
    x = as_array(x, "x", func)
    x = np.array(x, dtype=float_dtype(x))                    # our own copy
    if isinstance(h, bool) or not isinstance(h, numbers.Real) or not h > 0:
        raise ValueError(f"{func}: h must be a positive number; got {h!r}")
    out_shape = np.shape(f(x))
    if dy is None:
        dy = np.ones(out_shape, dtype=x.dtype)
    dy = as_array(dy, "dy", func)
    if dy.shape != out_shape:
        raise ValueError(f"{func}: dy must have the shape of f(x), {out_shape}; "
                         f"got {dy.shape}")
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        saved = x[index]
        x[index] = saved + h
        plus = np.sum(f(x) * dy)
        x[index] = saved - h
        minus = np.sum(f(x) * dy)
        x[index] = saved
        grad[index] = (plus - minus) / (2 * h)
    return grad


def rel_error(a, b):
    """max |a - b| / max(max |a|, max |b|): 0 when equal, ~1e-16 at float64 round-off.

    Scaled by the largest entry rather than entry by entry, so that an entry that is
    exactly 0 in one array and 1e-12 in the other does not count as a 100 % error.
    """
    a = as_array(a, "a", "rel_error").astype(np.float64)
    b = as_array(b, "b", "rel_error").astype(np.float64)
    if a.shape != b.shape:
        raise ValueError(f"rel_error: a and b must have the same shape; "
                         f"got {a.shape} and {b.shape}")
    scale = max(np.max(np.abs(a), initial=0.0), np.max(np.abs(b), initial=0.0))
    return 0.0 if scale == 0 else float(np.max(np.abs(a - b)) / scale)
