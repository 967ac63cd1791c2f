"""plot.network draws a model from the model: every shape it prints is a shape the layers
produce, every parameter count the layers' own; it fits a projector slide."""

import matplotlib.pyplot as plt
import pytest
from figures import render_alone

from cnnlib import nn, plot


def _texts(fig):
    return "\n".join(t.get_text() for ax in fig.axes for t in ax.texts)


def test_the_lecture_network_with_its_shapes_and_parameters(tmp_path):
    model = nn.Sequential(nn.Conv2d(1, 3, 5, rng=0), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                          nn.Linear(3 * 12 * 12, 10, rng=0))
    fig = render_alone(lambda: plot.network(model, (1, 28, 28)), tmp_path / "net.png")
    text = _texts(fig)
    for expected in ("28 x 28", "3 maps\n24 x 24", "3 maps\n12 x 12", "432\nnumbers",
                     "78 parameters", "4,330 parameters", "max pool\n2x2", "432 → 10"):
        assert expected in text
    assert fig.get_size_inches()[1] <= 6
    plt.close(fig)


def test_a_model_that_does_not_fit_the_input_says_so():
    model = nn.Sequential(nn.Conv2d(1, 3, 5, rng=0), nn.Flatten(), nn.Linear(10, 2, rng=0))
    with pytest.raises(ValueError, match="in_shape"):
        plot.network(model, (1, 28, 28))
