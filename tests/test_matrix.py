"""cnnlib.matrix and cnnlib.plot.matrix: convolution as a matrix, y = M x and dx = M.T dy,
the 1-D symbol tables, and their drawings."""


import matplotlib.pyplot as plt
import numpy as np
import pytest
from figures import render_alone
from hypothesis import given
from hypothesis import strategies as st

import cnnlib
from cnnlib import matrix as mx
from cnnlib.plot import matrix as pm


@st.composite
def conv_cases(draw):
    """A 1-D or 2-D single-channel conv problem whose window fits."""
    ndim = draw(st.sampled_from([1, 2]))
    k = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
    s = tuple(draw(st.integers(1, 3)) for _ in range(ndim))
    p = tuple(draw(st.integers(0, 2)) for _ in range(ndim))
    d = tuple(draw(st.integers(1, 2)) for _ in range(ndim))
    n = tuple(max(draw(st.integers(1, 6)), d_ * (k_ - 1) + 1 - 2 * p_)
              for k_, p_, d_ in zip(k, p, d))
    seed = draw(st.integers(0, 2**16))
    return n, k, s, p, d, np.random.default_rng(seed)


def _layer(ndim):
    return (cnnlib.conv1d, cnnlib.conv1d_backward) if ndim == 1 else \
        (cnnlib.conv2d, cnnlib.conv2d_backward)


@given(conv_cases())
def test_matrix_times_x_is_the_layer_and_its_transpose_is_the_backward(case):
    n, k, s, p, d, rng = case
    x, w = rng.standard_normal(n), rng.standard_normal(k)
    forward, backward = _layer(len(n))
    M = mx.conv_matrix(w, n, stride=s, padding=p, dilation=d)
    y = forward(x[None, None], w[None, None], stride=s, padding=p, dilation=d)[0, 0]
    assert M.shape == (y.size, x.size)
    np.testing.assert_allclose(M @ x.ravel(), y.ravel(), rtol=0, atol=1e-12)
    dy = rng.standard_normal(y.shape)
    dx = backward(dy[None, None], x[None, None], w[None, None], s, p, d)[0][0, 0]
    np.testing.assert_allclose(M.T @ dy.ravel(), dx.ravel(), rtol=0, atol=1e-12)


def test_the_slides_examples():
    M = mx.conv_matrix([2, 3], 4)
    np.testing.assert_array_equal(M, [[2, 3, 0, 0], [0, 2, 3, 0], [0, 0, 2, 3]])
    assert M.dtype == np.float64
    # column of x[1, 1] in the 4x4 / 2x2 example lists the kernel rotated by 180 degrees
    M2 = mx.conv_matrix(np.array([[1.0, 2], [3, 4]]), (4, 4))
    column = M2[:, 5].reshape(3, 3)
    np.testing.assert_array_equal(column[:2, :2], [[4, 3], [2, 1]])
    assert column.sum() == 10


def test_symbol_tables():
    dx = mx.dy_dx_symbols(4, 2)
    assert dx.tolist() == [["w1", "w2", "0", "0"], ["0", "w1", "w2", "0"],
                           ["0", "0", "w1", "w2"]]
    dw = mx.dy_dw_symbols(4, 2)
    assert dw.tolist() == [["x1", "x2"], ["x2", "x3"], ["x3", "x4"]]
    assert mx.dy_dx_symbols(4, 2, stride=2).tolist() == [["w1", "w2", "0", "0"],
                                                        ["0", "0", "w1", "w2"]]
    assert mx.dy_dw_symbols(3, 2, padding=1).tolist() == [["0", "x1"], ["x1", "x2"],
                                                          ["x2", "x3"], ["x3", "0"]]


def test_symbol_table_matches_the_numeric_matrix():
    w = np.array([10.0, 20.0, 30.0])
    for s, p, d in [(1, 0, 1), (2, 1, 1), (1, 2, 2), (3, 0, 1)]:
        names = mx.dy_dx_symbols(7, 3, s, p, d)
        M = mx.conv_matrix(w, 7, s, p, d)
        expected = np.where(M == 0, "0", np.char.add("w", (M / 10).astype(int).astype(str)))
        assert names.tolist() == expected.tolist()


