"""matrix.im2col: the window matrix behind cnnlib.conv2d, against the loops of cnnlib.naive."""

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import conv_cases

from cnnlib import matrix, naive


@settings(max_examples=60, deadline=None)
@given(case=conv_cases(2))
def test_one_matrix_product_per_image_is_the_convolution(case):
    x, w = case["x"], case["w"]
    hyper = {k: case[k] for k in ("stride", "padding", "dilation")}
    cols = matrix.im2col(x, w, **hyper)
    y = naive.conv2d(x, w, **hyper)
    n, f = y.shape[:2]
    assert cols.shape == (n, w[0].size, y.shape[2] * y.shape[3])
    np.testing.assert_allclose(np.matmul(w.reshape(f, -1), cols).reshape(y.shape), y,
                               rtol=1e-12, atol=1e-12)


def test_columns_are_the_windows():
    x = np.arange(16.0).reshape(1, 1, 4, 4)
    cols = matrix.im2col(x, np.zeros((1, 1, 2, 2)), stride=2)
    np.testing.assert_array_equal(cols[0, :, 0], [0, 1, 4, 5])       # window at (0, 0)
    np.testing.assert_array_equal(cols[0, :, 3], [10, 11, 14, 15])   # window at (1, 1)


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match="im2col: w .* has C=2 input channels"):
        matrix.im2col(np.zeros((1, 1, 4, 4)), np.zeros((1, 2, 2, 2)))
    with pytest.raises(ValueError, match="im2col: the window of height 5"):
        matrix.im2col(np.zeros((1, 1, 4, 4)), np.zeros((1, 1, 5, 5)))
