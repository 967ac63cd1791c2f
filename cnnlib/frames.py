"""What happens at step t of a convolution or a pooling, forward or backward, as data.

No drawing here: `cnnlib.plot`, `cnnlib.widgets` and `cnnlib.animate` show these
steps, and the tests add the steps up and compare with the layers. One channel, no
batch: x is (L,) or (H, W), the kernel (K,) or (KH, KW). Cell indices are tuples with
one entry per axis; input cells are given on the zero-padded grid.

    conv_forward(x, w, b)    step t: output cell t = b + sum of (window * w)
    conv_backward(x, w, dy)  .scatter step t: dy[t] sends dy[t]*w to dx's window,
                             dy[t]*window to dw, dy[t] to db;
                             .gather step t: dx[t] = sum of dy cells times rot180(w),
                             read as a window of the zero-padded, stride-spread dy
    pool_forward(x, size)    step t: output cell t = max or mean of its window
    pool_backward(x, dy)     step t: dy[t] goes to the winner (max) or 1/k to each (avg)
    conv_transpose(x, w, b)  .stamps step t: x[t] adds x[t]*w to the full output;
                             .windows step t: y[t] = window of the spread, padded x
                             times rot180(w) (the padding is cropped off the full output)
"""

from dataclasses import dataclass

import numpy as np

from ._checks import as_plane, as_tuple, check_shape, float_dtype, pool_window, window_args
from ._windows import first_max, pad

# ---- geometry shared by every frame model ----------------------------------------------


@dataclass(frozen=True)
class Geometry:
    """Where the windows sit: one entry per axis in every tuple."""
    ndim: int
    in_shape: tuple
    kernel: tuple
    stride: tuple
    padding: tuple
    dilation: tuple
    out_shape: tuple

    @property
    def padded_shape(self):
        return tuple(n + 2 * p for n, p in zip(self.in_shape, self.padding))

    def out_cells(self):
        """Output cells in row-major order: the order of the steps."""
        return list(np.ndindex(*self.out_shape))

    def kernel_cells(self):
        return list(np.ndindex(*self.kernel))

    def window(self, out):
        """Padded-grid cells read by output cell `out`, one per kernel cell (row-major)."""
        return [tuple(o * s + k * d for o, s, k, d in zip(out, self.stride, kc, self.dilation))
                for kc in self.kernel_cells()]

    def is_padding(self, cell):
        return any(c < p or c >= p + n for c, p, n in zip(cell, self.padding, self.in_shape))

    @property
    def interior(self):
        """Index of the input's own cells inside the padded grid."""
        return tuple(slice(p, p + n) for p, n in zip(self.padding, self.in_shape))

    def padding_mask(self):
        mask = np.ones(self.padded_shape, dtype=bool)
        mask[self.interior] = False
        return mask


def _geometry(func, x, kernel, stride, padding, dilation, source):
    stride, padding, dilation, out = window_args(func, x.shape, kernel, stride, padding,
                                                 dilation, source)
    return Geometry(x.ndim, x.shape, tuple(kernel), stride, padding, dilation, out)


def _same_ndim(func, x, other, name):
    if other.ndim != x.ndim:
        raise ValueError(f"{func}: {name} must have as many dimensions as x ({x.ndim}); "
                         f"got shape {other.shape} for x of shape {x.shape}")


def _assemble(shape, dtype, cells):
    """An array of `shape` with value v at every (cell, v) a step wrote."""
    array = np.zeros(shape, dtype=dtype)
    for cell, value in cells:
        array[cell] = value
    return array


def _conv_setup(func, x, w, stride, padding, dilation, dy=None):
    """Checked x, w (and dy) in one float dtype, with the geometry of their windows."""
    x, w = as_plane(x, "x", func), as_plane(w, "w", func)
    _same_ndim(func, x, w, "w")
    dy = None if dy is None else as_plane(dy, "dy", func)
    dtype = float_dtype(x, w, dy)
    g = _geometry(func, x, w.shape, stride, padding, dilation, "w")
    return x.astype(dtype), w.astype(dtype), None if dy is None else dy.astype(dtype), g


