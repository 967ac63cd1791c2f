"""conv1d / conv2d: fast vs the loops, vs numerical gradients, dtypes, and the lecture's
worked examples (1-D: x of 4, w of 2; 2-D: 4x4 input, 2x2 kernel)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from layer_checks import (
    assert_backward_matches_loops,
    assert_float_dtype_is_kept,
    assert_gradients_are_numerical,
)
from strategies import conv_cases, random_like

import cnnlib
from cnnlib import naive

FAST = {1: (cnnlib.conv1d, cnnlib.conv1d_backward), 2: (cnnlib.conv2d, cnnlib.conv2d_backward)}
LOOPS = {1: (naive.conv1d, naive.conv1d_backward), 2: (naive.conv2d, naive.conv2d_backward)}


def hyper(case):
    return {k: case[k] for k in ("stride", "padding", "dilation")}


@pytest.mark.parametrize("ndim", [1, 2])
@settings(max_examples=200)
@given(data=st.data())
def test_fast_matches_loops(ndim, data):
    case = data.draw(conv_cases(ndim))
    (fast, fast_back), (loop, loop_back) = FAST[ndim], LOOPS[ndim]
    y = fast(**case)
    np.testing.assert_allclose(y, loop(**case), rtol=1e-12, atol=1e-12)
    assert_backward_matches_loops(fast_back, loop_back, random_like(y, seed=1), case,
                                  hyper(case))


@pytest.mark.parametrize("ndim", [1, 2])
@settings(max_examples=60)
@given(data=st.data())
def test_backward_matches_numerical_gradient(ndim, data):
    case = data.draw(conv_cases(ndim, max_batch=2, max_channels=2, max_filters=2))
    assert_gradients_are_numerical(*FAST[ndim], case, hyper(case))


@pytest.mark.parametrize("ndim", [1, 2])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@settings(max_examples=20)
@given(data=st.data())
def test_float_dtype_is_kept(ndim, dtype, data):
    case = data.draw(conv_cases(ndim, dtype=dtype))
    assert_float_dtype_is_kept(*FAST[ndim], case, hyper(case), dtype)


def test_integer_input_computes_in_float64():
    x = np.arange(16).reshape(1, 1, 4, 4)
    w = np.array([[[[1, -1], [2, 0]]]])
    y = cnnlib.conv2d(x, w)
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y, naive.conv2d(x.astype(float), w.astype(float)))


def test_float32_input_with_integer_weights_stays_float32():
    x = np.ones((1, 1, 4, 4), dtype=np.float32)
    assert cnnlib.conv2d(x, np.ones((1, 1, 2, 2), dtype=int)).dtype == np.float32


def test_output_is_c_contiguous():
    y = cnnlib.conv2d(np.ones((2, 3, 5, 5)), np.ones((4, 3, 3, 3)), np.ones(4))
    assert y.flags.c_contiguous


# ---- the lecture's worked examples ----------------------------------------------------


def test_slide_1d_example():
    """x = [x1..x4], w = [w1, w2]: y_i = w1 x_i + w2 x_{i+1} + b, three outputs."""
    x = np.array([1.0, 2.0, -1.0, 3.0])
    w = np.array([0.5, -2.0])
    b = 0.25
    y = cnnlib.conv1d(x[None, None], w[None, None], np.array([b]))[0, 0]
    np.testing.assert_allclose(y, [w[0] * x[i] + w[1] * x[i + 1] + b for i in range(3)])

    dy = np.array([1.0, -1.0, 2.0])
    dx, dw, db = (g.ravel() for g in cnnlib.conv1d_backward(dy[None, None], x[None, None],
                                                            w[None, None]))
    assert db[0] == pytest.approx(dy.sum())                                   # db = sum dy
    np.testing.assert_allclose(dw, cnnlib.correlate(x, dy))                   # dw = x * dy
    np.testing.assert_allclose(dx, cnnlib.correlate(np.pad(dy, 1), w[::-1]))  # [0,dy,0]*[w2,w1]
    np.testing.assert_allclose(dx, [dy[0] * w[0], dy[0] * w[1] + dy[1] * w[0],
                                    dy[1] * w[1] + dy[2] * w[0], dy[2] * w[1]])


def test_slide_2d_example():
    """4x4 input, 2x2 kernel, 3x3 output: db = sum dy, dw = x * dy,
    dx = zero-padded dy * rot180(w)."""
    rng = np.random.default_rng(478)
    x, w, dy = rng.standard_normal((4, 4)), rng.standard_normal((2, 2)), rng.standard_normal((3, 3))
    dx, dw, db = cnnlib.conv2d_backward(dy[None, None], x[None, None], w[None, None])
    assert db[0] == pytest.approx(dy.sum())
    np.testing.assert_allclose(dw[0, 0], cnnlib.correlate(x, dy))
    np.testing.assert_allclose(dx[0, 0], cnnlib.correlate(np.pad(dy, 1), np.rot90(w, 2)))
    np.testing.assert_allclose(dx[0, 0], cnnlib.convolve(dy, w, mode="full"))


@pytest.mark.parametrize("stride", [1, 2, 3])
def test_strided_dx_is_dilated_dy_correlated_with_rotated_kernel(stride):
    """Beyond the slides: with stride s, dy is spread out with s-1 zeros between entries
    before the full correlation with rot180(w); rows the windows never reached get 0."""
    rng = np.random.default_rng(stride)
    x, w = rng.standard_normal((1, 1, 8, 7)), rng.standard_normal((1, 1, 3, 2))
    y = cnnlib.conv2d(x, w, stride=stride)
    dy = rng.standard_normal(y.shape)
    dx, _, _ = cnnlib.conv2d_backward(dy, x, w, stride=stride)
    spread = np.zeros(((y.shape[2] - 1) * stride + 1, (y.shape[3] - 1) * stride + 1))
    spread[::stride, ::stride] = dy[0, 0]
    gathered = cnnlib.correlate(np.pad(spread, ((2, 2), (1, 1))), np.rot90(w[0, 0], 2))
    expected = np.zeros((8, 7))
    expected[:gathered.shape[0], :gathered.shape[1]] = gathered
    np.testing.assert_allclose(dx[0, 0], expected)


def test_help_shows_shapes():
    for text in ("x: (N, C, H, W)", "w: (F, C, KH, KW)", "b: (F,)", "y: (N, F, H', W')"):
        assert text in cnnlib.conv2d.__doc__
    for text in ("dx: (N, C, H, W)", "dw: (F, C, KH, KW)", "db: (F,)"):
        assert text in cnnlib.conv2d_backward.__doc__
