"""Frames as pictures-to-be: a *scene* is plain data (panels of cells with text and fill
colours, and per step the cells that change, the outlined cells and a caption).

Two renderers draw the same scene: matplotlib (`cnnlib.plot`, for figures and GIFs)
and SVG in the browser (`cnnlib.widgets` and `cnnlib.animate`), so the picture a
student steps through live is the one in the slides and the static site.

Colours: orange outlines what a step reads, green what it writes, black the max-pool
winner; pale yellow marks input cells no window reads; values are filled
on a diverging scale centred on zero (blue negative, red positive); padding and
inserted zeros are grey.
"""

import functools
import re
import textwrap
from importlib import resources

import matplotlib as mpl
import numpy as np

from .. import frames as fr
from ..text import fmt, signed

SCENE_JS = resources.files("cnnlib").joinpath("static/scene.js").read_text()  # SVG renderer
# The tables cnnlibTables builds (scene.js), as the live explorer and the site show them.
GRID_TABLE_CSS = """
.cnnlib-grid { border-collapse: collapse; margin: 6px 12px 6px 0; display: inline-table;
  font-size: 15px; vertical-align: top; }
.cnnlib-grid caption { text-align: left; font-weight: bold; }
.cnnlib-grid td, .cnnlib-grid th { border: 1px solid #767676; padding: 1px 5px; }
"""
# Marks and fills stay >= 20 apart (CAM02-UCS) in full protan, deutan and tritan vision
# too, and are never told apart by colour alone: the outlines differ in line style
# (MARK_DASH), padding is hatched, and panel titles and captions say it in words
# (tests/test_colours.py). Outlines get a white halo, so that they keep 3:1 on any fill.
READ = "#e16e00"     # orange, dashed: the cells a step reads (window, weights, dy)
WRITE = "#12674d"    # dark green, solid: the cells a step writes
WINNER = "#202124"   # black, dotted: the max-pool winner
MARK_DASH = {READ: "dashed", WRITE: "solid", WINNER: "dotted"}
HALO = "#ffffff"
PAD_FILL = "#949494"      # grey, hatched: padding and inserted zeros
UNREAD_FILL = "#ffc33f"   # yellow: input cells that no window reads (stride too big)
CELL_TEXT = "#000000"     # numbers: >= 4.5:1 on every fill above and on the value scale
STYLED_TEXT = "#202124"   # numbers on padding / unread cells (italic)
STYLE_FILL = {"pad": PAD_FILL, "unread": UNREAD_FILL}
EMPTY_FILL = "#ffffff"
_CMAP = mpl.colormaps["RdBu_r"]
# Sizes in cells. On a 1280x720 projector JupyterLab leaves the picture about 800 x 500 px;
# scenes up to FIT_WIDTH x FIT_HEIGHT cells get 29 px cells there, so that numbers
# (NUMBER_FONT) are 16 px and the other text (TEXT_FONT) 14.5 px. Explorers refuse bigger.
NUMBER_FONT = 0.55   # the numbers in the cells
TEXT_FONT = 0.5      # title, panel titles, caption
MAX_ROW_WIDTH = 27   # wider layouts wrap onto a second row of panels
FIT_WIDTH, FIT_HEIGHT = 27.6, 16.5
TITLE_CHAR = 0.30    # width of one character of text
TITLE_LINE = 0.8     # height of a line of the scene title
CAPTION_LINE = 0.72  # height of a caption line
MARK_WORDS = {READ: "read", WRITE: "written", WINNER: "winner"}   # for the text view


def fill(value, scale):
    """Light diverging colour for a value, centred on 0 (dark text stays readable)."""
    return _fill(float(value), float(scale))


@functools.lru_cache(maxsize=4096)   # the same few values recur in every step
def _fill(value, scale):
    if scale == 0:
        return "#f7f7f7"
    return mpl.colors.to_hex(_CMAP(0.5 + 0.33 * np.clip(value / scale, -1, 1)))


def _scale(*arrays):
    return max(float(np.max(np.abs(a), initial=0.0)) for a in arrays)


def _as_grid(index, ndim):
    """A cell index as (row, col); 1-D arrays are drawn as one row."""
    return (0, index[0]) if ndim == 1 else tuple(index)


def _shape2(shape):
    return (1, shape[0]) if len(shape) == 1 else tuple(shape)


def _name(symbol, index):
    return f"{symbol}[{', '.join(str(i) for i in index)}]"


