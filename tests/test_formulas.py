"""Every backward formula a notebook states (04's and 05's tables, 05's cheat-sheet), written
exactly as the notebook states it with cnnlib.correlate, held against conv*_backward, on
sizes where the stride does not divide H + 2p - K as well as where it does.

The general rule with stride s and padding p, per image n, filter f and channel c:
    dw[f, c] = first K x K of  sum_n pad_p(x[n, c]) * spread_s(dy[n, f])
    dx[n, c] = crop_p(zero-extend to the padded input(
                   sum_f pad_{K-1}(spread_s(dy[n, f])) * rot180(w[f, c])))
When s divides H + 2p - K both "first K x K" and "zero-extend" do nothing: the padded
input's last rows are read by the last window. When it does not, the last rows are never
read (here: padding, which the crop drops anyway), so their dx is 0, and the full
correlation of the spread dy comes out that much shorter.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

import cnnlib


def spread(dy, s):
    """s - 1 zeros between the entries of dy (on both axes in 2-D)."""
    out = np.zeros(tuple((n - 1) * s + 1 for n in dy.shape))
    out[(slice(None, None, s),) * dy.ndim] = dy
    return out


def first(a, shape):
    return a[tuple(slice(0, n) for n in shape)]


def zero_extend(a, shape):
    return np.pad(a, [(0, n - m) for n, m in zip(shape, a.shape)])


def crop(a, p):
    return a[tuple(slice(p, n - p) for n in a.shape)]


def rot180(w):
    return w[(slice(None, None, -1),) * w.ndim]


def general_backward(dy, x, w, s, p):
    """05's general table, one term at a time. x (N, C, *S), w (F, C, *K), dy (N, F, *O)."""
    N, C = x.shape[:2]
    F, K = w.shape[0], w.shape[2:]
    padded = tuple(n + 2 * p for n in x.shape[2:])
    db = dy.sum(axis=tuple(i for i in range(dy.ndim) if i != 1))
    dw = np.zeros_like(w)
    dx = np.zeros_like(x)
    for n, f, c in np.ndindex(N, F, C):
        xpad = np.pad(x[n, c], p)
        dw[f, c] += first(cnnlib.correlate(xpad, spread(dy[n, f], s)), K)
        full = cnnlib.correlate(np.pad(spread(dy[n, f], s), [(k - 1, k - 1) for k in K]),
                                rot180(w[f, c]))
        dx[n, c] += crop(zero_extend(full, padded), p)
    return dx, dw, db


@st.composite
def problems(draw, ndim):
    k = draw(st.integers(1, 4))
    s, p = draw(st.integers(1, 3)), draw(st.integers(0, 2))
    sizes = [draw(st.integers(max(1, k - 2 * p), k + 7)) for _ in range(ndim)]
    n, c, f = draw(st.integers(1, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    x = rng.standard_normal((n, c, *sizes))
    w = rng.standard_normal((f, c) + (k,) * ndim)
    out = [cnnlib.output_size(m, k, s, p) for m in sizes]
    return x, w, rng.standard_normal((n, f, *out)), s, p


def assert_general_table_matches(backward, case):
    """general_backward's dx, dw, db against the library's backward: shapes and values."""
    x, w, dy, s, p = case
    ours = general_backward(dy, x, w, s, p)
    for name, a, b in zip(("dx", "dw", "db"), ours, backward(dy, x, w, stride=s, padding=p)):
        assert a.shape == b.shape, name
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10, err_msg=name)


@given(problems(2))
def test_05_general_table_matches_conv2d_backward(case):
    assert_general_table_matches(cnnlib.conv2d_backward, case)


@given(problems(1))
def test_04_table_with_stride_and_padding_matches_conv1d_backward(case):
    assert_general_table_matches(cnnlib.conv1d_backward, case)


def test_the_case_that_does_not_divide():
    """H=6, K=3, s=2, p=1: (6 + 2 - 3) / 2 is not whole. Without the two fixes the table gave
    a 4x4 dw and a 5x5 dx; with them, 3x3 and 6x6, equal to conv2d_backward."""
    rng = np.random.default_rng(478)
    x, w = rng.standard_normal((1, 1, 6, 6)), rng.standard_normal((1, 1, 3, 3))
    dy = rng.standard_normal((1, 1, 3, 3))
    sp = spread(dy[0, 0], 2)
    assert cnnlib.correlate(np.pad(x[0, 0], 1), sp).shape == (4, 4)           # before
    assert crop(cnnlib.correlate(np.pad(sp, 2), rot180(w[0, 0])), 1).shape == (5, 5)
    dx, dw, _ = general_backward(dy, x, w, 2, 1)                              # after
    dx_lib, dw_lib, _ = cnnlib.conv2d_backward(dy, x, w, stride=2, padding=1)
    assert dw.shape == (1, 1, 3, 3) and dx.shape == (1, 1, 6, 6)
    np.testing.assert_allclose(dw, dw_lib, rtol=1e-12)
    np.testing.assert_allclose(dx, dx_lib, rtol=1e-12, atol=1e-15)


@given(st.integers(2, 7), st.integers(1, 4), st.integers(0, 2**32 - 1))
def test_04_and_05_stride_1_formulas(n, k, seed):
    """04's rows (db = sum dy, dw = x * dy, dx = pad_{K-1}(dy) * flip(w)) and 05's
    cheat-sheet (dx = full convolution of dy with w; dw = x * dy), 1-D and 2-D."""
    rng = np.random.default_rng(seed)
    k = min(k, n)
    for shape, kshape in [((n,), (k,)), ((n, n + 1), (k, k))]:
        x, w = rng.standard_normal(shape), rng.standard_normal(kshape)
        dy = rng.standard_normal(tuple(a - b + 1 for a, b in zip(shape, kshape)))
        conv = cnnlib.conv1d_backward if len(shape) == 1 else cnnlib.conv2d_backward
        dx, dw, db = (a[0, 0] if a.ndim > 1 else a[0]
                      for a in conv(dy[None, None], x[None, None], w[None, None]))
        np.testing.assert_allclose(db, dy.sum())
        np.testing.assert_allclose(dw, cnnlib.correlate(x, dy), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(dx, cnnlib.correlate(np.pad(dy, k - 1), rot180(w)),
                                   rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(dx, cnnlib.convolve(dy, w, mode="full"),
                                   rtol=1e-12, atol=1e-12)
