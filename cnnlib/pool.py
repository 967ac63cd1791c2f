"""Max and average pooling, forward and backward.

How it vectorizes, never looping over windows:
- Forward, one axis at a time: a KH x KW window is a KW-wide window along each row, then
  a KH-tall window down the columns of the result, and both max and mean split that way.
  Along an axis, cell l of every window is one strided slice, so each pass is a loop over
  the KW (then KH) offsets of whole-array maximum or add.
- Max backward: cell (l, m) of every window, over all windows at once, is one strided
  slice of x (`offset_slices`); walking these KH*KW slices in row-major order, each dy
  goes to the first slice that holds its window's maximum (as PyTorch).
- Average backward: dy / (KH*KW) spread back along the columns, then along the rows.
Overlapping windows (stride < size) add their gradients.
The 1-D pools are the 2-D ones on an image of height 1.
"""

import numpy as np

from ._checks import pool_args
from ._windows import cell_slice, lift_1d, offset_slices


def _slices(a, axis, k, stride, out):
    """The k strided slices of `a` along spatial axis 2 or 3: slice l holds, for every
    window i < out along that axis, its cell l (a[..., i*stride + l, ...])."""
    for l in range(k):
        cells = [slice(None)] * 4
        cells[axis] = cell_slice(l, stride, 1, out)
        yield a[tuple(cells)]


def _identity(a, axis, k, out):
    """A 1-cell window at every cell: nothing to do along this axis."""
    return k == 1 and out == a.shape[axis]


def _reduce_along(ufunc, x, axis, k, stride, out):
    """ufunc (np.maximum or np.add) folded over the k slices (x itself if no work)."""
    if _identity(x, axis, k, out):
        return x
    first, *rest = _slices(x, axis, k, stride, out)
    if not rest:
        return first.copy()
    total = ufunc(first, rest[0])
    for cells in rest[1:]:
        ufunc(total, cells, out=total)
    return total


def _spread_along(d, axis, k, stride, length):
    """The adjoint of reading the k slices: a zero grid `length` long on `axis` where
    every slice receives d; overlapping slices add."""
    if _identity(d, axis, k, length):
        return d
    shape = list(d.shape)
    shape[axis] = length
    grid = np.zeros(shape, dtype=d.dtype)
    for cells in _slices(grid, axis, k, stride, d.shape[axis]):
        if stride < k:
            cells += d
        else:
            cells[...] = d
    return grid


def _max_forward(a):
    """y = the maximum along each row's windows, then down the columns."""
    (kh, kw), (sh, sw), (oh, ow) = a.size, a.stride, a.out
    y = _reduce_along(np.maximum, _reduce_along(np.maximum, a.x, 3, kw, sw, ow), 2, kh, sh, oh)
    return y.copy() if y is a.x else y


def _max_backward(a):
    """dx[winner] += dy, the winner being the first offset (row-major) holding the max y."""
    y = _max_forward(a)
    nan = np.isnan(y).any()                             # a NaN counts as the max
    exact = np.isfinite(a.dy).all()                     # then dy * mask is exact, and fast
    overlap = any(s < k for s, k in zip(a.stride, a.size))
    dx = np.zeros(a.x.shape, dtype=a.dtype)
    offsets = list(offset_slices(a.size, a.stride, (1, 1), a.out))   # row-major
    open_ = None                                        # windows whose winner is not found yet
    for index, cells in enumerate(offsets):
        if index == len(offsets) - 1 and open_ is not None:
            won = open_                                 # the last offset wins what is left
        else:
            x_k = a.x[cells]
            won = (x_k == y) | np.isnan(x_k) if nan else x_k == y
            if open_ is None:
                open_ = ~won
            else:
                won &= open_
                open_ ^= won
        if not exact:
            dx[cells] += np.where(won, a.dy, 0)
        elif overlap:
            dx[cells] += a.dy * won                     # a cell may win several windows
        else:
            np.multiply(a.dy, won, out=dx[cells])       # windows apart: write in place
    return dx


def _avg_forward(a):
    """y = (the sum along each row's windows, then down the columns) / (KH*KW)."""
    (kh, kw), (sh, sw), (oh, ow) = a.size, a.stride, a.out
    y = _reduce_along(np.add, _reduce_along(np.add, a.x, 3, kw, sw, ow), 2, kh, sh, oh)
    return y / (kh * kw)