def conv_geometry(x, w, stride=1, padding=0, dilation=1):
    """Where the windows of y = x * w sit, and y's shape, without computing y."""
    return _conv_setup("frames.conv_geometry", x, w, stride, padding, dilation)[3]


# ---- convolution, forward -------------------------------------------------------------


@dataclass(frozen=True)
class ConvStep:
    """Output cell `out` = bias + sum of products[k] = w[weights[k]] * x_padded[reads[k]]."""
    out: tuple
    reads: list
    weights: list
    padding: list          # which reads are padding cells (zeros added around x)
    products: np.ndarray
    total: float           # bias + sum of the products


@dataclass(frozen=True)
class ConvForward:
    geometry: Geometry
    x: np.ndarray
    x_padded: np.ndarray
    w: np.ndarray
    b: float
    steps: list

    @property
    def y(self):
        """The output assembled from the steps."""
        return _assemble(self.geometry.out_shape, self.x_padded.dtype,
                         ((s.out, s.total) for s in self.steps))


def conv_forward(x, w, b=0.0, stride=1, padding=0, dilation=1):
    """Steps of y = x * w + b (cross-correlation), one per output cell in row-major order.

    Inputs: x (L,) or (H, W); w (K,) or (KH, KW); b a number; stride, padding, dilation
    int or pair. Returns a ConvForward whose .steps[t] says which padded cells are read,
    which weights, their products, and the total written to .out.
    """
    x, w, _, g = _conv_setup("frames.conv_forward", x, w, stride, padding, dilation)
    xp = pad(x, g.padding)
    weights = g.kernel_cells()
    steps = []
    for out in g.out_cells():
        reads = g.window(out)
        products = np.array([xp[r] * w[k] for r, k in zip(reads, weights)], dtype=xp.dtype)
        steps.append(ConvStep(out, reads, weights, [g.is_padding(r) for r in reads], products,
                              float(b + products.sum())))
    return ConvForward(g, x, xp, w, float(b), steps)


# ---- convolution, backward ------------------------------------------------------------


@dataclass(frozen=True)
class ScatterStep:
    """dy[dy_index] flows back along every term of y[dy_index]'s sum."""
    dy_index: tuple
    dy_value: float
    dx_terms: list     # (padded x cell, kernel cell, dy * w[kernel cell])
    dw_terms: list     # (kernel cell, padded x cell, dy * x_padded[cell])
    db_term: float     # dy


@dataclass(frozen=True)
class GatherStep:
    """dx[dx_index] = sum of dy[dy cell] * w[kernel cell] over the windows that read it,
    which is the window at `window` of dy_full (zero-padded, stride-spread dy) times
    the 180-degree-rotated kernel."""
    dx_index: tuple
    terms: list        # (dy cell, kernel cell, dy * w)
    window: list       # cells of dy_full under rot180(w), row-major; [] if none reach
    total: float


@dataclass(frozen=True)
class ConvBackward:
    geometry: Geometry
    x: np.ndarray
    x_padded: np.ndarray
    w: np.ndarray
    dy: np.ndarray
    dy_full: np.ndarray     # dy spread by the stride (s-1 zeros between) and padded by (K-1)*d
    dy_full_is_zero: np.ndarray  # True where dy_full holds an added zero
    w_rot180: np.ndarray
    scatter: list
    gather: list

    def scatter_sums(self):
        """(dx, dw, db) added up from the scatter steps; dx with the padding cropped."""
        g = self.geometry
        dxp = np.zeros(g.padded_shape, dtype=self.x_padded.dtype)
        dw = np.zeros_like(self.w)
        db = 0.0
        for step in self.scatter:
            for cell, _, amount in step.dx_terms:
                dxp[cell] += amount
            for kernel_cell, _, amount in step.dw_terms:
                dw[kernel_cell] += amount
            db += step.db_term
        return dxp[g.interior], dw, db

    def gather_dx(self):
        """dx assembled from the gather steps, one cell per step."""
        return _assemble(self.geometry.in_shape, self.x_padded.dtype,
                         ((s.dx_index, s.total) for s in self.gather))


