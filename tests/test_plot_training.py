"""cnnlib.plot.training: every picture renders, returns its Figure, leaves nothing else
open, uses projector-sized text, and refuses bad input with a clear message."""


import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from figures import render_alone

from cnnlib.plot import training

RNG = np.random.default_rng(0)
HISTORY = {"loss": [2.0, 1.0, 0.5], "acc": [0.3, 0.6, 0.8], "val_acc": [0.3, 0.5, 0.7]}
LABELS = RNG.integers(0, 10, 50)

FIGURES = {
    "signals": lambda: training.examples(RNG.standard_normal((50, 1, 40)), LABELS, 2),
    "images": lambda: training.examples(RNG.random((50, 1, 8, 8)), LABELS),
    "one history": lambda: training.training_curves(HISTORY),
    "compared": lambda: training.training_curves(
        {"CNN": HISTORY, "MLP": dict(HISTORY, val_acc=[])}, title="CNN vs MLP"),
    "1-D kernels": lambda: training.kernels(RNG.standard_normal((25, 1, 5))),
    "1-D kernels, channels": lambda: training.kernels(RNG.standard_normal((4, 3, 5))),
    "2-D kernels": lambda: training.kernels(RNG.standard_normal((16, 1, 3, 3))),
    "RGB kernels": lambda: training.kernels(RNG.standard_normal((6, 3, 5, 5))),
    "1-D maps": lambda: training.feature_maps(RNG.standard_normal((3, 1, 40)),
                                              RNG.random((3, 25, 19)), labels=[1, 2, 3]),
    "2-D maps": lambda: training.feature_maps(RNG.random((2, 1, 8, 8)),
                                              RNG.random((2, 16, 8, 8))),
    "confusion": lambda: training.confusion_matrix(LABELS, (LABELS + (LABELS > 7)) % 10),
}


@pytest.mark.parametrize("name", FIGURES)
def test_figure_renders_alone_with_legible_text(name, tmp_path):
    fig = render_alone(FIGURES[name], tmp_path / "figure.png")
    assert fig.get_suptitle()                          # says what is shown
    sizes = [t.get_fontsize() for t in fig.findobj(matplotlib.text.Text) if t.get_text()]
    assert min(sizes) >= 12
    plt.close(fig)


def test_confusion_matrix_counts():
    fig = training.confusion_matrix(np.array([0, 0, 1, 2]), np.array([0, 1, 1, 2]))
    cells = sorted(t.get_text() for t in fig.axes[0].texts)
    assert cells == ["1", "1", "1", "1"]
    assert "75%" in fig.get_suptitle()
    plt.close(fig)


@pytest.mark.parametrize("call, error, words", [
    (lambda: training.training_curves([1, 2]), TypeError, "histories"),
    (lambda: training.training_curves({"a": {"loss": []}}), ValueError, "histories"),
    (lambda: training.examples(np.zeros((4, 40)), np.zeros(4, int)), ValueError, "x must"),
    (lambda: training.kernels(np.zeros((4, 5))), ValueError, "weight"),
    (lambda: training.kernels(np.zeros((4, 2, 3, 3))), ValueError, "C = 1 or 3"),
    (lambda: training.feature_maps(np.zeros((2, 1, 8)), np.zeros((3, 4, 8))), ValueError,
     "one entry per input"),
    (lambda: training.feature_maps(np.zeros((2, 1, 8)), np.zeros((2, 4, 3, 3))), ValueError,
     "maps"),
    (lambda: training.confusion_matrix(np.zeros(3, int), np.zeros(4, int)), ValueError,
     "same shape"),
    (lambda: training.confusion_matrix(np.zeros(3), np.zeros(3)), ValueError, "y_true"),
])
def test_bad_input(call, error, words):
    with pytest.raises(error, match=words):
        call()
    assert plt.get_fignums() == [] or plt.close("all")


def test_1d_feature_maps_sit_under_the_windows_they_read():
    from cnnlib import nn
    conv = nn.Conv1d(1, 4, 5, stride=2, padding=1)          # 40 -> 19 positions
    fig = training.feature_maps(RNG.standard_normal((2, 1, 40)), RNG.random((2, 4, 19)),
                                layer=conv)
    maps_ax = next(ax for ax in fig.axes if ax.images)
    left, right, _, _ = maps_ax.images[0].get_extent()
    assert (left, right) == (0.0, 38.0)      # centres 2j - 1 + 2 = 1 .. 37, one stride wide
    assert fig.axes[0].get_xlim() == maps_ax.get_xlim()
    plt.close(fig)


def test_a_model_has_one_colour_in_every_figure():
    first = training.training_curves({"logistic regression": HISTORY, "MLP": HISTORY,
                                      "CNN": HISTORY})
    second = training.training_curves({"CNN": HISTORY, "MLP": HISTORY})
    colour = {fig: {line.get_label(): line.get_color() for line in fig.axes[0].lines}
              for fig in (first, second)}
    assert colour[first]["CNN"] == colour[second]["CNN"]
    assert colour[first]["MLP"] == colour[second]["MLP"]
    plt.close("all")
