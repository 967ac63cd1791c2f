"""Max and average pooling: fast vs the loops (ties included), vs numerical gradients,
and the lecture's rules: max sends dy to the winner only, average shares dy / (k*k)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import pool_cases, random_like

import cnnlib
from cnnlib import naive
from cnnlib.gradcheck import numerical_gradient, rel_error

NAMES = ["maxpool1d", "avgpool1d", "maxpool2d", "avgpool2d"]


def ndim_of(name):
    return int(name[-2])


def pair(module, name):
    return getattr(module, name), getattr(module, name + "_backward")


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("ties", [False, True], ids=["distinct", "ties"])
@settings(max_examples=150)
@given(data=st.data())
def test_fast_matches_loops(name, ties, data):
    case = data.draw(pool_cases(ndim_of(name), ties=ties))
    (fast, fast_back), (loop, loop_back) = pair(cnnlib, name), pair(naive, name)
    y = fast(**case)
    np.testing.assert_allclose(y, loop(**case), rtol=1e-12, atol=1e-15)
    dy = random_like(y, seed=3)
    np.testing.assert_allclose(fast_back(dy, **case), loop_back(dy, **case),
                               rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", NAMES)
@settings(max_examples=60)
@given(data=st.data())
def test_backward_matches_numerical_gradient(name, data):
    case = data.draw(pool_cases(ndim_of(name)))      # distinct values: max is differentiable
    fast, fast_back = pair(cnnlib, name)
    size, stride = case["size"], case["stride"]
    dy = random_like(fast(**case), seed=4)
    numeric = numerical_gradient(lambda v: fast(v, size, stride), case["x"], dy)
    assert rel_error(fast_back(dy, **case), numeric) <= 1e-7


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int64])
def test_dtypes(name, dtype):
    fast, fast_back = pair(cnnlib, name)
    x = np.arange(2 * 3 * 6 * (6 if ndim_of(name) == 2 else 1)).reshape(
        (2, 3, 6, 6) if ndim_of(name) == 2 else (2, 3, 6)).astype(dtype)
    y = fast(x, 2)
    want = np.float64 if dtype == np.int64 else dtype
    assert y.dtype == want
    assert fast_back(np.ones_like(y), x, 2).dtype == want


def test_max_gradient_goes_to_the_winner_only():
    x = np.array([[1.0, 3.0, 2.0, 0.0],
                  [4.0, 2.0, 1.0, 5.0],
                  [0.0, 1.0, 7.0, 1.0],
                  [2.0, 6.0, 1.0, 3.0]])[None, None]
    np.testing.assert_array_equal(cnnlib.maxpool2d(x, 2)[0, 0], [[4, 5], [6, 7]])
    dy = np.array([[10.0, 20.0], [30.0, 40.0]])[None, None]
    np.testing.assert_array_equal(cnnlib.maxpool2d_backward(dy, x, 2)[0, 0],
                                  [[0, 0, 0, 0], [10, 0, 0, 20], [0, 0, 40, 0], [0, 30, 0, 0]])


def test_max_ties_go_to_the_first_maximum_in_row_major_order():
    x = np.array([[5.0, 5.0], [5.0, 5.0]])[None, None]
    dx = cnnlib.maxpool2d_backward(np.ones((1, 1, 1, 1)), x, 2)
    np.testing.assert_array_equal(dx[0, 0], [[1, 0], [0, 0]])
    x1 = np.array([1.0, 4.0, 4.0, 2.0])[None, None]
    np.testing.assert_array_equal(cnnlib.maxpool1d_backward(np.ones((1, 1, 1)), x1, 4)[0, 0],
                                  [0, 1, 0, 0])


@pytest.mark.parametrize("name", ["maxpool1d", "maxpool2d"])
@settings(max_examples=60)
@given(data=st.data())
def test_max_nan_counts_as_the_maximum(name, data):
    """A NaN is the window's maximum (as np.max) and the first NaN takes dy; fast and loops
    agree, also when dy holds inf and NaN."""
    case = data.draw(pool_cases(ndim_of(name), ties=data.draw(st.booleans())))
    rng = np.random.default_rng(data.draw(st.integers(0, 2**16)))
    x = case["x"]
    x[rng.random(x.shape) < 0.2] = np.nan
    (fast, fast_back), (loop, loop_back) = pair(cnnlib, name), pair(naive, name)
    y = fast(**case)
    np.testing.assert_array_equal(y, loop(**case))
    dy = random_like(y, seed=5)
    dy.flat[::7] = np.inf
    dy.flat[::11] = np.nan
    np.testing.assert_allclose(fast_back(dy, **case), loop_back(dy, **case), rtol=1e-12)


def test_max_nan_example():
    x = np.array([1.0, np.nan, 3.0, np.nan, 0.0, 2.0])[None, None]
    np.testing.assert_array_equal(cnnlib.maxpool1d(x, 3)[0, 0], [np.nan, np.nan])
    np.testing.assert_array_equal(cnnlib.maxpool1d_backward(np.ones((1, 1, 2)), x, 3)[0, 0],
                                  [0, 1, 0, 1, 0, 0])


def test_overlapping_windows_add_their_gradients():
    """size 3, stride 1: the 9 wins all three windows it sits in, and gets 1 + 2 + 3."""
    x = np.array([0.0, 1.0, 9.0, 2.0, 0.0])[None, None]
    dy = np.array([1.0, 2.0, 3.0])[None, None]
    np.testing.assert_array_equal(cnnlib.maxpool1d_backward(dy, x, 3, 1)[0, 0], [0, 0, 6, 0, 0])
    x2 = np.zeros((1, 1, 3, 3))
    x2[0, 0, 1, 1] = 1.0
    dx2 = cnnlib.maxpool2d_backward(np.ones((1, 1, 2, 2)), x2, 2, 1)
    assert dx2[0, 0, 1, 1] == 4.0 and dx2.sum() == 4.0


def test_average_gradient_is_shared_equally():
    """2x2 windows: every cell of a window gets dy / (k*k) = dy / 4."""
    x = np.random.default_rng(0).standard_normal((1, 1, 4, 4))
    dy = np.array([[4.0, 8.0], [-4.0, 2.0]])[None, None]
    dx = cnnlib.avgpool2d_backward(dy, x, 2)
    np.testing.assert_allclose(dx[0, 0], np.kron(dy[0, 0] / 4, np.ones((2, 2))))


def test_cells_no_window_reaches_get_zero_gradient():
    """Floor mode: a 5-wide input with size 2 pools 4 cells; the last one gets 0."""
    x = np.arange(5.0)[None, None]
    for name in ("maxpool1d", "avgpool1d"):
        _, backward = pair(cnnlib, name)
        assert backward(np.ones((1, 1, 2)), x, 2)[0, 0, 4] == 0.0
