"""The frame models as data: adding up the steps gives the layers' results exactly."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import conv_cases, pool_cases, random_like

import cnnlib
from cnnlib import frames

CONV = {1: (cnnlib.conv1d, cnnlib.conv1d_backward), 2: (cnnlib.conv2d, cnnlib.conv2d_backward)}
POOL = {("max", 1): (cnnlib.maxpool1d, cnnlib.maxpool1d_backward),
        ("max", 2): (cnnlib.maxpool2d, cnnlib.maxpool2d_backward),
        ("avg", 1): (cnnlib.avgpool1d, cnnlib.avgpool1d_backward),
        ("avg", 2): (cnnlib.avgpool2d, cnnlib.avgpool2d_backward)}


def single(case):
    """One image, one channel, one filter: what the frames describe."""
    hyper = {k: case[k] for k in ("stride", "padding", "dilation")}
    return case["x"][0, 0], case["w"][0, 0], hyper


@pytest.mark.parametrize("ndim", [1, 2])
@settings(max_examples=80)
@given(data=st.data())
def test_conv_steps_add_up_to_the_layer(ndim, data):
    x, w, hyper = single(data.draw(conv_cases(ndim, max_batch=1, max_channels=1,
                                              max_filters=1)))
    forward, backward = CONV[ndim]
    y = forward(x[None, None], w[None, None], np.array([0.5]), **hyper)[0, 0]

    f = frames.conv_forward(x, w, 0.5, **hyper)
    assert len(f.steps) == y.size
    np.testing.assert_allclose(f.y, y, rtol=1e-12, atol=1e-12)
    for step in f.steps:     # every step: products of the cells it reads and the weights
        np.testing.assert_allclose(step.products, [f.x_padded[r] * w[k] for r, k in
                                                   zip(step.reads, step.weights)])
        assert step.padding == [f.geometry.is_padding(r) for r in step.reads]

    dy = random_like(y, seed=7)
    dx, dw, db = (g[0, 0] if g.ndim > 1 else g[0]
                  for g in backward(dy[None, None], x[None, None], w[None, None], **hyper))
    b = frames.conv_backward(x, w, dy, **hyper)
    sdx, sdw, sdb = b.scatter_sums()
    np.testing.assert_allclose(sdx, dx, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(sdw, dw, rtol=1e-12, atol=1e-12)
    assert sdb == pytest.approx(db)
    assert len(b.scatter) == y.size and len(b.gather) == x.size
    # the gather view gives the same dx ...
    np.testing.assert_allclose(b.gather_dx(), dx, rtol=1e-12, atol=1e-12)
    # ... and each gathered cell is its window of the padded dy times rot180(w)
    for step in b.gather:
        window_sum = sum(b.dy_full[c] * b.w_rot180[k]
                         for c, k in zip(step.window, np.ndindex(*w.shape)))
        assert window_sum == pytest.approx(step.total, abs=1e-12)


def test_padding_cells_are_flagged():
    f = frames.conv_forward(np.ones((3, 3)), np.ones((3, 3)), padding=1)
    first = f.steps[0]
    assert first.padding == [True, True, True, True, False, False, True, False, False]
    assert f.geometry.padding_mask().sum() == 5 * 5 - 3 * 3
    assert f.steps[4].padding == [False] * 9            # the centre window reads no padding


def test_slide_1d_steps():
    """x of 4, w of 2: y_i = w1 x_i + w2 x_{i+1}; dy_i sends dy_i*w to x_i, x_{i+1}."""
    x, w, dy = np.array([1.0, 2.0, 3.0, 4.0]), np.array([10.0, 20.0]), np.array([1.0, 2.0, 3.0])
    f = frames.conv_forward(x, w)
    assert [s.reads for s in f.steps] == [[(0,), (1,)], [(1,), (2,)], [(2,), (3,)]]
    assert [s.total for s in f.steps] == [50.0, 80.0, 110.0]
    b = frames.conv_backward(x, w, dy)
    assert b.scatter[1].dx_terms == [((1,), (0,), 20.0), ((2,), (1,), 40.0)]
    assert [s.total for s in b.gather] == [10.0, 40.0, 70.0, 60.0]
    np.testing.assert_array_equal(b.dy_full, [0, 1, 2, 3, 0])     # [0, dy, 0]
    np.testing.assert_array_equal(b.w_rot180, [20, 10])            # [w2, w1]


@pytest.mark.parametrize("kind", ["max", "avg"])
@pytest.mark.parametrize("ndim", [1, 2])
@pytest.mark.parametrize("ties", [False, True])
@settings(max_examples=40)
@given(data=st.data())
def test_pool_steps_add_up_to_the_layer(kind, ndim, ties, data):
    case = data.draw(pool_cases(ndim, ties=ties))
    x, size, stride = case["x"][0, 0], case["size"], case["stride"]
    forward, backward = POOL[(kind, ndim)]
    y = forward(x[None, None], size, stride)[0, 0]
    f = frames.pool_forward(x, size, stride, kind)
    assert len(f.steps) == y.size
    np.testing.assert_allclose(f.y, y, rtol=1e-12, atol=1e-15)
    dy = random_like(y, seed=8)
    b = frames.pool_backward(x, dy, size, stride, kind)
    np.testing.assert_allclose(b.dx(), backward(dy[None, None], x[None, None], size,
                                                stride)[0, 0], rtol=1e-12, atol=1e-15)


def test_max_winner_is_the_first_maximum():
    f = frames.pool_forward(np.array([[5.0, 5.0], [5.0, 1.0]]), 2)
    assert f.steps[0].winner == 0


@pytest.mark.parametrize("call, message", [
    (lambda: frames.conv_forward(np.ones((2, 2, 2)), np.ones((2, 2))), "x must be"),
    (lambda: frames.conv_forward(np.ones((3, 3)), np.ones(2)), "w must have as many"),
    (lambda: frames.conv_forward(np.ones((3, 3)), np.ones((4, 4))), "larger than"),
    (lambda: frames.conv_backward(np.ones(4), np.ones(2), np.ones(2)), "dy must have"),
    (lambda: frames.pool_forward(np.ones(4), 2, kind="min"), "kind must be"),
    (lambda: frames.pool_backward(np.ones(4), np.ones(3), 2), "dy must have"),
    (lambda: frames.conv_forward("abc", np.ones(2)), "x must be"),
])
def test_bad_input(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()
