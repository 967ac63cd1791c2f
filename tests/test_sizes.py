"""output_size: the floor formula, and the sizes it refuses."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cnnlib


@given(n=st.integers(1, 64), k=st.integers(1, 9), stride=st.integers(1, 5),
       padding=st.integers(0, 4), dilation=st.integers(1, 4))
def test_floor_formula_or_refusal(n, k, stride, padding, dilation):
    expected = (n + 2 * padding - dilation * (k - 1) - 1) // stride + 1
    if n + 2 * padding >= dilation * (k - 1) + 1:
        assert cnnlib.output_size(n, k, stride, padding, dilation) == expected
        assert expected >= 1
    else:
        with pytest.raises(ValueError, match="larger than"):
            cnnlib.output_size(n, k, stride, padding, dilation)


@pytest.mark.parametrize("n, k, stride, padding, expected", [
    (28, 5, 1, 0, 24),   # the slide: 5x5 receptive field on 28x28 -> 24x24 hidden layer
    (7, 3, 1, 0, 5),     # 7x7 input, 3x3 filter, stride 1 -> 5x5
    (7, 3, 2, 0, 3),     # stride 2 -> 3x3
    (7, 3, 3, 0, 2),     # stride 3 does not fit evenly: floor drops the last column
    (32, 5, 1, 2, 32),   # padding (k-1)/2 keeps the size
])
def test_lecture_examples(n, k, stride, padding, expected):
    assert cnnlib.output_size(n, k, stride, padding) == expected


@pytest.mark.parametrize("n, k", [(5, 2), (9, 4), (28, 5)])
def test_matches_actual_layer_outputs(n, k):
    for stride in (1, 2, 3):
        for padding in (0, 1, 2):
            y = cnnlib.conv2d(np.zeros((1, 1, n, n)), np.zeros((1, 1, k, k)), stride=stride,
                              padding=padding)
            assert y.shape[2:] == (cnnlib.output_size(n, k, stride, padding),) * 2
