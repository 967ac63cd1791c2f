"""Sliding windows without loops over pixels: the one trick every fast layer shares.

Cell (l, m) of every window, taken over all windows at once, is one strided slice of the
grid: `offset_slices` lists these slices, one per kernel offset (KH*KW of them, a handful),
so a layer loops over kernel offsets, never over pixels. `window_view` reads every window
of a (N, C, H, W) array as a strided view (no copy), and `add_windows` is its adjoint
(col2im): it sends per-window values back onto the grid with one strided-slice add per
kernel offset, so overlapping windows add up.
"""

import numpy as np
from numpy.lib.stride_tricks import as_strided


def pad(x, padding):
    """x with padding[i] zeros on both sides of its i-th trailing axis (the spatial axes;
    len(padding) of them); x itself, not a copy, when there is nothing to add."""
    if not any(padding):
        return x
    lead = [(0, 0)] * (x.ndim - len(padding))
    return np.pad(x, lead + [(p, p) for p in padding])


def first_max(values):
    """Index of the first largest value: ties go to the earliest, as in PyTorch, and a NaN
    counts as larger than any number (the first NaN wins), as in np.max."""
    return int(np.argmax(values))


def cell_slice(l, stride, dilation, out):
    """Along one axis, cell l of each of the `out` windows: positions i*stride + l*dilation."""
    return slice(l * dilation, l * dilation + stride * (out - 1) + 1, stride)


def offset_slices(kernel, stride, dilation, out):
    """For each kernel offset (l, m), in row-major order, the index `cells` such that
    grid[cells] is a view (..., OH, OW) with grid[cells][..., i, j] =
    grid[..., i*sh + l*dh, j*sw + m*dw]: cell (l, m) of every window."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, stride, dilation, out
    for l in range(kh):
        for m in range(kw):
            yield Ellipsis, cell_slice(l, sh, dh, oh), cell_slice(m, sw, dw, ow)


def window_view(x, kernel, stride, dilation, out):
    """x: (N, C, H, W) -> read-only view (N, C, OH, OW, KH, KW), view[n, c, i, j, l, m] =
    x[n, c, i*sh + l*dh, j*sw + m*dw]."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, stride, dilation, out
    s_n, s_c, s_h, s_w = x.strides
    return as_strided(x, shape=x.shape[:2] + (oh, ow, kh, kw),
                      strides=(s_n, s_c, s_h * sh, s_w * sw, s_h * dh, s_w * dw),
                      writeable=False)


def add_windows(parts, grid_shape, stride, dilation, dtype):
    """parts: (KH, KW, N, C, OH, OW), what offset (l, m) of window (i, j) sends to the
    grid -> (N, C, H, W) grid where every cell holds the sum of what it was sent."""
    kh, kw, _, _, oh, ow = parts.shape
    grid = np.zeros(grid_shape, dtype=dtype)
    for (l, m), cells in zip(np.ndindex(kh, kw), offset_slices((kh, kw), stride, dilation,
                                                               (oh, ow))):
        grid[cells] += parts[l, m]
    return grid


def lift_1d(args, *names):
    """Make a 1-D problem a 2-D one of height 1: arrays get an axis, tuples a leading entry."""
    for name in names:
        value = getattr(args, name)
        if isinstance(value, tuple):
            setattr(args, name, (1 if name != "padding" else 0,) + value)
        elif value is not None:
            setattr(args, name, value[:, :, None, :])
    return args
