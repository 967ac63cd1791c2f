"""Receptive fields and images at a glance, for layers too big to show with numbers.

    receptive_field(28, 5)               the 5x5 windows of two hidden neurons on a 28x28
                                         input, and those neurons in the 24x24 hidden layer
    images({"map": m, "pooled": p})      images side by side, drawn to the same pixel scale

Text 13 pt, titles 15 pt (a projector). Each function returns a new Figure.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import ConnectionPatch, Rectangle

from .._checks import as_int, output_length
from .describe import describe
from .fonts import MAX_HEIGHT_INCHES, TEXT_PT, TITLE_PT
from .grids import show_map
from .scenes import PAD_FILL, READ, WRITE

__all__ = ["receptive_field", "images"]

# One per neuron (orange, green as in scenes), >= 20 apart in colour-blind vision too;
# each window is also joined to its neuron by an arrow.
COLOURS = (READ, "#a142f4", WRITE, "#202124")
GRID_LINE = "#bdbdbd"


def _grid(ax, size, padding=0):
    """An empty size x size grid of cells; the outer `padding` rings grey."""
    ax.set_xlim(-0.2, size + 0.2)
    ax.set_ylim(size + 0.2, -0.2)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if padding:
        ax.add_patch(Rectangle((0, 0), size, size, facecolor=PAD_FILL, edgecolor="none"))
        inner = size - 2 * padding
        ax.add_patch(Rectangle((padding, padding), inner, inner, facecolor="white",
                               edgecolor="none"))
    for t in range(size + 1):
        ax.plot([t, t], [0, size], color=GRID_LINE, linewidth=0.6)
        ax.plot([0, size], [t, t], color=GRID_LINE, linewidth=0.6)


def receptive_field(n=28, k=5, stride=1, padding=0, at=((0, 0), (0, 1)), title=""):
    """An n x n input (padding grey), the k x k windows of the hidden neurons `at`, and
    those neurons in the hidden layer, each window joined to its neuron.

    Inputs: n input size, k window size, stride, padding (ints); at: (row, col) cells of
    the hidden layer (at most 4). Returns a Figure.
    """
    n = as_int(n, "n", "receptive_field", 1)
    k = as_int(k, "k", "receptive_field", 1)
    stride = as_int(stride, "stride", "receptive_field", 1)
    padding = as_int(padding, "padding", "receptive_field", 0)
    out = output_length("receptive_field", "size", n, k, stride, padding, 1)
    at = [tuple(int(v) for v in cell) for cell in at]
    if not 1 <= len(at) <= len(COLOURS):
        raise ValueError(f"receptive_field: at must name 1 to {len(COLOURS)} hidden cells; "
                         f"got {len(at)}")
    for cell in at:
        if len(cell) != 2 or not all(0 <= v < out for v in cell):
            raise ValueError(f"receptive_field: each cell in at must be (row, col) inside "
                             f"the {out}x{out} hidden layer; got {cell}")
    size = n + 2 * padding
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 5.6),
                                      gridspec_kw=dict(width_ratios=[size, max(out, 1)]))
    _grid(left, size, padding)
    _grid(right, out)
    what = f"input {n}x{n}" + (f" (+ padding {padding}, grey)" if padding else "")
    left.set_title(what, fontsize=TEXT_PT + 1)
    right.set_title(f"hidden layer {out}x{out}", fontsize=TEXT_PT + 1)
    for colour, (r, c) in zip(COLOURS, at):
        top, side = r * stride, c * stride
        left.add_patch(Rectangle((side, top), k, k, facecolor=colour, alpha=0.2,
                                 edgecolor="none"))
        left.add_patch(Rectangle((side, top), k, k, fill=False, edgecolor=colour,
                                 linewidth=3))
        right.add_patch(Rectangle((c, r), 1, 1, facecolor=colour, edgecolor=colour))
        fig.add_artist(ConnectionPatch((side + k / 2, top + k / 2), (c + 0.5, r + 0.5),
                                       "data", "data", axesA=left, axesB=right,
                                       color=colour, linewidth=1.5, arrowstyle="->"))
    if title:
        fig.suptitle(title, fontsize=TITLE_PT)
    fig.tight_layout()
    cells = ", ".join(f"({r}, {c})" for r, c in at)
    return describe(fig, f"{title + '. ' if title else ''}Left, the {what}: the {k}x{k} "
                         f"window (receptive field) of each of the hidden neurons {cells}, "
                         f"outlined in its own colour; right, the hidden layer {out}x{out} "
                         "with those neurons filled, each joined to its window by an arrow.")


def images(arrays, title="", to_scale=True, width=10.0):
    """2-D arrays side by side as images, titled with their sizes.

    arrays: {title: 2-D array, or (H, W, 3) RGB in [0, 1]}; a 2-D array is drawn grey
    (0 black) when nothing is negative, else blue-white-red centred on 0, clipped at the
    99.5th percentile of |value|.
    to_scale: every pixel the same size on screen, so that a map half as wide looks half
    as wide (else each panel as large as the row allows).
    width: figure width in inches. Returns a Figure.
    """
    if not isinstance(arrays, dict) or not arrays:
        raise TypeError("images: arrays must be a non-empty dict {title: 2-D array}; "
                        f"got {type(arrays).__name__}")
    values = {}
    for name, array in arrays.items():
        array = np.asarray(array, dtype=float)
        rgb = array.ndim == 3 and array.shape[2] == 3
        if not (array.ndim == 2 or rgb) or array.size == 0:
            raise ValueError(f"images: arrays[{name!r}] must be a non-empty 2-D array or an "
                             f"(H, W, 3) RGB image; got shape {array.shape}")
        values[name] = array
    widths = [a.shape[1] if to_scale else 1 for a in values.values()]
    if to_scale:
        height = max(a.shape[0] for a in values.values())
        inches = width / (sum(widths) * 1.15)            # per pixel, with gaps
        fig_height = min(max(height * inches, 1.2) + 1.1, MAX_HEIGHT_INCHES)
    else:
        fig_height = min(width / len(values) + 0.9, MAX_HEIGHT_INCHES)
    fig, axes = plt.subplots(1, len(values), squeeze=False, figsize=(width, fig_height),
                             gridspec_kw=dict(width_ratios=widths), layout="constrained")
    for ax, (name, array) in zip(axes[0], values.items()):
        if array.ndim == 3:
            ax.imshow(np.clip(array, 0, 1))
        else:
            show_map(ax, array, percentile=99.5)
        ax.set_title(f"{name}\n{array.shape[0]}x{array.shape[1]}", fontsize=TEXT_PT)
        ax.set_xticks([])
        ax.set_yticks([])
        if to_scale:
            ax.set_anchor("S")                           # align the bottoms
    if title:
        fig.suptitle(title, fontsize=TITLE_PT)
    return fig