def conv_backward(x, w, dy, stride=1, padding=0, dilation=1):
    """Steps of the conv backward pass, in both readings of dx.

    Inputs: x (L,) or (H, W); w (K,) or (KH, KW); dy shaped like the forward output;
    stride, padding, dilation as in conv_forward. Returns a ConvBackward with .scatter
    (one step per dy cell) and .gather (one step per dx cell).
    """
    func = "frames.conv_backward"
    if dy is None:
        raise TypeError(f"{func}: dy must be the upstream gradient, an array; got None")
    x, w, dy, g = _conv_setup(func, x, w, stride, padding, dilation, dy)
    check_shape(dy, g.out_shape, "dy", func, "(the forward output's shape)")
    xp = pad(x, g.padding)
    dtype = xp.dtype

    scatter = []
    readers = {}           # for the gather view: padded cell -> [(out, kernel cell)]
    kernel_cells = g.kernel_cells()
    for out in g.out_cells():
        reads = g.window(out)
        scatter.append(ScatterStep(
            out, float(dy[out]),
            [(r, k, dy[out] * w[k]) for r, k in zip(reads, kernel_cells)],
            [(k, r, dy[out] * xp[r]) for r, k in zip(reads, kernel_cells)],
            float(dy[out])))
        for r, k in zip(reads, kernel_cells):
            readers.setdefault(r, []).append((out, k))
    margin = [(k - 1) * d for k, d in zip(g.kernel, g.dilation)]
    spread_shape = [(o - 1) * s + 1 for o, s in zip(g.out_shape, g.stride)]
    dy_full = np.zeros([n + 2 * m for n, m in zip(spread_shape, margin)], dtype=dtype)
    is_zero = np.ones(dy_full.shape, dtype=bool)
    spread = tuple(slice(m, m + n, s) for m, n, s in zip(margin, spread_shape, g.stride))
    dy_full[spread] = dy
    is_zero[spread] = False
    reach = [n + m for n, m in zip(spread_shape, margin)]   # windows that fit in dy_full
    gather = []
    for cell in np.ndindex(*g.in_shape):
        padded = tuple(c + p for c, p in zip(cell, g.padding))
        terms = [(out, k, dy[out] * w[k]) for out, k in readers.get(padded, [])]
        inside = all(c < r for c, r in zip(padded, reach))
        window = ([tuple(c + k * d for c, k, d in zip(padded, kc, g.dilation))
                   for kc in kernel_cells] if inside else [])
        gather.append(GatherStep(cell, terms, window, float(sum(t[2] for t in terms))))
    return ConvBackward(g, x, xp, w, dy, dy_full, is_zero, np.flip(w), scatter, gather)


# ---- pooling --------------------------------------------------------------------------


@dataclass(frozen=True)
class PoolStep:
    """Output cell `out` = max or mean of the window cells `reads`."""
    out: tuple
    reads: list
    values: np.ndarray
    winner: int | None     # index into reads of the first maximum (max pooling)
    total: float


@dataclass(frozen=True)
class PoolForward:
    geometry: Geometry
    kind: str
    x: np.ndarray
    steps: list

    @property
    def y(self):
        """The pooled output assembled from the steps."""
        return _assemble(self.geometry.out_shape, self.x.dtype,
                         ((s.out, s.total) for s in self.steps))


@dataclass(frozen=True)
class PoolBackStep:
    """dy[dy_index] goes to the winner (max) or in equal shares to the window (avg)."""
    dy_index: tuple
    dy_value: float
    reads: list
    terms: list        # (x cell, amount)


@dataclass(frozen=True)
class PoolBackward:
    geometry: Geometry
    kind: str
    x: np.ndarray
    dy: np.ndarray
    steps: list

    def dx(self):
        dx = np.zeros(self.geometry.in_shape, dtype=self.x.dtype)
        for step in self.steps:
            for cell, amount in step.terms:
                dx[cell] += amount
        return dx


_KINDS = ("max", "avg")


