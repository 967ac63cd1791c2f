"""correlate / convolve (the slides' `*` on plain arrays) equal scipy.signal's."""

import numpy as np
import pytest
import scipy.signal
from hypothesis import given, settings
from hypothesis import strategies as st

import cnnlib


@st.composite
def signal_and_kernel(draw, mode):
    ndim = draw(st.sampled_from([1, 2]))
    a_shape = tuple(draw(st.integers(1, 8)) for _ in range(ndim))
    if mode == "valid":            # the kernel must fit inside a
        k_shape = tuple(draw(st.integers(1, n)) for n in a_shape)
    else:
        k_shape = tuple(draw(st.integers(1, 8)) for _ in range(ndim))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return rng.standard_normal(a_shape), rng.standard_normal(k_shape)


@pytest.mark.parametrize("mode", ["valid", "full", "same"])
@settings(max_examples=150)
@given(data=st.data())
def test_equals_scipy(mode, data):
    a, k = data.draw(signal_and_kernel(mode))
    np.testing.assert_allclose(cnnlib.correlate(a, k, mode), scipy.signal.correlate(a, k, mode),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(cnnlib.convolve(a, k, mode), scipy.signal.convolve(a, k, mode),
                               rtol=1e-12, atol=1e-12)


def test_convolution_is_correlation_with_the_kernel_rotated_180_degrees():
    rng = np.random.default_rng(0)
    a, k = rng.standard_normal((6, 5)), rng.standard_normal((3, 2))
    np.testing.assert_allclose(cnnlib.convolve(a, k), cnnlib.correlate(a, np.rot90(k, 2)))


def test_slide_example_by_hand():
    a = np.array([1.0, 2.0, 3.0, 4.0])
    np.testing.assert_array_equal(cnnlib.correlate(a, [1.0, -1.0]), [-1, -1, -1])
    np.testing.assert_array_equal(cnnlib.convolve(a, [1.0, -1.0]), [1, 1, 1])


def test_integer_inputs_give_float64():
    out = cnnlib.correlate(np.arange(5), np.array([1, 2]))
    assert out.dtype == np.float64
    np.testing.assert_array_equal(out, [2, 5, 8, 11])


def test_float32_stays_float32():
    a = np.ones((4, 4), dtype=np.float32)
    assert cnnlib.convolve(a, np.ones((2, 2), dtype=np.float32), "same").dtype == np.float32
