"""Convolution as a matrix, drawn: every entry in its cell, rows and columns labelled.

    table(cells, rows, cols, ...)             any small table: numbers or names ("w1")
    conv_matrix(w, in_shape, ..., row, col)   M of y = M x for a kernel w (see cnnlib.matrix)

Empty cells are zeros. A marked row is outlined in orange (row i of M: where dy_i is
sent, the scatter view); a marked column in green (column j: the dy cells and weights
that dx_j gathers). Sizes are for a projector: cells half an inch, text 12 pt.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from .. import matrix as mx
from ..text import fmt
from .describe import describe
from .fonts import MAX_HEIGHT_INCHES, NUMBER_PT, TITLE_PT
from .scenes import READ, WRITE, fill

CELL_INCHES = 0.5
ZERO_FILL = "#f4f4f4"
# light colours, one per distinct name in a table of names (w1, w2, ... or x1, x2, ...)
NAME_FILLS = ["#fdd0a2", "#c6dbef", "#c7e9c0", "#dadaeb", "#fcbba1", "#d9d9d9",
              "#fff2ae", "#b3e2cd", "#f4cae4"]


def _label_inches(labels):
    return 0.11 * max((len(str(s)) for s in labels), default=1) + 0.25


def table(cells, rows, cols, title="", mark_rows=(), mark_cols=(), note="empty cell = 0"):
    """Draw a small 2-D table with its entries in the cells.

    cells: (R, C) array of numbers (filled blue-white-red by value) or of names (one
    colour per name); 0 and "0" are drawn as empty cells. rows, cols: R and C labels.
    mark_rows / mark_cols: row and column indices to outline (orange / green).
    note: a line under the table. Returns a Figure.
    """
    cells = np.asarray(cells)
    if cells.ndim != 2 or cells.size == 0:
        raise ValueError(f"table: cells must be a non-empty 2-D array; got shape {cells.shape}")
    n_rows, n_cols = cells.shape
    rows, cols = mx.table_labels("table", cells, rows, cols)
    for name, marks, limit in (("mark_rows", mark_rows, n_rows), ("mark_cols", mark_cols, n_cols)):
        bad = [m for m in marks if not 0 <= int(m) < limit]
        if bad:
            raise ValueError(f"table: {name} must be indices in 0..{limit - 1}; got {bad}")

    names = cells.dtype.kind in "USO"
    rotate = max(len(c) for c in cols) > 3
    left = _label_inches(rows) + 0.15
    top = (0.45 if title else 0.15) + (_label_inches(cols) if rotate else 0.4)
    bottom = 0.5 if note else 0.2
    cell = min(CELL_INCHES, (MAX_HEIGHT_INCHES - top - bottom) / n_rows)   # tall: smaller cells
    width = left + n_cols * cell + 0.3
    height = top + n_rows * cell + bottom
    if title and 0.13 * len(title) + 0.6 > width:    # the title must fit: centre the table
        left += (0.13 * len(title) + 0.6 - width) / 2
        width = 0.13 * len(title) + 0.6
    fig = plt.figure(figsize=(width, height))
    ax = fig.add_axes([left / width, bottom / height, n_cols * cell / width,
                       n_rows * cell / height])
    ax.set_xlim(0, n_cols)
    ax.set_ylim(n_rows, 0)
    ax.set_axis_off()

    if names:
        distinct = sorted({str(v) for v in cells.ravel()} - {"0", ""})
        colour = {name: NAME_FILLS[i % len(NAME_FILLS)] for i, name in enumerate(distinct)}
    else:
        values = cells.astype(float)
        scale = float(np.max(np.abs(values)))
    for (r, c), value in np.ndenumerate(cells):
        if names:
            text = str(value)
            empty = text in ("0", "")
            face = ZERO_FILL if empty else colour[text]
        else:
            empty = float(value) == 0
            text, face = fmt(value), (ZERO_FILL if empty else fill(value, scale))
        ax.add_patch(Rectangle((c, r), 1, 1, facecolor=face, edgecolor="#bdbdbd",
                               linewidth=0.8))
        if not empty:
            ax.text(c + 0.5, r + 0.53, text, ha="center", va="center", fontsize=NUMBER_PT)
    for r, label in enumerate(rows):
        ax.text(-0.15, r + 0.5, label, ha="right", va="center", fontsize=NUMBER_PT)
    for c, label in enumerate(cols):
        ax.text(c + 0.5, -0.12, label, ha="center", va="bottom", fontsize=NUMBER_PT,
                rotation=90 if rotate else 0)
    for r in mark_rows:                  # dashed and solid, as in the scenes: not colour alone
        ax.add_patch(Rectangle((0.03, r + 0.03), n_cols - 0.06, 0.94, fill=False,
                               edgecolor=READ, linewidth=3, clip_on=False, linestyle="--"))
    for c in mark_cols:
        ax.add_patch(Rectangle((c + 0.03, 0.03), 0.94, n_rows - 0.06, fill=False,
                               edgecolor=WRITE, linewidth=3, clip_on=False))
    if title:
        fig.suptitle(title, fontsize=TITLE_PT, y=1 - 0.12 / height, va="top")
    if note:
        fig.text(left / width, 0.12 / height, note, fontsize=NUMBER_PT, color="#5f6368")
    return describe(fig, _table_text(cells, rows, cols, title, mark_rows, mark_cols, note))


def _table_text(cells, rows, cols, title, mark_rows, mark_cols, note):
    """The table in words: its size and labels, its entries row by row when it is small."""
    n_rows, n_cols = cells.shape
    text = f"{title}. " if title else ""
    text += (f"A table of {n_rows} rows ({rows[0]} to {rows[-1]}) by {n_cols} columns "
             f"({cols[0]} to {cols[-1]})")
    entries = [str(v) if cells.dtype.kind in "USO" else fmt(v) for v in cells.ravel()]
    if cells.size <= 64:
        text += ": " + "; ".join(f"{rows[r]}: " + " ".join(entries[r * n_cols:(r + 1) * n_cols])
                                 for r in range(n_rows))
    text += "."
    if len(mark_rows):
        text += " Orange dashed outline: row " + ", ".join(rows[r] for r in mark_rows) + "."
    if len(mark_cols):
        text += " Green solid outline: column " + ", ".join(cols[c] for c in mark_cols) + "."
    return text + (f" ({note})" if note else "")


def _cell_names(symbol, shape):
    return [f"{symbol}[{','.join(str(i) for i in index)}]" for index in np.ndindex(*shape)]


def conv_matrix(w, in_shape, stride=1, padding=0, dilation=1, row=None, col=None, title=None):
    """Draw M of y = x * w on flattened arrays (rows: output cells y[..], columns: input
    cells x[..], both row-major), as built by `cnnlib.matrix.conv_matrix`.

    w: (K,) or (KH, KW); in_shape: (L,) or (H, W); stride, padding, dilation as in the
    layers. row: an output cell index (int or tuple) to outline in orange, col: an input
    cell index to outline in green. Returns a Figure.
    """
    M, in_shape, out_shape = mx.conv_matrix_with_shapes(w, in_shape, stride, padding, dilation,
                                                         func="plot.conv_matrix")
    if title is None:
        title = (f"y = M x: {M.shape[0]} outputs (rows) x {M.shape[1]} inputs (columns); "
                 f"dx = M\u1d40 dy")
    return table(M, _cell_names("y", out_shape), _cell_names("x", in_shape), title,
                  mark_rows=[] if row is None else [_flat(row, out_shape, "row")],
                  mark_cols=[] if col is None else [_flat(col, in_shape, "col")])


def _flat(index, shape, name):
    index = tuple(int(i) for i in np.atleast_1d(index))
    if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape)):
        raise ValueError(f"conv_matrix: {name} must be a cell index of an array of shape "
                         f"{shape}; got {index}")
    return int(np.ravel_multi_index(index, shape))
