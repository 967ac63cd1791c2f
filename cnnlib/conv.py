"""Convolution layers (the slides' `*`, i.e. cross-correlation), forward and backward.

How it vectorizes: every window of the padded input is read as a strided view and
copied once into a matrix `cols` (C*KH*KW, N*OH*OW) (im2col); the layer is then one
matrix product with the filters (F, C*KH*KW). The backward is the same product's
transposes, and `add_windows` (col2im) puts the input gradient back on the grid.
The 1-D layers are the 2-D ones on an image of height 1.
"""

import numpy as np

from ._checks import conv_args
from ._windows import add_windows, lift_1d, window_view


def _pad(x, padding):
    (ph, pw) = padding
    if ph == 0 and pw == 0:
        return x
    return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))


def _im2col(a):
    """Input windows as a matrix (C*KH*KW, N*OH*OW), rows ordered like w's (C, KH, KW)."""
    windows = window_view(_pad(a.x, a.padding), a.w.shape[2:], a.stride, a.dilation, a.out)
    c, kh, kw = a.w.shape[1:]
    return windows.transpose(1, 4, 5, 0, 2, 3).reshape(c * kh * kw, -1)


def _forward(a):
    f = a.w.shape[0]
    y = a.w.reshape(f, -1) @ _im2col(a)                        # (F, N*OH*OW)
    y = y.reshape((f, a.x.shape[0]) + a.out).transpose(1, 0, 2, 3)
    if a.b is not None:
        y = y + a.b[:, None, None]
    return np.ascontiguousarray(y)


def _backward(a):
    n, c, h, w = a.x.shape
    f, _, kh, kw = a.w.shape
    dy = a.dy.transpose(1, 0, 2, 3).reshape(f, -1)             # (F, N*OH*OW)
    db = a.dy.sum(axis=(0, 2, 3))
    dw = (dy @ _im2col(a).T).reshape(a.w.shape)                # dw = x * dy
    dcols = (a.w.reshape(f, -1).T @ dy).reshape((c, kh, kw, n) + a.out)
    (ph, pw) = a.padding
    dx = add_windows(dcols.transpose(1, 2, 3, 0, 4, 5), (n, c, h + 2 * ph, w + 2 * pw),
                     a.stride, a.dilation, a.dtype)
    return dx[:, :, ph:ph + h, pw:pw + w], dw, db


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1):
    """2-D convolution layer (cross-correlation, as in PyTorch).

    y[n, f, i, j] = b[f] + sum over c, l, m of
                    w[f, c, l, m] * xpad[n, c, i*sh + l*dh, j*sw + m*dw]

    Inputs:
    - x: (N, C, H, W) input images
    - w: (F, C, KH, KW) filters
    - b: (F,) biases, or None for no bias
    - stride, padding, dilation: int or pair (h, w); padding is zeros on both sides
    Returns:
    - y: (N, F, H', W'), H' = floor((H + 2*ph - dh*(KH - 1) - 1) / sh) + 1, W' likewise
    Float inputs keep their dtype; integer inputs are computed in float64.
    """
    return _forward(conv_args("conv2d", 2, x, w, b, stride, padding, dilation))


def conv2d_backward(dy, x, w, stride=1, padding=0, dilation=1):
    """Gradients of conv2d, given dy = dL/dy.

    Inputs:
    - dy: (N, F, H', W') upstream gradient, the shape of conv2d's output
    - x: (N, C, H, W), w: (F, C, KH, KW), stride, padding, dilation: as in conv2d
    Returns (dx, dw, db):
    - dx: (N, C, H, W)   = zero-padded dy * rot180(w)   (dy dilated by the stride)
    - dw: (F, C, KH, KW) = x * dy                       (correlation of input and dy)
    - db: (F,)           = sum of dy over n, i, j
    """
    return _backward(conv_args("conv2d_backward", 2, x, w, None, stride, padding, dilation,
                               dy=dy))


def conv1d(x, w, b=None, stride=1, padding=0, dilation=1):
    """1-D convolution layer (cross-correlation, as in PyTorch).

    y[n, f, i] = b[f] + sum over c, l of w[f, c, l] * xpad[n, c, i*stride + l*dilation]

    Inputs:
    - x: (N, C, L) input signals
    - w: (F, C, K) filters
    - b: (F,) biases, or None for no bias
    - stride, padding, dilation: int; padding is zeros on both ends
    Returns:
    - y: (N, F, L'), L' = floor((L + 2*padding - dilation*(K - 1) - 1) / stride) + 1
    """
    a = conv_args("conv1d", 1, x, w, b, stride, padding, dilation)
    return _forward(lift_1d(a, "x", "w", "stride", "padding", "dilation", "out"))[:, :, 0]


def conv1d_backward(dy, x, w, stride=1, padding=0, dilation=1):
    """Gradients of conv1d, given dy = dL/dy.

    Inputs:
    - dy: (N, F, L') upstream gradient, the shape of conv1d's output
    - x: (N, C, L), w: (F, C, K), stride, padding, dilation: as in conv1d
    Returns (dx, dw, db):
    - dx: (N, C, L) = [0, dy, 0] * flip(w)  (dy zero-padded by K-1, dilated by the stride)
    - dw: (F, C, K) = x * dy
    - db: (F,)      = sum of dy
    """
    a = conv_args("conv1d_backward", 1, x, w, None, stride, padding, dilation, dy=dy)
    dx, dw, db = _backward(lift_1d(a, "x", "w", "dy", "stride", "padding", "dilation", "out"))
    return dx[:, :, 0], dw[:, :, 0], db