def drawn_size(scene):
    """The width and height, in cells, that a scene is drawn at (as scene.js draws it):
    at least 6 cells wide, with a margin for the outlines."""
    return max(scene["width"], 6) + 0.2, scene["height"]


def fitting(scene):
    """The scene, if a 1280x720 projector shows it with 16 px numbers; else ValueError."""
    width, height = drawn_size(scene)
    if width > FIT_WIDTH or height > FIT_HEIGHT:
        raise ValueError(f"too big to read on a projector ({width:.0f} x {height:.0f} cells; "
                         f"at most {FIT_WIDTH:.0f} x {FIT_HEIGHT:.0f}): "
                         "make the input, padding or kernel smaller")
    return scene


class Scene:
    """Builder: panels laid out left to right (wrapping), then steps."""

    def __init__(self, title):
        self.title = title
        self.panels = []
        self.steps = []
        self._index = {}

    def panel(self, key, title, values, scale=None, styles=None, text=True):
        """A grid of cells showing `values` (1-D or 2-D). styles: per cell "" (plain),
        "pad" (padding or an inserted zero) or "unread" (no window reads it); a bool
        array means True = "pad"."""
        values = np.asarray(values, dtype=float)
        rows, cols = _shape2(values.shape)
        grid = values.reshape(rows, cols)
        scale = _scale(grid) if scale is None else scale
        style = np.full((rows, cols), "", dtype=object)
        if styles is not None:
            styles = np.asarray(styles).reshape(rows, cols)
            style = np.where(styles, "pad", "") if styles.dtype == bool else styles
        cells = []
        for r in range(rows):
            for c in range(cols):
                kind = style[r, c]
                if not text:                 # filled in by the steps
                    cells.append(["", EMPTY_FILL, kind])
                elif kind:
                    cells.append([fmt(grid[r, c]), STYLE_FILL[kind], kind])
                else:
                    cells.append([fmt(grid[r, c]), fill(grid[r, c], scale), ""])
        self._index[key] = len(self.panels)
        self.panels.append(dict(title=title, rows=rows, cols=cols, cells=cells, scale=scale,
                                ndim=values.ndim))

    def index(self, key):
        return self._index[key]

    def step(self, caption, cells=(), marks=()):
        """cells: (panel key, index, value or None for blank); marks: (key, index, colour)."""
        out_cells, out_marks = [], []
        for key, index, value in cells:
            p = self.index(key)
            r, c = _as_grid(index, self.panels[p]["ndim"])
            panel = self.panels[p]
            kind = panel["cells"][r * panel["cols"] + c][2]
            if value is None:
                out_cells.append([p, r, c, "", EMPTY_FILL])
            else:
                colour = STYLE_FILL[kind] if kind else fill(value, panel["scale"])
                out_cells.append([p, r, c, fmt(value), colour])
        for key, index, colour in marks:
            p = self.index(key)
            r, c = _as_grid(index, self.panels[p]["ndim"])
            out_marks.append([p, r, c, colour])
        self.steps.append(dict(caption=caption, cells=out_cells, marks=out_marks))

    def data(self):
        """The scene as JSON-ready data, in cell units: the title band on top, panels at
        (x, y), wrapped captions at the bottom; height covers all three."""
        x = y = row_height = width = 0.0
        gap = 1.2
        for p in self.panels:
            room = max(p["cols"], TITLE_CHAR * len(p["title"]))   # the title must fit too
            if x > 0 and x + room > MAX_ROW_WIDTH:
                x, y = 0.0, y + row_height + 0.7
                row_height = 0.0
            p["x"], p["y"] = x, y + 0.9          # room for the panel title above
            x += room + gap
            width = max(width, x - gap)
            row_height = max(row_height, p["rows"] + 0.9)
        # Title and captions widen a narrow picture up to MAX_ROW_WIDTH, then wrap.
        longest_caption = max((len(s["caption"]) for s in self.steps), default=0)
        wanted = max(1.1 * TITLE_CHAR * len(self.title), TITLE_CHAR * longest_caption)
        width = max(width, min(wanted, MAX_ROW_WIDTH))
        title = _wrap_phrases(self.title, int(width / (1.1 * TITLE_CHAR)))
        steps = [dict(s, caption=textwrap.fill(s["caption"], int(width / TITLE_CHAR))
                      .replace("\u00a0", " "))       # no-break spaces glue "db += 2"
                 for s in self.steps]
        caption_lines = max((s["caption"].count("\n") + 1 for s in steps if s["caption"]),
                            default=0)
        panels = [{k: v for k, v in p.items() if k not in ("scale", "ndim")}
                  for p in self.panels]
        title_band = TITLE_LINE * (title.count("\n") + 1) + 0.3
        for p in panels:
            p["y"] += title_band
        height = title_band + y + row_height + 0.3 + CAPTION_LINE * caption_lines
        return dict(title=title, width=width, height=height, caption_lines=caption_lines,
                    panels=panels, steps=steps, fonts=dict(number=NUMBER_FONT, text=TEXT_FONT),
                    legend=dict(MARK_WORDS), dashes=dict(MARK_DASH),
                    text=dict(cell=CELL_TEXT, styled=STYLED_TEXT, halo=HALO))


