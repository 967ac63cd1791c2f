"""Convolution layers (the slides' `*`, i.e. cross-correlation), forward and backward.

How it vectorizes: im2col, then matrix products. Every window of the padded input is
read through a strided view and copied once into `cols` (N, C*KH*KW, OH*OW); then each
image is one matrix product with the filters, y[n] = W (F, C*KH*KW) @ cols[n] (np.matmul
over the batch: BLAS does the arithmetic). The backward is the same products transposed,
and `add_windows` (col2im) adds the input gradient back onto the grid, one strided slice
per kernel offset. The 1-D layers are the 2-D ones on an image of height 1.
"""

import numpy as np

from ._checks import conv_args
from ._windows import add_windows, lift_1d, pad, window_view


def _im2col(a):
    """Input windows as cols (N, C*KH*KW, OH*OW), rows ordered like w's (C, KH, KW)."""
    windows = window_view(pad(a.x, a.padding), a.w.shape[2:], a.stride, a.dilation, a.out)
    n, (oh, ow) = a.x.shape[0], a.out
    return windows.transpose(0, 1, 4, 5, 2, 3).reshape(n, -1, oh * ow)     # one copy


def _forward(a, cols=None):
    """y[n] = W @ cols[n] + b: one matrix product per image (cols: _im2col(a), if made)."""
    n, f = a.x.shape[0], a.w.shape[0]
    cols = _im2col(a) if cols is None else cols
    y = np.matmul(a.w.reshape(f, -1), cols)                      # (N, F, OH*OW)
    if a.b is not None:
        y += a.b[:, None]
    return y.reshape((n, f) + a.out)


def _weight_grad(a, cols=None):
    """dw = sum over n of dy[n] @ cols[n].T, shaped like w: the correlation x * dy."""
    n, f = a.x.shape[0], a.w.shape[0]
    dy = a.dy.reshape(n, f, -1)                                  # (N, F, OH*OW)
    cols = _im2col(a) if cols is None else cols
    dw = np.matmul(cols, dy.transpose(0, 2, 1)).sum(axis=0)      # (C*KH*KW, F)
    return dw.T.reshape(a.w.shape)


def _input_grad(a, in_shape):
    """dx (in_shape = (N, C, H, W)): dcols[n] = W.T @ dy[n], then col2im adds dcols back
    onto the (padded) grid, one kernel offset at a time. Reads a.dy, a.w and the
    hyper-parameters only, so that it also serves as the transposed convolution."""
    n, c, h, w = in_shape
    f, _, kh, kw = a.w.shape
    (ph, pw) = a.padding
    dy = a.dy.reshape(n, f, -1)                                  # (N, F, OH*OW)
    # dcols rows in (KH, KW, C) order: each kernel offset's part is one block for col2im
    w_rows = a.w.transpose(2, 3, 1, 0).reshape(kh * kw * c, f)
    dcols = np.matmul(w_rows, dy)                                # (N, KH*KW*C, OH*OW)
    parts = dcols.reshape((n, kh, kw, c) + a.dy.shape[2:]).transpose(1, 2, 0, 3, 4, 5)
    dx = add_windows(parts, (n, c, h + 2 * ph, w + 2 * pw), a.stride, a.dilation, a.dtype)
    return dx[:, :, ph:ph + h, pw:pw + w]


def _backward(a):
    """db = sum of dy, dw = x * dy (_weight_grad), dx = col2im(W.T @ dy) (_input_grad)."""
    db = a.dy.sum(axis=0).reshape(a.w.shape[0], -1).sum(axis=1)
    return _input_grad(a, a.x.shape), _weight_grad(a), db


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
