"""Max and average pooling, forward and backward.

How it vectorizes: the windows are a strided view (N, C, OH, OW, KH, KW); forward
reduces its last two axes. Max backward sends each dy to its window's first maximum
(row-major, as PyTorch) with one `np.bincount`, which also adds the gradients of
overlapping windows; average backward spreads dy / (KH*KW) with `add_windows`.
The 1-D pools are the 2-D ones on an image of height 1.
"""

import numpy as np

from ._checks import pool_args
from ._windows import add_windows, lift_1d, window_view

_NO_DILATION = (1, 1)


def _windows(a):
    return window_view(a.x, a.size, a.stride, _NO_DILATION, a.out)


def _max_forward(a):
    return _windows(a).max(axis=(4, 5))


def _max_backward(a):
    n, c, h, w = a.x.shape
    kh, kw = a.size
    (sh, sw), (oh, ow) = a.stride, a.out
    winner = _windows(a).reshape(n, c, oh, ow, kh * kw).argmax(axis=4)   # first maximum
    rows = np.arange(oh)[:, None] * sh + winner // kw                     # (N, C, OH, OW)
    cols = np.arange(ow)[None, :] * sw + winner % kw
    planes = np.arange(n * c).reshape(n, c, 1, 1)
    flat = (planes * h + rows) * w + cols
    dx = np.bincount(flat.ravel(), weights=a.dy.ravel(), minlength=n * c * h * w)
    return dx.reshape(a.x.shape).astype(a.dtype, copy=False)


def _avg_forward(a):
    return _windows(a).mean(axis=(4, 5), dtype=a.dtype)


def _avg_backward(a):
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
