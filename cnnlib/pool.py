"""Max and average pooling, forward and backward.

How it vectorizes: cell (l, m) of every window, over all windows at once, is one strided
slice of x (`offset_slices`), so each layer is a short loop over the KH*KW kernel offsets
of whole-array operations, never a loop over windows. Max forward takes the elementwise
maximum of these slices; max backward walks them in row-major order and gives each dy to
the first slice that holds its window's maximum (as PyTorch); average forward adds them
up and divides by KH*KW; average backward adds dy / (KH*KW) to every slice. Overlapping
windows (stride < size) add their gradients because each offset adds into dx.
The 1-D pools are the 2-D ones on an image of height 1.
"""

import numpy as np

from ._checks import pool_args
from ._windows import add_windows, lift_1d, offset_slices

_NO_DILATION = (1, 1)


def _offsets(a):
    """One strided slice of x per kernel offset, row-major (see `offset_slices`)."""
    return offset_slices(a.size, a.stride, _NO_DILATION, a.out)


def _max_forward(a):
    """y = elementwise maximum over the KH*KW offset slices of x."""
    offsets = _offsets(a)
    y = a.x[next(offsets)].copy()
    for cells in offsets:
        np.maximum(y, a.x[cells], out=y)
    return y


def _max_backward(a):
    """dx[winner] += dy, the winner being the first offset (row-major) holding the max."""
    x_at = np.stack([a.x[cells] for cells in _offsets(a)])   # (KH*KW, N, C, OH, OW)
    y = x_at.max(axis=0)
    nan = np.isnan(y).any()                             # a NaN counts as the max
    exact = np.isfinite(a.dy).all()                     # then dy * mask is exact, and fast
    overlap = any(s < k for s, k in zip(a.stride, a.size))
    dx = np.zeros(a.x.shape, dtype=a.dtype)
    open_ = np.ones(y.shape, dtype=bool)                # windows whose winner is not found yet
    for x_k, cells in zip(x_at, _offsets(a)):
        won = ((x_k == y) | np.isnan(x_k) if nan else x_k == y) & open_
        open_ ^= won
        if not exact:
            dx[cells] += np.where(won, a.dy, 0)
        elif overlap:
            dx[cells] += a.dy * won                     # a cell may win several windows
        else:
            np.multiply(a.dy, won, out=dx[cells])       # windows apart: write in place
    return dx


def _avg_forward(a):
    """y = (sum of the KH*KW offset slices of x) / (KH*KW)."""
    offsets = _offsets(a)
    y = a.x[next(offsets)].copy()
    for cells in offsets:
        y += a.x[cells]
    y /= a.size[0] * a.size[1]
    return y


def _avg_backward(a):
    """dx[every cell of a window] += dy / (KH*KW), one offset slice at a time."""
    kh, kw = a.size
    share = np.broadcast_to(a.dy / (kh * kw), (kh, kw) + a.dy.shape)
    return add_windows(share, a.x.shape, a.stride, _NO_DILATION, a.dtype)


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
    - dx: (N, C, H, W); ties go to the first maximum in row-major order (as PyTorch);
      a cell that wins several overlapping windows receives the sum of their dy
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