def _pool_setup(func, x, size, stride, kind):
    if kind not in _KINDS:
        raise ValueError(f"{func}: kind must be one of {_KINDS}; got {kind!r}")
    x = as_plane(x, "x", func)
    x = x.astype(float_dtype(x))
    size, (stride, padding, dilation, out) = pool_window(func, x.shape, size, stride)
    return x, Geometry(x.ndim, x.shape, size, stride, padding, dilation, out)


def pool_geometry(x, size, stride=None):
    """Where the pooling windows sit, and the pooled shape, without pooling."""
    return _pool_setup("frames.pool_geometry", x, size, stride, "max")[1]


def pool_forward(x, size, stride=None, kind="max"):
    """Steps of max or average pooling, one per output cell in row-major order.

    Inputs: x (L,) or (H, W); size, stride int or pair (stride None = size);
    kind "max" or "avg". Returns a PoolForward with .steps and the assembled .y.
    """
    x, g = _pool_setup("frames.pool_forward", x, size, stride, kind)
    steps = []
    for out in g.out_cells():
        reads = g.window(out)
        values = np.array([x[r] for r in reads])
        winner = first_max(values) if kind == "max" else None
        total = values[winner] if kind == "max" else values.mean()
        steps.append(PoolStep(out, reads, values, winner, float(total)))
    return PoolForward(g, kind, x, steps)


def pool_backward(x, dy, size, stride=None, kind="max"):
    """Steps of the pooling backward pass, one per dy cell.

    Inputs: x (L,) or (H, W); dy shaped like the pooled output; size, stride, kind as in
    pool_forward. Max sends dy to the window's first maximum; avg sends dy / (KH*KW) to
    every window cell. Returns a PoolBackward; .dx() adds the steps up.
    """
    func = "frames.pool_backward"
    x, g = _pool_setup(func, x, size, stride, kind)
    dy = as_plane(dy, "dy", func)
    check_shape(dy, g.out_shape, "dy", func, "(the pooled output's shape)")
    dy = dy.astype(float_dtype(x, dy))
    share = 1.0 / np.prod(g.kernel)
    steps = []
    for out in g.out_cells():
        reads = g.window(out)
        if kind == "max":
            terms = [(reads[first_max([x[r] for r in reads])], float(dy[out]))]
        else:
            terms = [(r, float(dy[out]) * share) for r in reads]
        steps.append(PoolBackStep(out, float(dy[out]), reads, terms))
    return PoolBackward(g, kind, x, dy, steps)


# ---- transposed convolution (a convolution's backward pass, used to upsample) ----------


@dataclass(frozen=True)
class StampStep:
    """x[x_index] stamps x·w onto the full output: amounts[k] = x * w[k] lands on cells[k]."""
    x_index: tuple
    x_value: float
    cells: list        # cells of the full (uncropped) output, one per kernel cell, row-major
    amounts: list


@dataclass(frozen=True)
class SpreadWindow:
    """y[y_index] = b + sum of the window `cells` of the spread, padded x times rot180(w)."""
    y_index: tuple
    cells: list        # cells of .spread under rot180(w), row-major
    total: float


@dataclass(frozen=True)
class ConvTranspose:
    """A transposed convolution, read two ways (one channel, no batch).

    Stamp reading: x[i] adds x[i]·w to the full output at i·stride (kernel cells dilation
    apart); y is the full output with `padding` cells cropped from every edge.
    Window reading: spread x with stride-1 zeros between its cells, pad it with
    (k-1)·dilation - padding zeros (crop it when that is negative), then correlate with
    rot180(w): an ordinary convolution.
    """
    x: np.ndarray
    w: np.ndarray
    b: float
    stride: tuple
    padding: tuple
    output_padding: tuple
    dilation: tuple
    out_shape: tuple
    full_shape: tuple            # the uncropped output: (n-1)·s + (k-1)·d + 1 + output_padding
    stamps: list
    spread: np.ndarray           # x spread and padded, out + (k-1)·d per axis
    spread_is_zero: np.ndarray   # True where .spread holds an inserted zero
    windows: list

    @property
    def crop(self):
        """Index of y inside the full output: padding cells off every edge."""
        return tuple(slice(p, p + n) for p, n in zip(self.padding, self.out_shape))

    def full_output(self):
        """The stamps added up on the full output (no bias, nothing cropped)."""
        full = np.zeros(self.full_shape, dtype=self.x.dtype)
        for step in self.stamps:
            for cell, amount in zip(step.cells, step.amounts):
                full[cell] += amount
        return full

    @property
    def y(self):
        """y from the stamps: the full output, cropped, plus the bias."""
        return self.full_output()[self.crop] + self.b

    def y_from_windows(self):
        """y from the window reading, one cell per window."""
        return _assemble(self.out_shape, self.x.dtype, ((s.y_index, s.total)
                                                        for s in self.windows))


