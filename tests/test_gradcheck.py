"""The referees themselves: numerical_gradient and rel_error."""

import numpy as np
import pytest

from cnnlib.gradcheck import numerical_gradient, rel_error


def test_numerical_gradient_of_known_functions():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    assert rel_error(numerical_gradient(lambda v: v ** 2, x), 2 * x) < 1e-9
    dy = np.array([[1.0, 2.0], [3.0, 4.0]])
    assert rel_error(numerical_gradient(np.sin, x, dy), np.cos(x) * dy) < 1e-9


def test_numerical_gradient_leaves_x_untouched_and_accepts_ints():
    x = np.array([1, 2, 3])
    grad = numerical_gradient(lambda v: 3 * v, x)
    np.testing.assert_array_equal(x, [1, 2, 3])
    assert grad.dtype == np.float64
    np.testing.assert_allclose(grad, [3, 3, 3])


def test_numerical_gradient_of_a_scalar_function():
    x = np.array([1.0, 2.0])
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v ** 3), x), 3 * x ** 2,
                               rtol=1e-8)


def test_rel_error():
    a = np.array([1.0, 2.0, 0.0])
    assert rel_error(a, a) == 0.0
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error(a, a + [0.0, 0.0, 2e-12]) == pytest.approx(1e-12)
    assert rel_error([1.0], [2.0]) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="same shape"):
        rel_error(np.zeros(2), np.zeros(3))
