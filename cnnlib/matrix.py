"""Convolution as a matrix: y = M x, and the backward pass dx = M.T dy.

One channel, no batch (the slides' pictures): x is (L,) or (H, W), the kernel w is (K,)
or (KH, KW). Flatten x and y row by row; then the convolution (cross-correlation, the
slides' `*`) is one matrix product, y.ravel() = M @ x.ravel(). Row i of M is output
cell i's window filled with the kernel; column j of M lists every output that reads
input cell j, and with which weight. That column is where rot180(w) comes from.

    conv_matrix(w, in_shape, stride=1, padding=0, dilation=1)   M (y.size, x.size)
    conv_matrix_with_shapes(w, in_shape, ...)   (M, in_shape, out_shape), for drawings
    dy_dx_symbols(n, k, ...)    1-D table dy_i/dx_j as names: "w1", "w2", ... or "0"
    dy_dw_symbols(n, k, ...)    1-D table dy_i/dw_k as names: "x1", "x2", ... or "0"
    text_table(cells, rows, cols)  a small table as aligned text, for print()
    im2col(x, w, ...)           the matrix of windows that cnnlib.conv2d multiplies by w:
                                y[n] = w.reshape(F, -1) @ cols[n]

Names in the symbol tables count from 1, as on the slides (x1 is Python's x[0]).
"""

import numpy as np

from ._checks import as_plane, as_tuple, float_dtype, window_1d, window_args


def conv_matrix(w, in_shape, stride=1, padding=0, dilation=1):
    """The matrix M of y = x * w (cross-correlation, zero padding) on flattened arrays.

    Inputs:
    - w: (K,) or (KH, KW) kernel, one channel
    - in_shape: the input's shape, (L,) or (H, W) (an int for 1-D); the same number of
      dimensions as w
    - stride, padding, dilation: int, or a pair in 2-D
    Returns:
    - M: (y.size, x.size), row-major on both sides, so that
      y.ravel() == M @ x.ravel() and dx.ravel() == M.T @ dy.ravel().
      M[i, j] = w[k] when output cell i reads input cell j through kernel cell k, else 0
      (a kernel cell that sits on padding reads a zero and leaves no entry).
    """
    return conv_matrix_with_shapes(w, in_shape, stride, padding, dilation)[0]


def conv_matrix_with_shapes(w, in_shape, stride=1, padding=0, dilation=1, func="conv_matrix"):
    """conv_matrix and the shapes it maps between: (M, in_shape, out_shape), both shapes
    tuples. func: the name errors give (a drawing that calls this names itself)."""
    args = _conv_setup(func, w, in_shape, stride, padding, dilation)
    return _matrix(*args), args[1], args[-1]


def _matrix(w, shape, stride, padding, dilation, out_shape):
    """conv_matrix on checked arguments (see _conv_setup)."""
    M = np.zeros((int(np.prod(out_shape)), int(np.prod(shape))), dtype=w.dtype)
    for row, out in enumerate(np.ndindex(*out_shape)):
        for k in np.ndindex(*w.shape):
            # input cell read by output `out` through kernel cell k (unpadded coordinates)
            cell = tuple(o * s + kk * d - p
                         for o, s, kk, d, p in zip(out, stride, k, dilation, padding))
            if all(0 <= c < n for c, n in zip(cell, shape)):
                M[row, np.ravel_multi_index(cell, shape)] += w[k]
    return M


def _conv_setup(func, w, in_shape, stride, padding, dilation):
    """Checked arguments: w as floats, every hyper-parameter a tuple, and the output shape."""
    w = as_plane(w, "w", func, ("(K,)", "(KH, KW)"))
    shape = as_tuple(in_shape, "in_shape", func, 1, w.ndim)
    stride, padding, dilation, out_shape = window_args(func, shape, w.shape, stride, padding,
                                                       dilation, source="w")
    return w.astype(float_dtype(w)), shape, stride, padding, dilation, out_shape


