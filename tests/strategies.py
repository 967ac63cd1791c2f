"""Hypothesis strategies for conv and pool problems that fit (the kernel inside the
padded input), as int or per-axis pair hyper-parameters, with seeded random data."""

import numpy as np
from hypothesis import strategies as st


def _maybe_pair(values, ndim, draw):
    """ndim == 1: an int. ndim == 2: an int (same on both axes) or a tuple."""
    if ndim == 2 and len(set(values)) == 1 and draw(st.booleans()):
        return values[0]
    return values[0] if ndim == 1 else tuple(values)


def _layer_problem(draw, ndim, dtype, x_shape, w_shape, channels_out, **hyper):
    """Seeded random x and w of these shapes, a bias of channels_out (or None), and each
    hyper-parameter's per-axis values as an int or a pair."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return dict(
        x=rng.standard_normal(x_shape).astype(dtype),
        w=rng.standard_normal(w_shape).astype(dtype),
        b=rng.standard_normal(channels_out).astype(dtype) if draw(st.booleans()) else None,
        **{name: _maybe_pair(values, ndim, draw) for name, values in hyper.items()},
    )


@st.composite
def conv_cases(draw, ndim, dtype=np.float64, max_batch=3, max_channels=3, max_filters=3):
    """A random conv problem: dict(x, w, b, stride, padding, dilation)."""
    kernel, stride, padding, dilation, size = [], [], [], [], []
    for _ in range(ndim):
        k, d, p = draw(st.integers(1, 4)), draw(st.integers(1, 3)), draw(st.integers(0, 2))
        span = d * (k - 1) + 1
        kernel.append(k)
        dilation.append(d)
        padding.append(p)
        stride.append(draw(st.integers(1, 3)))
        size.append(draw(st.integers(max(1, span - 2 * p), max(1, span - 2 * p) + 5)))
    n = draw(st.integers(1, max_batch))
    c, f = draw(st.integers(1, max_channels)), draw(st.integers(1, max_filters))
    return _layer_problem(draw, ndim, dtype, (n, c, *size), (f, c, *kernel), f,
                          stride=stride, padding=padding, dilation=dilation)


@st.composite
def pool_cases(draw, ndim, ties=False):
    """A random pool problem: dict(x, size, stride); stride may be None (= size).

    ties=True fills x with small integers so that windows often hold equal maxima;
    otherwise values are distinct and at least 0.1 apart, so a numerical gradient's
    step never changes which cell wins."""
    size, stride, extent = [], [], []
    for _ in range(ndim):
        k = draw(st.integers(1, 4))
        size.append(k)
        stride.append(draw(st.integers(1, 4)))
        extent.append(draw(st.integers(k, k + 6)))
    n, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = (n, c, *extent)
    if ties:
        x = rng.integers(0, 3, shape).astype(float)
    else:
        x = (rng.permutation(np.prod(shape)).reshape(shape) - np.prod(shape) / 2) / 10
    use_stride = draw(st.sampled_from(["none", "given"]))
    return dict(x=x, size=_maybe_pair(size, ndim, draw),
                stride=None if use_stride == "none" else _maybe_pair(stride, ndim, draw))


def random_like(array, seed=0):
    """Standard-normal data shaped and typed like array (an upstream gradient dy)."""
    return np.random.default_rng(seed).standard_normal(array.shape).astype(array.dtype)


@st.composite
def conv_transpose_cases(draw, ndim, dtype=np.float64, max_batch=3, max_channels=3):
    """A random transposed-conv problem: dict(x, w, b, stride, padding, output_padding,
    dilation) with output_padding < max(stride, dilation) and an output of at least 1."""
    size, kernel, stride, padding, output_padding, dilation = [], [], [], [], [], []
    for _ in range(ndim):
        n, k = draw(st.integers(1, 4)), draw(st.integers(1, 4))
        s, d = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        op = draw(st.integers(0, max(s, d) - 1))
        full = (n - 1) * s + d * (k - 1) + op + 1          # the output before cropping
        p = draw(st.integers(0, min(2, (full - 1) // 2)))
        for values, value in zip((size, kernel, stride, padding, output_padding, dilation),
                                 (n, k, s, p, op, d)):
            values.append(value)
    n = draw(st.integers(1, max_batch))
    c_in, c_out = draw(st.integers(1, max_channels)), draw(st.integers(1, max_channels))
    return _layer_problem(draw, ndim, dtype, (n, c_in, *size), (c_in, c_out, *kernel), c_out,
                          stride=stride, padding=padding, output_padding=output_padding,
                          dilation=dilation)
