"""Receptive fields of layer stacks, held against the gradient from cnnlib's own backward
passes: the cells an output sees are where d out / d input is not zero."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import cnnlib
from cnnlib import nn
from cnnlib import receptive as rf

CONV = {1: (cnnlib.conv1d, cnnlib.conv1d_backward), 2: (cnnlib.conv2d, cnnlib.conv2d_backward)}


def gradient_of_one_output(layers, in_shape, at, weights):
    """d out[at] / d x through a conv stack (one channel), by the layers' backward passes.
    weights(shape) gives each layer's kernel."""
    nd = len(in_shape)
    forward, backward = CONV[nd]
    x = np.zeros((1, 1) + tuple(in_shape))
    inputs, kernels = [], []
    for spec in layers:
        w = weights(rf._checked("test", [spec], nd)[0]["kernel"])[None, None]
        inputs.append(x)
        kernels.append(w)
        x = forward(x, w, None, spec.get("stride", 1), spec.get("padding", 0),
                    spec.get("dilation", 1))
    dy = np.zeros_like(x)
    dy[(0, 0) + tuple(np.atleast_1d(at))] = 1.0
    for spec, x_in, w in zip(reversed(layers), reversed(inputs), reversed(kernels)):
        dy = backward(dy, x_in, w, spec.get("stride", 1), spec.get("padding", 0),
                      spec.get("dilation", 1))[0]
    return dy[0, 0]


def positive(shape):
    """Weights in 0.5..1.5: no cancelling, so the gradient is nonzero wherever a path is."""
    return np.random.default_rng(0).uniform(0.5, 1.5, size=shape)


STACKS = [
    [rf.layer(3), rf.layer(3), rf.layer(3)],
    [rf.layer(3), rf.layer(2, 2), rf.layer(3)],                    # conv, pool, conv
    [rf.layer(3, 2), rf.layer(3, 2), rf.layer(2)],                 # strides that compound
    [rf.layer(2, 3), rf.layer(3, 1, 2), rf.layer(2, 2, 3)],        # 2 and 3 don't divide
    [rf.layer(3, 1, 2), rf.layer(3, 1, 4)],                        # dilation: holes
    [rf.layer(4, 3, 1, 2), rf.layer(3, 2, 2, 1)],                  # with padding
    [rf.layer((3, 2), (2, 1), (1, 2)), rf.layer((2, 3), (1, 2))],  # per-axis pairs
]


@pytest.mark.parametrize("layers, nd", [(layers, nd) for layers in STACKS for nd in (1, 2)
                                         if nd == 2 or layers is not STACKS[-1]])