def _wrap_phrases(text, width):
    """Wrap a title only between phrases (after ", " or ": ", before "->"), so that
    "-> 3x3 output" never breaks into "-> 3x3" and "output"."""
    glued = re.sub(r"(?<![,:]) (?!->)", "\u00a0", text)     # a no-break space inside phrases
    lines = textwrap.wrap(glued, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(line.replace("\u00a0", " ") for line in lines)


def _sum_text(values, weights, cells, kernel_cells, most=6):
    """The products of a window, written out: "2·1 + (-1)·3" (zero terms left out;
    "sum(window ⊙ w)" when more than `most` terms are left)."""
    terms = [(values[c], weights[k]) for c, k in zip(cells, kernel_cells)
             if values[c] != 0 and weights[k] != 0]
    if not terms:
        return "0 (every product is 0)"
    if len(terms) > most:
        return "sum(window ⊙ w)"
    return " + ".join(f"{signed(v)}·{signed(w)}" for v, w in terms)


def _scaled_terms(g, values, terms, which, most=9):
    """What one dy sends back, product by product: "2·1, 2·(-3)" (`which`: the position of
    the cell of `values` in each term; "..." past `most` terms)."""
    products = [f"{signed(g)}·{signed(values[term[which]])}" for term in terms]
    return ", ".join(products[:most]) + (", ..." if len(products) > most else "")


def _blank(shape):
    return [(index, None) for index in np.ndindex(*shape)]


def _revealed(key, order, values, upto):
    """Cells of panel `key`: values for the first `upto` + 1 cells of `order`, blank after."""
    return [(key, cell, values[cell] if t <= upto else None) for t, cell in enumerate(order)]


def _one_or_pair(value):
    return value[0] if len(set(value)) == 1 else value


def _hyper_text(g):
    parts = []
    for name, value, default in (("padding", g.padding, 0), ("stride", g.stride, 1),
                                 ("dilation", g.dilation, 1)):
        if any(v != default for v in value):
            parts.append(f"{name} {_one_or_pair(value)}")
    return ", ".join(parts)


def _dims(shape):
    return f"length-{shape[0]}" if len(shape) == 1 else "x".join(str(n) for n in shape)


# ---- convolution ----------------------------------------------------------------------


def conv_forward_scene(f: fr.ConvForward):
    """Input (padded) with the window, kernel, products window*w, output filling in."""
    g = f.geometry
    hyper = _hyper_text(g)
    scene = Scene(f"Convolution (cross-correlation): {_dims(g.in_shape)} input, "
                  f"{_dims(g.kernel)} kernel{', ' + hyper if hyper else ''} "
                  f"-> {_dims(g.out_shape)} output")
    y = f.y
    scale = _scale(f.x)
    styles = np.where(g.padding_mask(), "pad", "").astype(object)
    read = np.zeros(g.padded_shape, dtype=bool)
    for step in f.steps:
        for cell in step.reads:
            read[cell] = True
    styles[~read & (styles == "")] = "unread"
    notes = (["grey: padding"] if any(g.padding) else []) + \
        (["yellow: never read"] if (styles == "unread").any() else [])
    scene.panel("x", f"input x ({', '.join(notes)})" if notes else "input x",
                f.x_padded, scale, styles)
    scene.panel("w", "kernel w", f.w)
    scene.panel("p", "window ⊙ w", np.zeros(g.kernel), _scale(*(s.products for s in f.steps)),
                text=False)
    scene.panel("y", f"output y (b = {fmt(f.b)})" if f.b else "output y", y, text=False)
    order = [s.out for s in f.steps]
    for t, s in enumerate(f.steps):
        bias = f" + {fmt(f.b)}" if f.b else ""
        caption = (f"step {t + 1}/{len(f.steps)}: {_name('y', s.out)} = "
                   f"{_sum_text(f.x_padded, f.w, s.reads, s.weights)}{bias} = {fmt(s.total)}")
        products = [("p", k, v) for k, v in zip(s.weights, s.products)]
        marks = ([("x", r, READ) for r in s.reads] + [("w", k, READ) for k in s.weights]
                 + [("y", s.out, WRITE)])
        scene.step(caption, products + _revealed("y", order, y, t), marks)
    return scene.data()


def conv_scatter_scene(b: fr.ConvBackward):
    """Backward, one dy cell at a time: dx[window] += dy*w, dw += dy*window, db += dy."""
    g = b.geometry
    scene = Scene("Backward, scatter view: each dy sends dy·w to dx, dy·x to dw, dy to db")
    dx, dw, db = b.scatter_sums()
    scene.panel("x", "input x (grey: padding)" if any(g.padding) else "input x",
                b.x_padded, None, g.padding_mask())
    scene.panel("w", "kernel w", b.w)
    scene.panel("dy", "upstream dy", b.dy)
    padded = any(g.padding)
    scene.panel("dx", "dx so far (grey: padding, dropped)" if padded else "dx so far",
                np.zeros(g.padded_shape), _scale(dx), g.padding_mask(), text=False)
    scene.panel("dw", "dw so far", dw, text=False)
    scene.panel("db", "db", np.array([db]), text=False)
    running_dx = np.zeros(g.padded_shape)
    running_dw = np.zeros(g.kernel)
    running_db = 0.0
    for t, s in enumerate(b.scatter):
        for cell, _, amount in s.dx_terms:
            running_dx[cell] += amount
        for k, _, amount in s.dw_terms:
            running_dw[k] += amount
        running_db += s.db_term
        cells = ([("dx", i, running_dx[i]) for i in np.ndindex(*g.padded_shape)]
                 + [("dw", k, running_dw[k]) for k in np.ndindex(*g.kernel)]
                 + [("db", (0,), running_db)])
        written = [cell for cell, _, _ in s.dx_terms]
        marks = ([("dy", s.dy_index, READ)] + [("w", k, READ) for _, k, _ in s.dx_terms]
                 + [("x", r, READ) for _, r, _ in s.dw_terms]
                 + [("dx", c, WRITE) for c in written]
                 + [("dw", k, WRITE) for k in np.ndindex(*g.kernel)] + [("db", (0,), WRITE)])
        g_ = fmt(s.dy_value)
        caption = (f"step {t + 1}/{len(b.scatter)}: {_name('dy', s.dy_index)} = {g_}:  "
                   f"dx[window] += {g_}·w = {_scaled_terms(s.dy_value, b.w, s.dx_terms, 1)};  "
                   f"dw += {g_}·x[window] = "
                   f"{_scaled_terms(s.dy_value, b.x_padded, s.dw_terms, 1)};  db\u00a0+=\u00a0{g_}")
        scene.step(caption, cells, marks)
    return scene.data()


def conv_gather_scene(b: fr.ConvBackward):
    """Backward, one dx cell at a time: dx = zero-padded, stride-spread dy * rot180(w)."""
    g = b.geometry
    rot = "flip(w)" if g.ndim == 1 else "rot180(w)"     # in 1-D the rotation is a flip
    notes = [", dy spread by the stride" if any(s > 1 for s in g.stride) else "",
             f" (padding {_one_or_pair(g.padding)}: x[0] sits {_one_or_pair(g.padding)} in, "
             f"so its window starts there)" if any(g.padding) else ""]
    scene = Scene(f"Backward, gather view: dx = (zero-padded dy) * {rot}" + "".join(notes))
    dx = b.gather_dx()
    scene.panel("dyf", "dy, zero-padded (grey: added zeros)", b.dy_full, None, b.dy_full_is_zero)
    scene.panel("wr", rot, b.w_rot180)
    scene.panel("dx", "dx", dx, text=False)
    order = [s.dx_index for s in b.gather]
    kernel_cells = list(np.ndindex(*g.kernel))
    for t, s in enumerate(b.gather):
        marks = [("dyf", c, READ) for c in s.window]
        marks += [("wr", k, READ) for k in kernel_cells] if s.window else []
        marks.append(("dx", s.dx_index, WRITE))
        how = (_sum_text(b.dy_full, b.w_rot180, s.window, kernel_cells, most=9)
               if s.window else "0 (no window reaches it)")
        caption = (f"step {t + 1}/{len(b.gather)}: {_name('dx', s.dx_index)} = "
                   f"window ⊙ {rot} = {how}" + (f" = {fmt(s.total)}" if s.window else ""))
        scene.step(caption, _revealed("dx", order, dx, t), marks)
    return scene.data()


VIEWS = ("scatter", "gather")


def check_view(view):
    if view not in VIEWS:
        raise ValueError(f"view must be 'scatter' or 'gather'; got {view!r}")
    return view


def conv_backward_scene(b: fr.ConvBackward, view="scatter"):
    """The scatter (by dy) or the gather (by dx) reading of the conv backward pass."""
    return (conv_scatter_scene if check_view(view) == "scatter" else conv_gather_scene)(b)


# ---- pooling --------------------------------------------------------------------------


def _unread(windows, shape):
    """Styles of the input cells: "unread" where no window reads (the stride skips them)."""
    read = np.zeros(shape, dtype=bool)
    for cells in windows:
        for cell in cells:
            read[cell] = True
    return np.where(read, "", "unread").astype(object)


def _unread_title(title, styles):
    return f"{title} (yellow: never read)" if (styles == "unread").any() else title


def pool_forward_scene(f: fr.PoolForward):
    g = f.geometry
    what = "Max" if f.kind == "max" else "Average"
    stride = "" if g.stride == g.kernel else f", stride {_one_or_pair(g.stride)}"
    scene = Scene(f"{what} pooling: {_dims(g.in_shape)} input, {_dims(g.kernel)} window"
                  f"{stride} -> {_dims(g.out_shape)} output")
    y = f.y
    styles = _unread([s.reads for s in f.steps], g.in_shape)
    scene.panel("x", _unread_title("input x", styles), f.x, None, styles)
    scene.panel("y", "pooled y", y, _scale(f.x), text=False)
    order = [s.out for s in f.steps]
    for t, s in enumerate(f.steps):
        marks = [("x", r, READ) for r in s.reads]
        if s.winner is not None:
            marks.append(("x", s.reads[s.winner], WINNER))
        marks.append(("y", s.out, WRITE))
        how = "max" if f.kind == "max" else "mean"
        caption = (f"step {t + 1}/{len(f.steps)}: {_name('y', s.out)} = {how}(window) = "
                   f"{fmt(s.total)}")
        scene.step(caption, _revealed("y", order, y, t), marks)
    return scene.data()


def pool_backward_scene(b: fr.PoolBackward):
    g = b.geometry
    k = int(np.prod(g.kernel))
    if b.kind == "max":
        title = "Max pooling backward: each dy goes to its window's max only"
    else:
        title = f"Average pooling backward: every cell of a window gets dy / {k}"
    scene = Scene(title)
    dx = b.dx()
    styles = _unread([s.reads for s in b.steps], g.in_shape)
    scene.panel("x", _unread_title("input x", styles), b.x, None, styles)
    scene.panel("dy", "upstream dy", b.dy)
    scene.panel("dx", "dx so far", dx, text=False)
    running = np.zeros(g.in_shape)
    for t, s in enumerate(b.steps):
        for cell, amount in s.terms:
            running[cell] += amount
        marks = [("x", r, READ) for r in s.reads] + [("dy", s.dy_index, READ)]
        if b.kind == "max":
            marks.append(("x", s.terms[0][0], WINNER))
        marks += [("dx", cell, WRITE) for cell, _ in s.terms]
        if b.kind == "max":
            caption = (f"step {t + 1}/{len(b.steps)}: {_name('dy', s.dy_index)} = "
                       f"{fmt(s.dy_value)} goes to the winner {_name('x', s.terms[0][0])}")
        else:
            caption = (f"step {t + 1}/{len(b.steps)}: {_name('dy', s.dy_index)} = "
                       f"{fmt(s.dy_value)}: each of the {k} cells gets {fmt(s.dy_value / k)}")
        scene.step(caption, [("dx", i, running[i]) for i in np.ndindex(*g.in_shape)], marks)
    return scene.data()
