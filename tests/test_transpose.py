"""conv_transpose1d / conv_transpose2d: fast vs the loops, vs numerical gradients, vs
PyTorch, dtypes, and the identities that make it "the backward pass": its forward is
conv's dx, its backward is conv's forward and conv's dw, and it is conv's matrix transposed."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from layer_checks import (
    assert_backward_matches_loops,
    assert_float_dtype_is_kept,
    assert_gradients_are_numerical,
)
from strategies import conv_cases, conv_transpose_cases, random_like

import cnnlib
from cnnlib import frames, matrix, naive

FAST = {1: (cnnlib.conv_transpose1d, cnnlib.conv_transpose1d_backward),
        2: (cnnlib.conv_transpose2d, cnnlib.conv_transpose2d_backward)}
LOOPS = {1: (naive.conv_transpose1d, naive.conv_transpose1d_backward),
         2: (naive.conv_transpose2d, naive.conv_transpose2d_backward)}
CONV = {1: (cnnlib.conv1d, cnnlib.conv1d_backward), 2: (cnnlib.conv2d, cnnlib.conv2d_backward)}


def hyper(case):
    return {k: case[k] for k in ("stride", "padding", "output_padding", "dilation")}


def per_axis(value, ndim):
    return value if isinstance(value, tuple) else (value,) * ndim


@pytest.mark.parametrize("ndim", [1, 2])
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_fast_matches_loops(ndim, data):
    case = data.draw(conv_transpose_cases(ndim))
    (fast, fast_back), (loop, loop_back) = FAST[ndim], LOOPS[ndim]
    y = fast(**case)
    want = loop(**case)
    assert y.shape == want.shape
    np.testing.assert_allclose(y, want, rtol=1e-12, atol=1e-12)
    assert_backward_matches_loops(fast_back, loop_back, random_like(y, seed=1), case,
                                  hyper(case))


@pytest.mark.parametrize("ndim", [1, 2])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_backward_matches_numerical_gradient(ndim, data):
    case = data.draw(conv_transpose_cases(ndim, max_batch=2, max_channels=2))
    assert_gradients_are_numerical(*FAST[ndim], case, hyper(case))


# ---- the identities: it is a convolution's backward pass --------------------------------


def leftover(case, ndim):
    """The output_padding that gives back the conv's input size: the cells of the padded
    input past the last window, (n + 2p - d(k-1) - 1) mod s, per axis."""
    shapes = zip(case["x"].shape[2:], case["w"].shape[2:],
                 *(per_axis(case[k], ndim) for k in ("stride", "padding", "dilation")))
    op = tuple((n + 2 * p - d * (k - 1) - 1) % s for n, k, s, p, d in shapes)
    return op[0] if ndim == 1 else op


@pytest.mark.parametrize("ndim", [1, 2])
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_forward_is_conv_dx_and_backward_is_conv_forward_and_dw(ndim, data):
    """conv_transpose(dy, w) == conv_backward(dy, x, w)'s dx (output_padding: the leftover
    cells), and conv_transpose_backward(x, dy, w) == (conv(x, w), conv's dw, sum of x)."""
    case = data.draw(conv_cases(ndim))
    conv, conv_back = CONV[ndim]
    fast, fast_back = FAST[ndim]
    x, w = case["x"], case["w"]
    h = {k: case[k] for k in ("stride", "padding", "dilation")}
    y = conv(x, w, **h)
    dy = random_like(y, seed=3)
    dx, dw, _ = conv_back(dy, x, w, **h)
    op = leftover(case, ndim)
    np.testing.assert_allclose(fast(dy, w, output_padding=op, **h), dx, rtol=1e-12,
                               atol=1e-12)
    # the transposed conv's own backward, with x as its upstream gradient and dy as its input
    dz, dw_t, db_t = fast_back(x, dy, w, output_padding=op, **h)
    np.testing.assert_allclose(dz, y, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dw_t, dw, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(db_t, x.sum(axis=tuple(i for i in range(x.ndim) if i != 1)),
                               rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("in_shape, kernel, stride, padding, dilation", [
    ((4, 4), (2, 2), 1, 0, 1), ((5, 6), (3, 2), 2, 1, 1), ((7,), (3,), 2, 0, 2),
    ((6, 5), (2, 3), (2, 1), (0, 1), (1, 2)),
])
def test_is_the_conv_matrix_transposed(in_shape, kernel, stride, padding, dilation):
    """y = M x for the conv; the transposed conv of v is M.T v (one channel, no batch)."""
    rng = np.random.default_rng(17)
    w = rng.standard_normal(kernel)
    m, _, out_shape = matrix.conv_matrix_with_shapes(w, in_shape, stride, padding, dilation)
    v = rng.standard_normal(out_shape)
    case = dict(x=np.zeros((1, 1) + in_shape), w=w[None, None], stride=stride, padding=padding,
                dilation=dilation)
    fast = FAST[len(in_shape)][0]
    got = fast(v[None, None], w[None, None], stride=stride, padding=padding,
               output_padding=leftover(case, len(in_shape)), dilation=dilation)[0, 0]
    np.testing.assert_allclose(got.ravel(), m.T @ v.ravel(), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("hyper", [dict(), dict(stride=2, padding=1, output_padding=1),
                                   dict(stride=(1, 2), padding=(0, 1), dilation=(2, 1),
                                        output_padding=(1, 0))])
def test_matches_the_frames_of_the_explorer(hyper):
    """cnnlib.frames.conv_transpose (what notebook 08's explorer steps through) agrees."""
    rng = np.random.default_rng(8)
    x, w = rng.standard_normal((3, 4)), rng.standard_normal((3, 2))
    t = frames.conv_transpose(x, w, 0.5, **hyper)
    y = cnnlib.conv_transpose2d(x[None, None], w[None, None], np.array([0.5]), **hyper)[0, 0]
    np.testing.assert_allclose(y, t.y, rtol=1e-12, atol=1e-12)


def test_stamps_on_a_small_example():
    """x = [1, 2], w = [1, 10, 100], stride 2: each x stamps x*w two cells further on, and
    where two stamps overlap they add: [1, 10, 100 + 2, 20, 200]; padding 1 crops one cell
    off each end, output_padding 1 adds one (zero) cell at the far end."""
    x, w = np.array([[[1.0, 2.0]]]), np.array([[[1.0, 10.0, 100.0]]])
    np.testing.assert_array_equal(cnnlib.conv_transpose1d(x, w, stride=2)[0, 0],
                                  [1, 10, 102, 20, 200])
    np.testing.assert_array_equal(cnnlib.conv_transpose1d(x, w, stride=2, padding=1)[0, 0],
                                  [10, 102, 20])
    np.testing.assert_array_equal(cnnlib.conv_transpose1d(x, w, stride=2, output_padding=1)
                                  [0, 0], [1, 10, 102, 20, 200, 0])
    np.testing.assert_array_equal(cnnlib.conv_transpose1d(x, w, stride=1, dilation=2)[0, 0],
                                  [1, 2, 10, 20, 100, 200])


def test_upsamples_by_the_stride():
    """The usual decoder layer: kernel 4, stride 2, padding 1 doubles height and width."""
    y = cnnlib.conv_transpose2d(np.ones((2, 3, 7, 5)), np.ones((3, 4, 4, 4)), stride=2,
                                padding=1)
    assert y.shape == (2, 4, 14, 10)


# ---- dtypes and layout ---------------------------------------------------------------


@pytest.mark.parametrize("ndim", [1, 2])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_float_dtype_is_kept(ndim, dtype, data):
    case = data.draw(conv_transpose_cases(ndim, dtype=dtype))
    assert_float_dtype_is_kept(*FAST[ndim], case, hyper(case), dtype)


@pytest.mark.parametrize("module", [cnnlib, naive], ids=["fast", "naive"])
def test_integer_input_computes_in_float64(module):
    x = np.arange(12).reshape(1, 1, 3, 4)
    w = np.array([[[[1, -1], [2, 0]]]])
    y = module.conv_transpose2d(x, w, stride=2)
    assert y.dtype == np.float64
    np.testing.assert_array_equal(y, naive.conv_transpose2d(x.astype(float), w.astype(float),
                                                            stride=2))
    assert all(g.dtype == np.float64 for g in module.conv_transpose2d_backward(
        np.ones(y.shape, dtype=int), x, w, stride=2))


@pytest.mark.parametrize("padding", [0, 1])
def test_output_is_c_contiguous(padding):
    x, w = np.ones((2, 3, 5, 5)), np.ones((3, 4, 3, 3))
    assert cnnlib.conv_transpose2d(x, w, padding=padding).flags.c_contiguous
    assert cnnlib.conv_transpose2d(x, w, np.ones(4), padding=padding).flags.c_contiguous


def test_help_shows_shapes():
    for text in ("x: (N, C_in, H, W)", "w: (C_in, C_out, KH, KW)", "b: (C_out,)",
                 "y: (N, C_out, H', W')", "output_padding"):
        assert text in cnnlib.conv_transpose2d.__doc__
    for text in ("dx: (N, C_in, H, W)", "dw: (C_in, C_out, KH, KW)", "db: (C_out,)"):
        assert text in cnnlib.conv_transpose2d_backward.__doc__
    assert "conv2d_backward" in cnnlib.transpose.__doc__.splitlines()[2]   # the identity


# ---- PyTorch -------------------------------------------------------------------------


@pytest.mark.parametrize("ndim", [1, 2])
@pytest.mark.parametrize("dtype, tol", [(np.float64, dict(rtol=1e-10, atol=1e-12)),
                                        (np.float32, dict(rtol=1e-5, atol=1e-5))],
                         ids=["float64", "float32"])
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_matches_torch(ndim, dtype, tol, data):
    """Forward, and autograd's gradients of sum(y * dy) for x, w and b."""
    torch = pytest.importorskip(
        "torch", reason="PyTorch is optional; `make torch` installs the CPU build")
    op = torch.nn.functional.conv_transpose1d if ndim == 1 else \
        torch.nn.functional.conv_transpose2d
    case = data.draw(conv_transpose_cases(ndim, dtype=dtype))
    x, w, h = case["x"], case["w"], hyper(case)
    b = case["b"] if case["b"] is not None else np.zeros(w.shape[1], dtype=dtype)
    fast, fast_back = FAST[ndim]
    y = fast(x, w, b, **h)
    dy = random_like(y, seed=4)
    tensors = [torch.from_numpy(a).requires_grad_(True) for a in (x, w, b)]
    y_t = op(*tensors, stride=h["stride"], padding=h["padding"],
             output_padding=h["output_padding"], dilation=h["dilation"])
    grads = torch.autograd.grad(y_t, tensors, torch.from_numpy(dy))
    for ours, theirs in zip((y,) + fast_back(dy, x, w, **h), (y_t,) + grads):
        theirs = theirs.detach().numpy()
        assert ours.shape == theirs.shape and ours.dtype == theirs.dtype
        scale = max(1.0, float(np.abs(theirs).max()))
        np.testing.assert_allclose(ours, theirs, rtol=tol["rtol"], atol=tol["atol"] * scale)
