"""The backprop explorers keep the notebook's dy wherever it still fits the output when a
knob changes the output's size, and say which cells are made up."""

import numpy as np

from cnnlib import widgets

X = np.arange(16.0).reshape(4, 4)
DY = np.array([[4.0, 8.0], [-4.0, 12.0]])


def _dy_panel(explorer):
    scene = explorer.scene
    panel = next(p for p in scene["panels"] if p["title"].startswith("upstream dy"))
    return np.array([float(c[0]) for c in panel["cells"]]).reshape(panel["rows"], panel["cols"])


def test_a_bigger_output_keeps_dy_in_its_corner_and_says_so():
    explorer = widgets.pool_backprop_explorer(x=X, dy=DY, kind="avg")
    assert "note" not in explorer.scene
    explorer.knobs["stride"].value = 1                        # 2x2 -> 3x3 windows
    assert np.array_equal(_dy_panel(explorer)[:2, :2], DY)
    note = explorer.scene["note"]
    assert "top-left 2x2" in note and "other 5 cells are made-up" in note
    assert "top-left 2x2" in explorer.status.value


def test_a_smaller_output_keeps_the_part_of_dy_that_fits():
    dy = np.arange(9.0).reshape(3, 3) - 4
    explorer = widgets.conv_backprop_explorer(x=X, w=np.ones((2, 2)), dy=dy)
    explorer.knobs["stride"].value = 2                        # 3x3 -> 2x2 outputs
    assert explorer.scene["note"].endswith("showing the top-left 2x2 of your dy")


def test_back_to_the_notebook_shape_means_the_notebook_dy_and_no_note():
    explorer = widgets.pool_backprop_explorer(x=X, dy=DY, kind="max")
    explorer.knobs["stride"].value = 1
    explorer.knobs["stride"].value = 0                        # "= window" again
    assert "note" not in explorer.scene
