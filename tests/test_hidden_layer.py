"""naive.hidden_layer, the slide's sum for one input and one kernel, is conv2d's answer."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cnnlib
from cnnlib import naive


@given(st.integers(1, 6), st.integers(1, 6), st.integers(1, 3), st.integers(1, 3),
       st.integers(0, 2**32 - 1))
def test_hidden_layer_is_conv2d(h, w, kh, kw, seed):
    rng = np.random.default_rng(seed)
    a, k = rng.standard_normal((h + kh - 1, w + kw - 1)), rng.standard_normal((kh, kw))
    expected = cnnlib.conv2d(a[None, None], k[None, None], np.array([0.5]))[0, 0]
    np.testing.assert_allclose(naive.hidden_layer(a, k, 0.5), expected, rtol=1e-12, atol=1e-12)


def test_a_kernel_larger_than_the_input_is_refused():
    with pytest.raises(ValueError, match="naive.hidden_layer: a must be"):
        naive.hidden_layer(np.zeros((3, 3)), np.zeros((4, 4)), 0.0)
