"""cnnlib.fields.coverage and the drawings of cnnlib.plot.fields / cnnlib.plot.signals."""


import matplotlib.pyplot as plt
import numpy as np
import pytest
from figures import render_alone
from hypothesis import given
from hypothesis import strategies as st

import cnnlib
from cnnlib import plot
from cnnlib.fields import coverage


def test_the_lecture_examples():
    assert coverage(7, 3, stride=3).tolist() == [1, 1, 1, 1, 1, 1, 0]    # cell 6 never read
    assert coverage(7, 3, stride=3, padding=1).tolist() == [1] * 7
    assert coverage(7, 3, stride=2).tolist() == [1, 1, 2, 1, 2, 1, 1]
    assert coverage(5, 3, padding=1).tolist() == [2, 3, 3, 3, 2]
    assert coverage(7, 3, dilation=2).tolist() == [1, 1, 2, 1, 2, 1, 1]
    grid = coverage((7, 7), 3, stride=3)
    assert grid.shape == (7, 7) and (grid[6] == 0).all() and (grid[:, 6] == 0).all()


@given(n=st.integers(1, 12), k=st.integers(1, 4), s=st.integers(1, 3), p=st.integers(0, 2),
       d=st.integers(1, 2))
def test_coverage_counts_the_windows_of_conv1d(n, k, s, p, d):
    """The count is d(sum of outputs)/dx for all-ones: each window adds 1 to each cell."""
    if d * (k - 1) + 1 > n + 2 * p:
        with pytest.raises(ValueError, match="coverage: the window"):
            coverage(n, k, s, p, d)
        return
    x, w = np.zeros((1, 1, n)), np.ones((1, 1, k))
    dy = np.ones((1, 1, cnnlib.output_size(n, k, s, p, d)))
    dx, _, _ = cnnlib.conv1d_backward(dy, x, w, s, p, d)
    assert coverage(n, k, s, p, d).tolist() == dx[0, 0].astype(int).tolist()


def test_two_dimensions_take_pairs():
    grid = coverage((5, 6), (3, 2), stride=(1, 2), padding=(1, 0))
    assert grid.shape == (5, 6)
    assert grid.tolist() == np.outer(coverage(5, 3, 1, 1), coverage(6, 2, 2, 0)).tolist()


@pytest.mark.parametrize("args, error, match", [
    ((0, 3), ValueError, "shape must be >= 1"),
    ((7, 3, 0), ValueError, "stride must be >= 1"),
    ((7, 2.5), TypeError, "k must be an int"),
    (((7, 7, 7), 3), ValueError, "shape must be an int or a pair"),
])
def test_bad_arguments_are_named(args, error, match):
    with pytest.raises(error, match=match):
        coverage(*args)


FIGURES = {
    "receptive field": lambda: plot.receptive_field(28, 5, at=[(0, 0), (0, 1), (15, 10)]),
    "padded stride": lambda: plot.receptive_field(7, 3, stride=2, padding=1, at=[(1, 2)]),
    "images to scale": lambda: plot.images({"map": np.ones((24, 24)), "pooled": -np.eye(12)}),
    "images rgb": lambda: plot.images({"rgb": np.zeros((8, 6, 3)), "w": np.ones((1, 3))},
                                      to_scale=False, title="t"),
    "signals": lambda: plot.signals({"a": np.arange(5.0), "b": {"x": np.ones(5), "y": [0] * 5}},
                                    marks={"a": [2]}, shade=(0, 2, "trained"), title="t"),
}


def _drawn_texts(fig):
    """Every text a reader sees: titles, labels, legends, tick labels of visible axes."""
    texts = list(fig.texts)
    for ax in fig.axes:
        texts += [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
        if ax.get_legend():
            texts += ax.get_legend().get_texts()
        if ax.axison:
            texts += ax.get_xticklabels() + ax.get_yticklabels()
    return [t for t in texts if t.get_text() and t.get_visible()]


@pytest.mark.parametrize("name", FIGURES)
def test_figures_render_cleanly_at_projector_size(name, tmp_path):
    fig = render_alone(FIGURES[name], tmp_path / "figure.png")
    sizes = [t.get_fontsize() for t in _drawn_texts(fig)]
    assert sizes and min(sizes) >= 12
    assert fig.get_size_inches()[0] <= 10.5            # fits a notebook without shrinking
    plt.close(fig)


def test_receptive_field_draws_one_window_per_neuron():
    fig = plot.receptive_field(28, 5, at=[(0, 0), (3, 4)])
    left, right = fig.axes
    windows = [p for p in left.patches if p.get_width() == 5 and not p.get_fill()]
    assert sorted((p.get_x(), p.get_y()) for p in windows) == [(0, 0), (4, 3)]
    assert "24x24" in right.get_title()
    plt.close(fig)


@pytest.mark.parametrize("call, error, match", [
    (lambda: plot.receptive_field(28, 5, at=[(24, 0)]), ValueError, "inside the 24x24"),
    (lambda: plot.receptive_field(3, 5), ValueError, "larger than the input"),
    (lambda: plot.images({}), TypeError, "non-empty dict"),
    (lambda: plot.images({"x": np.ones(3)}), ValueError, "2-D array"),
    (lambda: plot.signals({"x": np.ones((2, 2))}), ValueError, "1-D array"),
    (lambda: plot.signals({"x": np.ones(3)}, marks={"y": [1]}), ValueError, "do not exist"),
])
def test_drawings_refuse_bad_input(call, error, match):
    plt.close("all")
    with pytest.raises(error, match=match):
        call()
    assert plt.get_fignums() == []
