"""Static matplotlib drawings: grids with the numbers in their cells.

`draw_scene` renders one step of a scene (see `scenes`); the public functions below
draw one step of a conv or pool, forward or backward, straight from arrays. Sizes are
chosen for a projector: numbers 12 pt, cells half an inch (0.4 inch in wide
pictures, so that they stay about 10 inches wide).
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .. import frames as fr
from . import scenes
from .describe import describe
from .fonts import MAX_HEIGHT_INCHES, NUMBER_PT, TITLE_PT

CELL_INCHES = 0.5
SMALLEST_CELL_INCHES = 0.4   # still room for "-.25" at 12 pt
MAX_INCHES = 10.5            # wider than this and a notebook shrinks the 12 pt numbers


def draw_scene(scene, step=0, fig=None):
    """Draw step `step` of a scene into a new (or the given, cleared) Figure and return it.
    One axes in cell units covers the figure: title, panels, caption (as in scene.js)."""
    current = scene["steps"][step] if scene["steps"] else dict(caption="", cells=[], marks=[])
    width, height = scenes.drawn_size(scene)
    cell = min(CELL_INCHES, max(SMALLEST_CELL_INCHES, MAX_INCHES / width))  # wide: cells shrink
    size = (width * cell, height * cell)
    if fig is None:
        fig = plt.figure(figsize=size)
    else:
        fig.clear()
        fig.set_size_inches(size)
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-0.1, width - 0.1)
    ax.set_ylim(height, 0)
    ax.set_axis_off()
    ax.text(width / 2 - 0.1, 0.3, scene["title"], fontsize=TITLE_PT, ha="center", va="top",
            linespacing=1.3)
    cells = [[list(c) for c in p["cells"]] for p in scene["panels"]]
    for p, r, c, text, colour in current["cells"]:
        cols = scene["panels"][p]["cols"]
        cells[p][r * cols + c][:2] = [text, colour]
    for p, panel in enumerate(scene["panels"]):
        ax.text(panel["x"], panel["y"] - 0.2, panel["title"], fontsize=NUMBER_PT, va="bottom")
        for i, (text, colour, style) in enumerate(cells[p]):
            r, c = divmod(i, panel["cols"])
            x, y = panel["x"] + c, panel["y"] + r
            pad = style == "pad"                  # hatched in a light grey (edge colour)
            ax.add_patch(Rectangle((x, y), 1, 1, facecolor=colour, linewidth=0.8,
                                   edgecolor="#d9d9d9" if pad else "#9e9e9e",
                                   hatch="//" if pad else None))
            ax.text(x + 0.5, y + 0.52, text, ha="center", va="center", fontsize=NUMBER_PT,
                    color=scenes.STYLED_TEXT if style else scenes.CELL_TEXT,
                    fontstyle="italic" if style else "normal")
    for p, r, c, colour in current["marks"]:
        panel = scene["panels"][p]
        corner = (panel["x"] + c + 0.06, panel["y"] + r + 0.06)
        # A white halo under the outline keeps it 3:1 against any fill (WCAG 1.4.11).
        ax.add_patch(Rectangle(corner, 0.88, 0.88, fill=False, edgecolor=scenes.HALO,
                               linewidth=5.5))
        ax.add_patch(Rectangle(corner, 0.88, 0.88, fill=False, edgecolor=colour, linewidth=3,
                               linestyle=scenes.MARK_DASH.get(colour, "solid")))
    caption_top = height - scenes.CAPTION_LINE * scene.get("caption_lines", 1) - 0.15
    ax.text(0, caption_top, current["caption"], fontsize=NUMBER_PT, va="top", linespacing=1.4)
    return describe(fig, scene_description(scene, step))


SPOKEN_CELLS = 25      # a grid this small is read out, value by value, in its description
MARK_WORDS = {scenes.READ: "orange dashed outlines: what the step reads",
              scenes.WRITE: "green solid outlines: what it writes",
              scenes.WINNER: "black dotted outline: the max-pool winner"}


def scene_description(scene, step=0):
    """Step `step` of a scene in words (its alt text): the title, the caption with the
    arithmetic, the panels and their sizes, and what the outlines and fills mean."""
    def one_line(text):
        return " ".join(text.split())

    def panel(p):
        size = f"{p['rows']}x{p['cols']}" if p["rows"] > 1 else f"length {p['cols']}"
        text = f"{one_line(p['title'])} ({size})"
        numbers = [cell[0] for cell in p["cells"]]
        if len(numbers) <= SPOKEN_CELLS and all(numbers):      # small and filled: the values
            rows = [" ".join(numbers[r * p["cols"]:(r + 1) * p["cols"]]) for r in range(p["rows"])]
            text += ": " + "; ".join(rows)
        return text

    parts = [one_line(scene["title"]).rstrip(".") + "."] if scene["title"].strip() else []
    caption = one_line(scene["steps"][step]["caption"]) if scene["steps"] else ""
    if caption:
        parts.append(caption[0].upper() + caption[1:].replace("/", " of ", 1) + ".")
    parts.append("Grids of numbers: " + ", ".join(panel(p) for p in scene["panels"]) + ".")
    colours = {mark[3] for mark in scene["steps"][step]["marks"]} if scene["steps"] else set()
    styles = {style for p in scene["panels"] for _, _, style in p["cells"]}
    legend = [MARK_WORDS[c] for c in MARK_WORDS if c in colours]
    legend += ["grey hatched cells: padding or inserted zeros"] if "pad" in styles else []
    legend += ["yellow cells: never read"] if "unread" in styles else []
    if legend:
        parts.append(one_line("; ".join(legend)).capitalize() + ".")
    return " ".join(parts)


def _show(scene, step):
    if not 0 <= step < len(scene["steps"]):
        raise ValueError(f"step must be in 0..{len(scene['steps']) - 1}; got {step}")
    return draw_scene(scene, step)


def conv_step(x, w, b=0.0, stride=1, padding=0, dilation=1, step=0):
    """Step `step` of y = x * w + b: the window on the (padded) input, the kernel, their
    products, and the output filled in up to this cell. x (L,) or (H, W). Returns a Figure."""
    return _show(scenes.conv_forward_scene(
        fr.conv_forward(x, w, b, stride, padding, dilation)), step)


def conv_backward_step(x, w, dy, stride=1, padding=0, dilation=1, step=0, view="scatter"):
    """Step `step` of the conv backward pass. view="scatter": dy cell `step` sends its
    gradient to dx, dw, db; view="gather": dx cell `step` as a window of the zero-padded
    dy times rot180(w). Returns a Figure."""
    scenes.check_view(view)                  # before any work
    return _show(scenes.conv_backward_scene(
        fr.conv_backward(x, w, dy, stride, padding, dilation), view), step)


def pool_step(x, size, stride=None, kind="max", step=0):
    """Step `step` of max or average pooling. Returns a Figure."""
    return _show(scenes.pool_forward_scene(fr.pool_forward(x, size, stride, kind)), step)


def pool_backward_step(x, dy, size, stride=None, kind="max", step=0):
    """Step `step` of the pooling backward pass. Returns a Figure."""
    return _show(scenes.pool_backward_scene(fr.pool_backward(x, dy, size, stride, kind)), step)


def grids(arrays, title="", marks=None):
    """Small arrays side by side, each a grid with its numbers in the cells.

    arrays: {panel title: 1-D or 2-D array}, drawn left to right (wrapping when wide).
    marks: optional {panel title: [cell index, ...]} outlined in orange. Returns a Figure.
    """
    if not isinstance(arrays, dict) or not arrays:
        raise TypeError("arrays must be a non-empty dict {title: array}; "
                        f"got {type(arrays).__name__}")
    scene = scenes.Scene(title)
    for name, values in arrays.items():
        values = np.asarray(values, dtype=float)
        if values.ndim not in (1, 2):
            raise ValueError(f"arrays[{name!r}] must be 1-D or 2-D; got shape {values.shape}")
        scene.panel(name, name, values)
    outlined = [(name, tuple(np.atleast_1d(cell)), scenes.READ)
                for name, cells in (marks or {}).items() for cell in cells]
    scene.step("", marks=outlined)
    return draw_scene(scene.data(), 0)


def show_map(ax, fmap, percentile=99.5):
    """A feature map as an image: grey when nothing is negative, else blue-white-red
    centred on 0; clipped at a percentile of |values|, so that a few extreme pixels do
    not wash the rest out."""
    limit = max(float(np.percentile(np.abs(fmap), percentile)), 1e-12)
    if np.min(fmap) >= 0:
        return ax.imshow(fmap, cmap="gray", vmin=0, vmax=limit)
    return ax.imshow(fmap, cmap="RdBu_r", vmin=-limit, vmax=limit)


def kernels_and_maps(image, kernels, maps, names=None, title=""):
    """The input image, then each kernel (numbers in its cells) above its feature map.

    image: (H, W); kernels: list of (KH, KW); maps: list of (H', W'), one per kernel;
    names: optional list of kernel names. Maps use a diverging colormap centred on 0
    (blue negative, red positive; grey when nothing is negative), clipped at the
    99th percentile. Returns a Figure.
    """
    kernels, maps = list(kernels), list(maps)
    if len(kernels) != len(maps) or not kernels:
        raise ValueError(f"kernels and maps must be non-empty lists of the same length; "
                         f"got {len(kernels)} kernels and {len(maps)} maps")
    names = names or [f"kernel {i + 1}" for i in range(len(kernels))]
    columns = len(kernels) + 1
    fig, axes = plt.subplots(2, columns, figsize=(3.1 * columns, MAX_HEIGHT_INCHES - 0.2),
                             gridspec_kw=dict(height_ratios=[1, 1.6]))
    axes[0, 0].axis("off")
    axes[1, 0].imshow(image, cmap="gray")
    axes[1, 0].set_title("input", fontsize=TITLE_PT)
    for col, (kernel, fmap, name) in enumerate(zip(kernels, maps, names), start=1):
        kernel = np.atleast_2d(np.asarray(kernel, dtype=float))
        limit = max(float(np.abs(kernel).max()), 1e-12)
        axes[0, col].imshow(kernel, cmap="RdBu_r", vmin=-1.6 * limit, vmax=1.6 * limit)
        if max(kernel.shape) <= 3:      # numbers only where they fit at 12 pt
            for (r, c), v in np.ndenumerate(kernel):
                axes[0, col].text(c, r, scenes.fmt(v), ha="center", va="center",
                                  fontsize=NUMBER_PT)
        axes[0, col].set_title(name, fontsize=TITLE_PT)
        show_map(axes[1, col], fmap, percentile=99)
        axes[1, col].set_title("its feature map", fontsize=NUMBER_PT)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    if title:
        fig.suptitle(title, fontsize=TITLE_PT)
    fig.tight_layout()
    return fig
