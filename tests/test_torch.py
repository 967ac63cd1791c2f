"""Every cnnlib layer against PyTorch, forward and backward, in float64 (and once in float32).

Hypothesis draws the shapes and hyper-parameters; the data are seeded NumPy normals.
PyTorch's gradients are autograd's of sum(y * dy), so they are what a backward pass with
upstream gradient dy must return. Max pooling is also checked on inputs full of ties
(integer values) with overlapping windows: the gradient must go to the first maximum in
row-major order, as PyTorch does on the CPU, and add up over the windows a cell wins.
"""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnnlib

torch = pytest.importorskip(
    "torch", reason="PyTorch is optional; `make torch` installs the CPU build these tests need")
F = torch.nn.functional

SETTINGS = settings(max_examples=60, deadline=None)
FLOAT64 = dict(rtol=1e-10, atol=1e-12)     # atol is times max(1, largest |expected|)
FLOAT32 = dict(rtol=1e-5, atol=1e-5)


# ---- the layers, paired with their PyTorch twins -------------------------------------

CONVS = [
    pytest.param(1, cnnlib.conv1d, cnnlib.conv1d_backward, F.conv1d, id="conv1d"),
    pytest.param(2, cnnlib.conv2d, cnnlib.conv2d_backward, F.conv2d, id="conv2d"),
]
MAXPOOLS = [
    pytest.param(1, cnnlib.maxpool1d, cnnlib.maxpool1d_backward, F.max_pool1d, id="maxpool1d"),
    pytest.param(2, cnnlib.maxpool2d, cnnlib.maxpool2d_backward, F.max_pool2d, id="maxpool2d"),
]
AVGPOOLS = [
    pytest.param(1, cnnlib.avgpool1d, cnnlib.avgpool1d_backward, F.avg_pool1d, id="avgpool1d"),
    pytest.param(2, cnnlib.avgpool2d, cnnlib.avgpool2d_backward, F.avg_pool2d, id="avgpool2d"),
]
POOLS = MAXPOOLS + AVGPOOLS


# ---- strategies ----------------------------------------------------------------------


def per_axis(value, ndim):
    """An int or a tuple as a tuple with one entry per spatial axis."""
    return value if isinstance(value, tuple) else (value,) * ndim


