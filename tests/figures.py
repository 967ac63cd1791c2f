"""Shared check for every drawing: it renders, warns about nothing, and leaves no
figure open but the one it returns."""

import warnings

import matplotlib.pyplot as plt


def render_alone(make, path):
    """Call make() with warnings as errors, save the figure to path, check no other
    figure is open; returns the figure (still open: close it when done)."""
    plt.close("all")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = make()
        fig.savefig(path)
    assert plt.get_fignums() == [fig.number], "the drawing left other figures open"
    return fig
