"""A network's costs (parameters, multiply-adds, activations) against hand counts."""

import numpy as np
import pytest

from cnnlib import costs, nn


def lenet5():
    rng = np.random.default_rng(0)
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2, rng=rng), nn.ReLU(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5, rng=rng), nn.ReLU(), nn.AvgPool2d(2), nn.Flatten(),
        nn.Linear(400, 120, rng=rng), nn.ReLU(), nn.Linear(120, 84, rng=rng), nn.ReLU(),
        nn.Linear(84, 10, rng=rng))


def test_lenet5_by_hand():
    rows = costs.layer_costs(lenet5(), (1, 28, 28))
    conv1, conv2, fc1 = rows[0], rows[3], rows[7]
    assert conv1.out_shape == (6, 28, 28) and conv1.parameters == 6 * 25 + 6
    assert conv1.mult_adds == 6 * 28 * 28 * 25
    assert conv2.out_shape == (16, 10, 10) and conv2.parameters == 16 * 6 * 25 + 16
    assert conv2.mult_adds == 16 * 10 * 10 * 6 * 25
    assert fc1.parameters == 400 * 120 + 120 and fc1.mult_adds == 400 * 120
    assert sum(r.parameters for r in rows) == 61_706
    assert sum(r.mult_adds for r in rows) == 416_520
    assert rows[2].mult_adds == 0 and rows[2].activations == 6 * 14 * 14


def test_conv_count_equals_the_products_the_loops_do():
    """F·H'·W'·C·KH·KW: one product per (output cell, input channel, kernel cell)."""
    model = nn.Sequential(nn.Conv2d(3, 4, (3, 2), stride=2, padding=1))
    (row,) = costs.layer_costs(model, (3, 7, 6))
    oh, ow = row.out_shape[1:]
    assert row.mult_adds == 4 * oh * ow * 3 * 3 * 2
    assert row.activations == 4 * oh * ow


def test_transposed_conv_count_equals_the_products_it_stamps():
    """Each input cell stamps a C_out x KH x KW kernel: with ones for x and w and no
    padding, every product lands in y, so y sums to the number of multiply-adds."""
    model = nn.Sequential(nn.ConvTranspose2d(2, 3, (3, 2), stride=2, rng=0))
    model[0].weight[...] = 1.0
    model[0].bias[...] = 0.0
    (row,) = costs.layer_costs(model, (2, 4, 5))
    y = model.forward(np.ones((1, 2, 4, 5), dtype=np.float32))
    assert row.mult_adds == y.sum() == 2 * 4 * 5 * 3 * 3 * 2


def test_table_has_a_total_line():
    text = costs.cost_table(costs.layer_costs(lenet5(), (1, 28, 28)))
    last = text.splitlines()[-1].split()
    assert last[:3] == ["total", "61,706", "416,520"] and last[-2:] == ["60.0", "KB"]


@pytest.mark.parametrize("call, error, message", [
    (lambda: costs.layer_costs([nn.ReLU()], (1, 8, 8)), TypeError, "Sequential"),
    (lambda: costs.layer_costs(lenet5(), (1, 3, 3)), ValueError, "in_shape .* does not fit"),
    (lambda: costs.layer_costs(lenet5(), (1, 0, 28)), ValueError, "in_shape must be >= 1"),
])
def test_bad_arguments_are_named(call, error, message):
    with pytest.raises(error, match=message):
        call()