def test_field_is_where_the_gradient_is_nonzero(layers, nd):
    in_shape = (25,) if nd == 1 else (23, 25)
    top = rf.shapes(layers, in_shape)[-1]
    for at in [tuple(0 for _ in top), tuple(n // 2 for n in top), tuple(n - 1 for n in top)]:
        grad = gradient_of_one_output(layers, in_shape, at, positive)
        np.testing.assert_array_equal(rf.receptive_field(layers, in_shape, at), grad != 0)
        ones = gradient_of_one_output(layers, in_shape, at, np.ones)
        np.testing.assert_array_equal(rf.paths(layers, in_shape, at), ones)


@st.composite
def stacks(draw):
    layers = [rf.layer(draw(st.integers(1, 4)), draw(st.integers(1, 3)),
                       draw(st.integers(1, 3)), draw(st.integers(0, 2)))
              for _ in range(draw(st.integers(1, 4)))]
    return layers, draw(st.integers(4, 30))


@settings(max_examples=60, deadline=None)
@given(case=stacks(), data=st.data())
def test_any_stack_matches_the_gradient(case, data):
    layers, n = case
    try:
        top = rf.shapes(layers, n)[-1]
    except ValueError:
        assume(False)
    at = data.draw(st.integers(0, top[0] - 1))
    np.testing.assert_array_equal(rf.paths(layers, n, at),
                                  gradient_of_one_output(layers, (n,), at, np.ones))
    np.testing.assert_array_equal(rf.receptive_field(layers, n, at),
                                  gradient_of_one_output(layers, (n,), at, positive) != 0)


def test_max_pooling_sends_the_gradient_to_a_part_of_the_field():
    """With max pooling the gradient reaches only the winners: a subset of the field."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((1, 1, 12, 12))
    model = nn.Sequential(nn.Conv2d(1, 1, 3, rng=rng, dtype=np.float64), nn.MaxPool2d(2),
                          nn.Conv2d(1, 1, 3, rng=rng, dtype=np.float64))
    y = model.forward(x)
    dy = np.zeros_like(y)
    dy[0, 0, 1, 2] = 1.0
    grad = model.backward(dy)[0, 0]
    field = rf.receptive_field(rf.layers_of(model), (12, 12), (1, 2))
    assert (grad != 0).sum() > 0 and not (grad[~field]).any()


def test_paths_by_layer_levels():
    layers = STACKS[1]
    levels = rf.paths_by_layer(layers, 16, 2)
    assert [lv.shape for lv in levels] == [(n,) for (n,) in rf.shapes(layers, 16)]
    assert levels[-1].tolist() == [0, 0, 1, 0, 0]
    np.testing.assert_array_equal(levels[0], rf.paths(layers, 16, 2))
    assert rf.paths(layers, 16, 2).tolist() == [0] * 4 + [1, 2, 3, 3, 3, 3, 2, 1] + [0] * 4


def test_field_size_formula():
    assert rf.field_size([rf.layer(3)] * 3) == (7, 1)
    assert rf.field_size(STACKS[1]) == (8, 2)                 # 1 + 2 + 1·1 + 2·2
    assert rf.field_size(STACKS[4]) == (13, 1)                # 1 + 2·2 + 2·4
    assert rf.field_size(STACKS[6]) == ((5, 5), (2, 2))
    # the formula is the field's extent for a cell away from the borders
    for layers in STACKS[:5]:
        n = 60
        top = rf.shapes(layers, n)[-1][0]
        cells = np.flatnonzero(rf.receptive_field(layers, n, top // 2))
        assert cells[-1] - cells[0] + 1 == rf.field_size(layers)[0]


def test_layers_of_a_model():
    model = nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                          nn.Conv2d(4, 4, (3, 1), stride=2), nn.Flatten(), nn.Linear(4, 2))
    assert rf.layers_of(model) == [rf.layer((3, 3), (1, 1), 1, (1, 1)),
                                   rf.layer((2, 2), (2, 2)),
                                   rf.layer((3, 1), (2, 2), 1, (0, 0))]
    assert rf.field_size(rf.layers_of(model)) == ((8, 4), (4, 4))


@pytest.mark.parametrize("call, error, message", [
    (lambda: rf.paths([], 8, 0), TypeError, "non-empty list"),
    (lambda: rf.paths(rf.layer(3), 8, 0), TypeError, "list of layer dicts"),
    (lambda: rf.paths([{"size": 3}], 8, 0), ValueError, r"layers\[0\] must be a dict"),
    (lambda: rf.paths([rf.layer(0)], 8, 0), ValueError, r"layers\[0\]\['kernel'\]"),
    (lambda: rf.paths([rf.layer(3, 1.5)], 8, 0), TypeError, r"\['stride'\]"),
    (lambda: rf.paths([rf.layer(3)], 8, 6), ValueError, "at must be a cell"),
    (lambda: rf.paths([rf.layer(9)], 8, 0), ValueError, r"layers\[0\].*larger than"),
    (lambda: rf.paths([rf.layer(3)], (2, 3, 4), 0), ValueError, "in_shape"),
    (lambda: rf.paths([rf.layer(3)], (8, 8), (0, 0, 0)), ValueError, "at must be"),
    (lambda: rf.layers_of([rf.layer(3)]), TypeError, "Sequential"),
])
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_transposed_conv_is_refused_not_skipped():
    model = nn.Sequential(nn.Conv2d(1, 2, 3, rng=0), nn.ConvTranspose2d(2, 1, 2, stride=2, rng=0))
    with pytest.raises(ValueError, match="layers_of: a ConvTranspose2d"):
        rf.layers_of(model)