def _avg_backward(a):
    """Every cell of a window gets dy / (KH*KW): spread down the columns, then the rows."""
    (kh, kw), (sh, sw) = a.size, a.stride
    _, _, h, w = a.x.shape
    share = a.dy / (kh * kw)
    return _spread_along(_spread_along(share, 2, kh, sh, h), 3, kw, sw, w)


def _pool(kernel, func, ndim, x, size, stride, dy=None):
    a = pool_args(func, ndim, x, size, stride, dy)
    if ndim == 2:
        return kernel(a)
    return kernel(lift_1d(a, "x", "dy", "size", "stride", "out"))[:, :, 0]


def maxpool2d(x, size, stride=None):
    """Max pooling: y[n, c, i, j] = max over l, m of x[n, c, i*sh + l, j*sw + m].

    Inputs:
    - x: (N, C, H, W)
    - size: int or pair (KH, KW), the window
    - stride: int or pair; None means stride = size (windows tile the input)
    Returns:
    - y: (N, C, H', W'), H' = floor((H - KH) / sh) + 1, W' likewise
    """
    return _pool(_max_forward, "maxpool2d", 2, x, size, stride)


def maxpool2d_backward(dy, x, size, stride=None):
    """Gradient of maxpool2d: each dy[n, c, i, j] goes to its window's winner only.

    Inputs:
    - dy: (N, C, H', W') upstream gradient; x, size, stride: as in maxpool2d
    Returns:
    - dx: (N, C, H, W); ties go to the first maximum in row-major order (as PyTorch),
      a NaN counts as the maximum (the first NaN wins); a cell that wins several
      overlapping windows receives the sum of their dy
    """
    return _pool(_max_backward, "maxpool2d_backward", 2, x, size, stride, dy)


def avgpool2d(x, size, stride=None):
    """Average pooling: y[n, c, i, j] = mean over l, m of x[n, c, i*sh + l, j*sw + m].

    Inputs:
    - x: (N, C, H, W)
    - size: int or pair (KH, KW), the window
    - stride: int or pair; None means stride = size
    Returns:
    - y: (N, C, H', W'), H' = floor((H - KH) / sh) + 1, W' likewise
    """
    return _pool(_avg_forward, "avgpool2d", 2, x, size, stride)


def avgpool2d_backward(dy, x, size, stride=None):
    """Gradient of avgpool2d: each cell of a window gets dy / (KH*KW).

    Inputs:
    - dy: (N, C, H', W') upstream gradient; x, size, stride: as in avgpool2d
    Returns:
    - dx: (N, C, H, W); overlapping windows add their shares
    """
    return _pool(_avg_backward, "avgpool2d_backward", 2, x, size, stride, dy)


def maxpool1d(x, size, stride=None):
    """Max pooling: y[n, c, i] = max over l of x[n, c, i*stride + l].

    Inputs:
    - x: (N, C, L); size: int, the window; stride: int, None means stride = size
    Returns:
    - y: (N, C, L'), L' = floor((L - size) / stride) + 1
    """
    return _pool(_max_forward, "maxpool1d", 1, x, size, stride)


def maxpool1d_backward(dy, x, size, stride=None):
    """Gradient of maxpool1d: each dy[n, c, i] goes to its window's first maximum.

    Inputs:
    - dy: (N, C, L'); x, size, stride: as in maxpool1d
    Returns:
    - dx: (N, C, L); overlapping windows add their gradients
    """
    return _pool(_max_backward, "maxpool1d_backward", 1, x, size, stride, dy)


def avgpool1d(x, size, stride=None):
    """Average pooling: y[n, c, i] = mean over l of x[n, c, i*stride + l].

    Inputs:
    - x: (N, C, L); size: int, the window; stride: int, None means stride = size
    Returns:
    - y: (N, C, L'), L' = floor((L - size) / stride) + 1
    """
    return _pool(_avg_forward, "avgpool1d", 1, x, size, stride)


def avgpool1d_backward(dy, x, size, stride=None):
    """Gradient of avgpool1d: each cell of a window gets dy / size.

    Inputs:
    - dy: (N, C, L'); x, size, stride: as in avgpool1d
    Returns:
    - dx: (N, C, L); overlapping windows add their shares
    """
    return _pool(_avg_backward, "avgpool1d_backward", 1, x, size, stride, dy)
