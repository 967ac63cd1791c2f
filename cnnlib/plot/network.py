"""A network drawn from the model itself: each tensor a block with its shape, each layer an
arrow with what it does and how many parameters it learns.

    network(model, in_shape)     conv -> ReLU -> pool -> fully connected, to scale

The shapes come from cnnlib.costs.layer_costs, which runs the model on one image of zeros:
the picture cannot disagree with the code.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle

from .. import costs as costs_lib
from .. import nn
from .describe import describe
from .fonts import NUMBER_PT, TITLE_PT

__all__ = ["network"]

BLOCK_FILL = ("#dbe8f7", "#1a5fb4")     # a feature map: pale blue, dark outline
FLAT_FILL = ("#fde7c8", "#b35c00")      # a vector: pale orange, dark outline


def _layer_words(layer):
    """What a layer does, in the lecture's words, on at most two lines."""
    if isinstance(layer, nn._Conv):
        kernel = "x".join(str(k) for k in layer.kernel_size)
        extra = [f"stride {layer.stride[0]}"] if max(layer.stride) > 1 else []
        extra += [f"padding {layer.padding[0]}"] if max(layer.padding) > 0 else []
        return f"conv {kernel}\n{layer.out_channels} kernels" + "".join(", " + e for e in extra)
    if isinstance(layer, nn.Linear):
        return f"fully connected\n{layer.in_features} → {layer.out_features}"
    name = type(layer).__name__
    if name in ("ReLU", "Flatten"):
        return name if name == "ReLU" else "flatten"
    if "Pool" in name:
        kind = "max" if name.startswith("Max") else "average"
        return f"{kind} pool\n{'x'.join(str(s) for s in np.atleast_1d(layer.size))}"
    return name


def _shape_text(shape):
    return " x ".join(str(n) for n in shape)


def _draw_tensor(ax, x, shape, tallest, first=""):
    """A (C, H, W) tensor as up to four stacked sheets of side ∝ H; a vector as a bar.
    Returns the block's width."""
    if len(shape) >= 2:
        side = 0.7 + 2.3 * shape[-2] / tallest
        width = side * shape[-1] / shape[-2]
        sheets = min(shape[0], 4)
        for k in reversed(range(sheets)):
            ax.add_patch(Rectangle((x + 0.14 * k, -side / 2 + 0.14 * k), width, side,
                                   facecolor=BLOCK_FILL[0], edgecolor=BLOCK_FILL[1], lw=1.5))
        label = f"{first}{shape[0]} map{'s' * (shape[0] > 1)}\n{_shape_text(shape[1:])}"
        ax.text(x + width / 2, -1.75, label, ha="center", va="top", fontsize=NUMBER_PT)
        return width + 0.14 * (sheets - 1)
    height = 0.6 + 2.4 * min(1.0, shape[0] / 500)
    ax.add_patch(Rectangle((x, -height / 2), 0.35, height, facecolor=FLAT_FILL[0],
                           edgecolor=FLAT_FILL[1], lw=1.5, hatch="..."))
    ax.text(x + 0.17, -1.75, f"{first}{shape[0]}\nnumbers", ha="center", va="top",
            fontsize=NUMBER_PT)
    return 0.35


def network(model, in_shape, title=None):
    """Draw a cnnlib.nn.Sequential as blocks (tensors, with their shapes) and arrows (layers,
    with their parameters), left to right.

    Inputs:
    - model: a cnnlib.nn.Sequential
    - in_shape: one input without the batch axis, e.g. (1, 28, 28)
    - title: the figure's title (default: the layers' names joined by arrows)
    Returns the Figure (10.5 x 3.8 inches). Feature maps are pale blue sheets, one per
    channel up to four, drawn to scale by height; flat vectors are hatched orange bars.
    """
    costs = costs_lib.layer_costs(model, in_shape)
    shapes = [tuple(in_shape)] + [c.out_shape for c in costs]
    tallest = max(s[-2] for s in shapes if len(s) >= 2)
    arrow = 2.6
    fig, ax = plt.subplots(figsize=(10.5, 3.8), layout="constrained")
    x = 0.0
    x += _draw_tensor(ax, x, shapes[0], tallest, first="input: ")
    words_alt = [f"input {_shape_text(shapes[0])}"]
    for layer, cost, shape in zip(model, costs, shapes[1:]):
        ax.add_patch(FancyArrowPatch((x + 0.2, 0), (x + arrow - 0.2, 0), arrowstyle="-|>",
                                     mutation_scale=18, lw=1.8, color="#3c4043"))
        words = _layer_words(layer)
        if cost.parameters:
            words += f"\n{cost.parameters:,} parameters"
        ax.text(x + arrow / 2, 1.7, words, ha="center", va="bottom", fontsize=NUMBER_PT,
                linespacing=1.25)                  # above every block: nothing to overlap
        words_alt.append(", ".join(words.split("\n")) + f", giving {_shape_text(shape)}")
        x += arrow
        x += _draw_tensor(ax, x, shape, tallest)
    ax.set_xlim(-0.3, x + 0.3)
    ax.set_ylim(-3.0, 3.3)
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title is None:
        title = " → ".join(_layer_words(layer).split("\n")[0] for layer in model)
    fig.suptitle(title, fontsize=TITLE_PT)
    return describe(fig, f"{title}. A diagram of the network, left to right: "
                         + "; then ".join(words_alt) + ".")