def test_text_table():
    text = mx.text_table([["w1", "0"], ["0", "w1"]], ["y1", "y2"], ["x1", "x2"], "dy/dx")
    assert text.splitlines() == ["dy/dx | x1 x2", "-------------", "y1    | w1  0",
                                 "y2    |  0 w1"]
    assert mx.text_table(np.array([[1.0, -0.5]]), ["a"], ["b", "c"]).splitlines()[2] == \
        "a |    1 -0.5"


@pytest.mark.parametrize("call, message", [
    (lambda: mx.conv_matrix(np.ones((1, 2, 2)), (4, 4)), "w must be a non-empty 1-D"),
    (lambda: mx.conv_matrix([1, 2], (4, 4)), "in_shape must be an int"),
    (lambda: mx.conv_matrix([1, 2, 3], 2), "larger than the input"),
    (lambda: mx.conv_matrix([1, 2], 4, stride=0), "stride must be >= 1"),
    (lambda: mx.conv_matrix("w", 4), "w must be a NumPy array"),
    (lambda: mx.dy_dx_symbols(2, 3), "larger than the input"),
    (lambda: mx.dy_dw_symbols(4, 2, padding=-1), "padding must be >= 0"),
    (lambda: mx.text_table([1, 2], ["a"], ["b"]), "cells must be a 2-D array"),
    (lambda: mx.text_table([[1, 2]], ["a"], ["b"]), "need 1 row labels and 2 column"),
])
def test_bad_input_is_named(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


FIGURES = {
    "2-D matrix, column": lambda: pm.conv_matrix(np.array([[1.0, 2], [3, 4]]), (4, 4),
                                                 col=(1, 1)),
    "1-D matrix, row": lambda: pm.conv_matrix([2.0, 3.0], 4, row=1),
    "strided, padded": lambda: pm.conv_matrix([1.0, -1.0, 2.0], 5, stride=2, padding=1),
    "names": lambda: pm.table(mx.dy_dx_symbols(4, 2), ["y1", "y2", "y3"],
                               ["x1", "x2", "x3", "x4"], title="dy_i/dx_j", mark_cols=[1]),
}


@pytest.mark.parametrize("name", FIGURES)
def test_figures_render_legibly_without_leaks(name, tmp_path):
    fig = render_alone(FIGURES[name], tmp_path / "m.png")
    assert min(t.get_fontsize() for t in fig.axes[0].texts) >= 12
    plt.close(fig)
    assert (tmp_path / "m.png").stat().st_size > 1000


def test_marks_outline_the_right_row_and_column():
    fig = pm.conv_matrix([2.0, 3.0], 4, row=2, col=(3,))
    outlines = [p for p in fig.axes[0].patches if not p.get_fill()]
    plt.close(fig)
    row, col = outlines
    assert (row.get_y(), row.get_height()) == pytest.approx((2.03, 0.94))
    assert (col.get_x(), col.get_width()) == pytest.approx((3.03, 0.94))


@pytest.mark.parametrize("call, message", [
    (lambda: pm.conv_matrix([2.0, 3.0], 4, row=3), "row must be a cell index"),
    (lambda: pm.conv_matrix(np.ones((2, 2)), (3, 3), col=(3, 0)), "col must be a cell index"),
    (lambda: pm.table(np.ones((2, 2)), ["a"], ["b", "c"]), "need 2 row labels"),
    (lambda: pm.table(np.ones((2, 2)), ["a", "b"], ["c", "d"], mark_cols=[2]),
     "mark_cols must be indices in 0..1"),
    (lambda: pm.table(np.ones(3), ["a"], ["b"]), "non-empty 2-D array"),
])
def test_bad_drawing_input_is_named(call, message):
    plt.close("all")
    with pytest.raises(ValueError, match=message):
        call()
    assert plt.get_fignums() == []
