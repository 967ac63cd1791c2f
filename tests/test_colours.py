"""Colours everyone can tell apart and read (WCAG 2.1 AA 1.4.1, 1.4.3, 1.4.11).

- The marks of the explorers and figures (read, written, winner, padding, never read, empty;
  the neurons of plot.receptive_field, the lines of plot.signals) stay >= 20 apart in
  CAM02-UCS in normal vision and under full protan, deutan and tritan simulation
  (colorspacious "sRGB1+CVD", severity 100). About 1 in 100 men cannot tell two colours
  < 10 apart under protan; at 20 and more they are clearly different.
- Every number we write on a cell has >= 4.5:1 contrast with that cell's fill, measured on
  the drawn figures themselves; the outlines >= 3:1 against their white halo.
"""

import importlib
import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex, to_rgb
from matplotlib.patches import Rectangle

from cnnlib import plot
from cnnlib.plot import fields, scenes

signals = importlib.import_module("cnnlib.plot.signals")   # plot.signals is the function

colorspacious = pytest.importorskip("colorspacious", reason="pip install colorspacious")

pytestmark = pytest.mark.a11y

VISIONS = ("normal", "protanomaly", "deuteranomaly", "tritanomaly")
MARKS = {"read": scenes.READ, "written": scenes.WRITE, "winner": scenes.WINNER,
         "padding": scenes.PAD_FILL, "never read": scenes.UNREAD_FILL,
         "empty": scenes.EMPTY_FILL}
FIGURE_SETS = {"scene marks": MARKS,
               "receptive-field neurons": dict(enumerate(fields.COLOURS)),
               "signal lines (first four)": dict(enumerate(signals.COLOURS[:4]))}


def seen(colour, vision):
    """The colour in CAM02-UCS as a viewer with `vision` sees it."""
    rgb = np.asarray(to_rgb(colour))
    if vision != "normal":
        cvd = {"name": "sRGB1+CVD", "cvd_type": vision, "severity": 100}
        rgb = np.clip(colorspacious.cspace_convert(rgb, cvd, "sRGB1"), 0, 1)
    return colorspacious.cspace_convert(rgb, "sRGB1", "CAM02-UCS")


def distance(a, b, vision):
    return float(np.linalg.norm(seen(a, vision) - seen(b, vision)))


def luminance(colour):
    c = np.asarray(to_rgb(colour))
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return float(c @ [0.2126, 0.7152, 0.0722])


def contrast(a, b):
    dark, light = sorted((luminance(a), luminance(b)))
    return (light + 0.05) / (dark + 0.05)


def test_protan_simulation_matches_the_issue():
    # The old read/written pair: 6.8 apart under full protan, as measured in issue 16.
    assert distance("#e8710a", "#1e8e3e", "protanomaly") == pytest.approx(6.8, abs=0.1)


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize("name", FIGURE_SETS)
def test_marks_stay_apart_in_colour_blind_vision(name, vision):
    colours = FIGURE_SETS[name]
    close = [(a, b, round(distance(colours[a], colours[b], vision), 1))
             for a, b in itertools.combinations(colours, 2)
             if distance(colours[a], colours[b], vision) < 20]
    assert not close, f"{name} under {vision}: closer than 20 in CAM02-UCS: {close}"


def test_never_colour_alone():
    """The three outlines differ in line style as well; padding is hatched."""
    styles = [scenes.MARK_DASH[c] for c in (scenes.READ, scenes.WRITE, scenes.WINNER)]
    assert len(set(styles)) == 3
    assert len(set(signals.STYLES)) == len(signals.STYLES)
    fig = plot.conv_step(np.ones((3, 3)), np.ones((2, 2)), padding=1)
    hatched = [p for p in fig.axes[0].patches if p.get_hatch()]
    plt.close(fig)
    assert len(hatched) == 5 * 5 - 3 * 3         # the padding ring of the 5x5 padded input


@pytest.mark.parametrize("mark", [scenes.READ, scenes.WRITE, scenes.WINNER])
def test_outlines_stand_out_from_their_halo(mark):
    assert contrast(mark, scenes.HALO) >= 3


def _number_backgrounds(fig):
    """(text colour, fill under it, text) for every text drawn inside a filled cell."""
    found = []
    for ax in fig.axes:
        cells = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_fill()]
        for text in ax.texts:
            if not text.get_text().strip():
                continue
            x, y = text.get_position()
            under = [p for p in cells if p.get_x() <= x <= p.get_x() + p.get_width()
                     and min(p.get_y(), p.get_y() + p.get_height()) <= y
                     <= max(p.get_y(), p.get_y() + p.get_height())]
            if under:
                found.append((text.get_color(), under[-1].get_facecolor(), text.get_text()))
    return found


def _figures():
    x = np.array([[3, -2, 0, 1, -1], [2, 1, -3, 0, 2], [-1, 0, 2, 3, 1],
                  [0, 2, 1, -2, 3], [1, -1, 0, 2, -3]], dtype=float)
    w = np.array([[1, 0, -1], [2, 0, -2], [1, 0, -1]], dtype=float)
    dy = np.array([[1, -2], [0.5, 3]])
    yield "conv, padding 1, stride 2", plot.conv_step(x, w, padding=1, stride=2, step=1)
    yield "conv, stride 3 (never-read cells)", plot.conv_step(x, w[:2, :2], stride=3)
    yield "conv backward, scatter", plot.conv_backward_step(x[:3, :3], w[:2, :2], dy, step=2)
    yield "conv backward, gather", plot.conv_backward_step(x[:3, :3], w[:2, :2], dy, step=2,
                                                           view="gather")
    yield "max pool", plot.pool_step(x[:4, :4], 2, step=3)
    yield "average pool backward", plot.pool_backward_step(x[:4, :4], dy, 2, kind="avg")
    yield "grids", plot.grids({"a": x, "k": w, "extremes": [-9, -1, 0, 1, 9]})
    yield "conv_matrix", plot.conv_matrix(w[:2, :2], (3, 3), padding=1)


@pytest.mark.parametrize("name,fig", list(_figures()), ids=lambda v: v if isinstance(v, str)
                         else "")
def test_numbers_on_cells_have_4_5_to_1(name, fig):
    found = _number_backgrounds(fig)
    plt.close(fig)
    assert found, f"{name}: no numbers on cells found (the test would prove nothing)"
    low = {(text, to_hex(colour), to_hex(fill), round(contrast(colour, fill), 2))
           for colour, fill, text in found if contrast(colour, fill) < 4.5}
    assert not low, f"{name}: text below 4.5:1 on its cell: {sorted(low)[:5]}"


def test_every_value_fill_takes_black_numbers():
    """The whole diverging value scale, not only the values the figures above happen to hold."""
    fills = [scenes.fill(v, 1.0) for v in np.linspace(-1, 1, 81)]
    fills += [scenes.PAD_FILL, scenes.UNREAD_FILL, scenes.EMPTY_FILL]
    worst = min(fills, key=lambda f: contrast(scenes.CELL_TEXT, f))
    assert contrast(scenes.CELL_TEXT, worst) >= 4.5, worst
    for fill in (scenes.PAD_FILL, scenes.UNREAD_FILL):
        assert contrast(scenes.STYLED_TEXT, fill) >= 4.5, fill