def dy_dx_symbols(n, k, stride=1, padding=0, dilation=1):
    """Which y_i depends on which x_j, and through which weight (1-D).

    Inputs: n input length, k kernel length; stride, padding, dilation ints.
    Returns an array of str, (L', n): entry [i, j] is dy_(i+1)/dx_(j+1), the name of the
    weight ("w1" .. "wk") through which y_(i+1) reads x_(j+1), or "0" if it does not.
    """
    n, k, s, p, d, out = window_1d("dy_dx_symbols", n, k, stride, padding, dilation)
    table = np.full((out, n), "0", dtype=object)
    for i, l, j in _reads(n, k, s, p, d, out):
        table[i, j] = f"w{l + 1}"
    return table.astype(str)


def dy_dw_symbols(n, k, stride=1, padding=0, dilation=1):
    """Which input each y_i multiplies each weight with (1-D).

    Inputs: n input length, k kernel length; stride, padding, dilation ints.
    Returns an array of str, (L', k): entry [i, l] is dy_(i+1)/dw_(l+1), the input
    ("x1" .. "xn") that w_(l+1) meets in y_(i+1), or "0" where it meets padding.
    """
    n, k, s, p, d, out = window_1d("dy_dw_symbols", n, k, stride, padding, dilation)
    table = np.full((out, k), "0", dtype=object)
    for i, l, j in _reads(n, k, s, p, d, out):
        table[i, l] = f"x{j + 1}"
    return table.astype(str)


def _reads(n, k, s, p, d, out):
    """(i, l, j): output i reads input j through weight l (padding cells left out)."""
    for i in range(out):
        for l in range(k):
            j = i * s + l * d - p
            if 0 <= j < n:
                yield i, l, j


def text_table(cells, rows, cols, corner=""):
    """A 2-D array (of names or numbers) as aligned text with row and column labels.

    cells: (R, C) array; rows: R labels; cols: C labels; corner: text above the row
    labels. Returns a str, one line per row, ready to print().
    """
    cells = np.asarray(cells)
    if cells.ndim != 2:
        raise ValueError(f"text_table: cells must be a 2-D array; got shape {cells.shape}")
    rows, cols = table_labels("text_table", cells, rows, cols)
    text = [[_cell_text(v) for v in row] for row in cells]
    width = max(len(s) for s in cols + [t for row in text for t in row])
    left = max(len(s) for s in rows + [corner])
    lines = [corner.ljust(left) + " | " + " ".join(c.rjust(width) for c in cols)]
    lines.append("-" * len(lines[0]))
    lines += [r.ljust(left) + " | " + " ".join(t.rjust(width) for t in row)
              for r, row in zip(rows, text)]
    return "\n".join(lines)


def table_labels(func, cells, rows, cols):
    """The row and column labels as str, one per row and column of `cells`."""
    rows, cols = [str(r) for r in rows], [str(c) for c in cols]
    if len(rows) != cells.shape[0] or len(cols) != cells.shape[1]:
        raise ValueError(f"{func}: need {cells.shape[0]} row labels and "
                         f"{cells.shape[1]} column labels for cells of shape {cells.shape}; "
                         f"got {len(rows)} and {len(cols)}")
    return rows, cols


def _cell_text(value):
    if isinstance(value, (str, np.str_)):
        return str(value)
    value = float(value)
    return str(int(value)) if value == int(value) else f"{value:g}"


def im2col(x, w, stride=1, padding=0, dilation=1):
    """The im2col matrix cnnlib.conv2d builds: one column per output cell, holding the
    window of the (padded) input that cell reads, in the order of w's (C, KH, KW).

    Inputs: x (N, C, H, W), w (F, C, KH, KW) (only its shape is used), stride, padding,
    dilation as in cnnlib.conv2d.
    Returns cols (N, C*KH*KW, H'*W'): conv2d(x, w)[n] is w.reshape(F, -1) @ cols[n],
    reshaped to (F, H', W'): the slide's sum for every output cell in one matrix product.
    """
    from . import conv
    from ._checks import conv_args

    return conv._im2col(conv_args("im2col", 2, x, w, None, stride, padding, dilation))