def conv_transpose(x, w, b=0.0, stride=1, padding=0, output_padding=0, dilation=1):
    """Steps of y = conv_transpose(x, w) + b (PyTorch's semantics, one channel).

    Inputs: x (L,) or (H, W); w (K,) or (KH, KW); b a number; stride, padding,
    output_padding, dilation an int or pair (output_padding < max(stride, dilation), as
    in PyTorch: it only picks one of the sizes that a strided conv maps to x's size).
    Output size per axis: (n - 1)·stride - 2·padding + dilation·(k - 1) + output_padding + 1.
    Returns a ConvTranspose with .stamps (one per x cell) and .windows (one per y cell).
    """
    func = "frames.conv_transpose"
    x, w = as_plane(x, "x", func), as_plane(w, "w", func)
    _same_ndim(func, x, w, "w")
    dtype = float_dtype(x, w)
    x, w = x.astype(dtype), w.astype(dtype)
    nd = x.ndim
    stride = as_tuple(stride, "stride", func, 1, nd)
    padding = as_tuple(padding, "padding", func, 0, nd)
    output_padding = as_tuple(output_padding, "output_padding", func, 0, nd)
    dilation = as_tuple(dilation, "dilation", func, 1, nd)
    for op, s, d in zip(output_padding, stride, dilation):
        if op >= max(s, d):
            raise ValueError(f"{func}: output_padding must be smaller than stride or "
                             f"dilation (here < {max(s, d)}); got output_padding "
                             f"{_one(output_padding)}")
    span = [d * (k - 1) for k, d in zip(w.shape, dilation)]
    full_shape = tuple((n - 1) * s + sp + 1 + op
                       for n, s, sp, op in zip(x.shape, stride, span, output_padding))
    out_shape = tuple(f - 2 * p for f, p in zip(full_shape, padding))
    if min(out_shape) < 1:
        raise ValueError(f"{func}: padding {_one(padding)} crops the whole output: the "
                         f"uncropped output is {full_shape}, and 2·padding must be smaller")
    kernel_cells = list(np.ndindex(*w.shape))
    stamps = []
    for i in np.ndindex(*x.shape):
        cells = [tuple(a * s + k * d for a, s, k, d in zip(i, stride, kc, dilation))
                 for kc in kernel_cells]
        stamps.append(StampStep(i, float(x[i]), cells, [x[i] * w[k] for k in kernel_cells]))

    # The window reading: x[i] sits at (k-1)·d - p + i·s of the spread grid.
    spread_shape = tuple(o + sp for o, sp in zip(out_shape, span))
    spread = np.zeros(spread_shape, dtype=dtype)
    is_zero = np.ones(spread_shape, dtype=bool)
    for i in np.ndindex(*x.shape):
        cell = tuple(sp - p + a * s for sp, p, a, s in zip(span, padding, i, stride))
        if all(0 <= c < n for c, n in zip(cell, spread_shape)):
            spread[cell], is_zero[cell] = x[i], False
    w_rot = np.flip(w)
    windows = []
    for o in np.ndindex(*out_shape):
        cells = [tuple(a + k * d for a, k, d in zip(o, kc, dilation)) for kc in kernel_cells]
        total = b + sum(spread[c] * w_rot[k] for c, k in zip(cells, kernel_cells))
        windows.append(SpreadWindow(o, cells, float(total)))
    return ConvTranspose(x, w, float(b), stride, padding, output_padding, dilation, out_shape,
                         full_shape, stamps, spread, is_zero, windows)


def _one(value):
    return value[0] if len(set(value)) == 1 else value