def out_len(n, k, stride=1, padding=0, dilation=1):
    """PyTorch's floor-mode output length."""
    return (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1


def hyper(ndim, lo, hi):
    """A hyper-parameter in [lo, hi]: an int, or for 2-D layers also a pair.
    hi may be a tuple with one bound per axis."""
    his = per_axis(hi, ndim)
    single = st.integers(lo, min(his))
    if ndim == 1:
        return single
    return single | st.tuples(*(st.integers(lo, h) for h in his))


def batch(draw):
    return draw(st.integers(1, 3)), draw(st.integers(1, 3))


def random_array(rng, shape, values, dtype):
    if values == "ties":                       # few distinct values: many equal maxima
        return rng.integers(0, 3, size=shape).astype(dtype)
    return rng.standard_normal(shape).astype(dtype)


@st.composite
def conv_cases(draw, ndim, dtype=np.float64):
    """x, w, b, dy and (stride, padding, dilation), with the dilated kernel fitting in
    the padded input along every axis."""
    n, c = batch(draw)
    f = draw(st.integers(1, 4))
    stride, padding, dilation = (draw(hyper(ndim, 1, 3)), draw(hyper(ndim, 0, 2)),
                                 draw(hyper(ndim, 1, 3)))
    spatial, kernel, out = [], [], []
    for s, p, d in zip(per_axis(stride, ndim), per_axis(padding, ndim),
                       per_axis(dilation, ndim), strict=True):
        length = draw(st.integers(1, 9))
        k_max = (length + 2 * p - 1) // d + 1     # largest k with d*(k-1)+1 <= length+2p
        k = draw(st.integers(1, min(k_max, 6)))
        spatial.append(length)
        kernel.append(k)
        out.append(out_len(length, k, s, p, d))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return dict(x=random_array(rng, (n, c, *spatial), "normal", dtype),
                w=random_array(rng, (f, c, *kernel), "normal", dtype),
                b=random_array(rng, (f,), "normal", dtype),
                dy=random_array(rng, (n, f, *out), "normal", dtype),
                hyper=dict(stride=stride, padding=padding, dilation=dilation))


@st.composite
def pool_cases(draw, ndim, values="normal", overlapping=False, dtype=np.float64):
    """x, dy, size and stride (None or int or pair); overlapping: every stride < size."""
    n, c = batch(draw)
    smallest = 2 if overlapping else 1
    spatial = draw(st.tuples(*[st.integers(smallest, 9)] * ndim))
    size = draw(hyper(ndim, smallest, spatial))
    if overlapping:
        stride = draw(hyper(ndim, 1, tuple(k - 1 for k in per_axis(size, ndim))))
    else:
        stride = draw(st.none() | hyper(ndim, 1, 3))
    out = tuple(out_len(length, k, s) for length, k, s in
                zip(spatial, per_axis(size, ndim), per_axis(stride or size, ndim), strict=True))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return dict(x=random_array(rng, (n, c, *spatial), values, dtype),
                dy=random_array(rng, (n, c, *out), values, dtype),
                size=size, stride=stride)


# ---- PyTorch -------------------------------------------------------------------------


def torch_run(fn, dy, *arrays, **kwargs):
    """y = fn(*arrays) in PyTorch and the gradients of sum(y * dy) w.r.t. every array."""
    tensors = [torch.tensor(a, requires_grad=True) for a in arrays]
    y = fn(*tensors, **kwargs)
    (y * torch.from_numpy(dy)).sum().backward()
    return y.detach().numpy(), [t.grad.numpy() for t in tensors]


def torch_pool(fn, case):
    stride = case["stride"] if case["stride"] is not None else case["size"]
    return torch_run(fn, case["dy"], case["x"], kernel_size=case["size"], stride=stride)


def assert_close(actual, expected, tolerance=FLOAT64):
    """Same shape, same dtype, values within tolerance; atol is relative to the size of
    the largest expected value (a sum of many terms has a rounding error that size)."""
    scale = max(1.0, float(np.abs(expected).max(initial=0.0)))
    np.testing.assert_allclose(actual, expected, strict=True, rtol=tolerance["rtol"],
                               atol=tolerance["atol"] * scale)


# ---- convolution ---------------------------------------------------------------------


@pytest.mark.parametrize("bias", [True, False], ids=["bias", "no-bias"])
@pytest.mark.parametrize("ndim, forward, backward, torch_fn", CONVS)
@SETTINGS
@given(data=st.data())
def test_conv_forward(ndim, forward, backward, torch_fn, bias, data):
    case = data.draw(conv_cases(ndim))
    b = case["b"] if bias else None
    expected = torch_fn(torch.from_numpy(case["x"]), torch.from_numpy(case["w"]),
                        None if b is None else torch.from_numpy(b), **case["hyper"])
    assert_close(forward(case["x"], case["w"], b, **case["hyper"]), expected.numpy())


@pytest.mark.parametrize("ndim, forward, backward, torch_fn", CONVS)
@SETTINGS
@given(data=st.data())
def test_conv_backward(ndim, forward, backward, torch_fn, data):
    case = data.draw(conv_cases(ndim))
    _, (dx, dw, db) = torch_run(torch_fn, case["dy"], case["x"], case["w"], case["b"],
                                **case["hyper"])
    got = backward(case["dy"], case["x"], case["w"], **case["hyper"])
    for actual, expected in zip(got, (dx, dw, db), strict=True):
        assert_close(actual, expected)


# ---- pooling -------------------------------------------------------------------------


@pytest.mark.parametrize("values", ["normal", "ties"])
@pytest.mark.parametrize("ndim, forward, backward, torch_fn", POOLS)
@SETTINGS
@given(data=st.data())
def test_pool_forward_and_backward(ndim, forward, backward, torch_fn, values, data):
    case = data.draw(pool_cases(ndim, values))
    y, (dx,) = torch_pool(torch_fn, case)
    assert_close(forward(case["x"], case["size"], case["stride"]), y)
    assert_close(backward(case["dy"], case["x"], case["size"], case["stride"]), dx)


@pytest.mark.parametrize("ndim, forward, backward, torch_fn", MAXPOOLS)
@SETTINGS
@given(data=st.data())
def test_maxpool_ties_in_overlapping_windows(ndim, forward, backward, torch_fn, data):
    """Integer x with many equal maxima, integer dy, stride < size: the sums are exact, so
    the gradient must equal PyTorch's bit for bit (a wrong winner moves a whole dy)."""
    case = data.draw(pool_cases(ndim, "ties", overlapping=True))
    y, (dx,) = torch_pool(torch_fn, case)
    np.testing.assert_array_equal(forward(case["x"], case["size"], case["stride"]), y,
                                  strict=True)
    np.testing.assert_array_equal(backward(case["dy"], case["x"], case["size"],
                                           case["stride"]), dx, strict=True)


@pytest.mark.parametrize("ndim, forward, backward, torch_fn", MAXPOOLS)
def test_maxpool_constant_input_sends_everything_to_first_cell(ndim, forward, backward,
                                                               torch_fn):
    """Every cell ties: each window's gradient goes to its first (top-left) cell."""
    spatial, size = ((7,), 3) if ndim == 1 else ((5, 6), (3, 2))
    x = np.zeros((1, 1, *spatial))
    out = tuple(out_len(n, k) for n, k in zip(spatial, per_axis(size, ndim), strict=True))
    dy = np.arange(1.0, 1 + np.prod(out)).reshape(1, 1, *out)
    _, (dx,) = torch_run(torch_fn, dy, x, kernel_size=size, stride=1)
    np.testing.assert_array_equal(backward(dy, x, size, 1), dx, strict=True)


# ---- float32 -------------------------------------------------------------------------


@pytest.mark.parametrize("ndim, forward, backward, torch_fn", CONVS)
@settings(SETTINGS, max_examples=20)
@given(data=st.data())
def test_conv_float32(ndim, forward, backward, torch_fn, data):
    case = data.draw(conv_cases(ndim, dtype=np.float32))
    y, grads = torch_run(torch_fn, case["dy"], case["x"], case["w"], case["b"],
                         **case["hyper"])
    assert_close(forward(case["x"], case["w"], case["b"], **case["hyper"]), y, FLOAT32)
    got = backward(case["dy"], case["x"], case["w"], **case["hyper"])
    for actual, expected in zip(got, grads, strict=True):
        assert_close(actual, expected, FLOAT32)


@pytest.mark.parametrize("ndim, forward, backward, torch_fn", POOLS)
@settings(SETTINGS, max_examples=20)
@given(data=st.data())
def test_pool_float32(ndim, forward, backward, torch_fn, data):
    case = data.draw(pool_cases(ndim, dtype=np.float32))
    y, (dx,) = torch_pool(torch_fn, case)
    assert_close(forward(case["x"], case["size"], case["stride"]), y, FLOAT32)
    assert_close(backward(case["dy"], case["x"], case["size"], case["stride"]), dx, FLOAT32)
