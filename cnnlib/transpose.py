"""Transposed convolution: a convolution's backward pass, used as a layer (to upsample).

    conv_transpose2d(dy, w, s, p, output_padding, d) == conv2d_backward(dy, x, w, s, p, d)[0]

(output_padding: the rows/columns of x past the conv's last window, (H + 2p - d(KH-1) - 1) % s.)
In matrix form, a convolution is y = M x and its input gradient is M.T dy; the transposed
convolution is that M.T applied to x. PyTorch's layout w (C_in, C_out, KH, KW) is exactly
that convolution's w (F, C, KH, KW), with F = C_in and C = C_out. Nothing new is
computed here: the forward is conv.py's input gradient (W.T @ x[n], then col2im), and the
backward is conv.py's forward (dx = conv2d(dy, w)) and its weight gradient (dw, the
correlation of dy with x). output_padding only lengthens the output on the far side: a
strided conv maps several input sizes onto x's size, and it picks which one.
"""

import numpy as np

from . import conv
from ._checks import LayerArgs, conv_transpose_args
from ._windows import lift_1d


def _as_conv(a, conv_input=None):
    """The convolution whose backward pass this one is: filters w (C_in of them, C_out
    channels each), its output the shape of x (x plays its dy), its input the shape of y."""
    return LayerArgs(x=conv_input, w=a.w, b=None, dy=a.x, stride=a.stride, padding=a.padding,
                     dilation=a.dilation, out=a.x.shape[2:], dtype=a.dtype)


def _forward(a):
    """y = the conv's dx with dy = x (W.T @ x[n], then col2im), plus b."""
    y_shape = (a.x.shape[0], a.w.shape[1]) + a.out
    y = conv._input_grad(_as_conv(a), y_shape)                  # a view inside the padded grid
    return y + a.b[:, None, None] if a.b is not None else np.ascontiguousarray(y)


def _backward(a):
    """dx = conv2d(dy, w) (the conv's forward), dw = the conv's dw with input dy and
    upstream x, db = sum of dy."""
    c = _as_conv(a, conv_input=a.dy)
    cols = conv._im2col(c)                                      # dy's windows, read once
    return conv._forward(c, cols), conv._weight_grad(c, cols), a.dy.sum(axis=(0, 2, 3))


def conv_transpose2d(x, w, b=None, stride=1, padding=0, output_padding=0, dilation=1):
    """2-D transposed convolution (PyTorch's conv_transpose2d): conv2d's backward pass.

    Each input cell x[n, c, i, j] scatters x[n, c, i, j] * w[c, f, l, m] onto
    y[n, f, i*sh - ph + l*dh, j*sw - pw + m*dw] (cells outside y are dropped), then + b[f].

    Inputs:
    - x: (N, C_in, H, W) input
    - w: (C_in, C_out, KH, KW) weights (PyTorch's layout)
    - b: (C_out,) biases, or None for no bias
    - stride, padding, output_padding, dilation: int or pair (h, w); output_padding must
      be smaller than stride or dilation
    Returns:
    - y: (N, C_out, H', W'), H' = (H - 1)*sh - 2*ph + dh*(KH - 1) + output_padding + 1
    Float inputs keep their dtype; integer inputs are computed in float64.
    """
    return _forward(conv_transpose_args("conv_transpose2d", 2, x, w, b, stride, padding,
                                        output_padding, dilation))


def conv_transpose2d_backward(dy, x, w, stride=1, padding=0, output_padding=0, dilation=1):
    """Gradients of conv_transpose2d, given dy = dL/dy.

    Inputs:
    - dy: (N, C_out, H', W') upstream gradient, the shape of conv_transpose2d's output
    - x: (N, C_in, H, W), w: (C_in, C_out, KH, KW), the rest: as in conv_transpose2d
    Returns (dx, dw, db):
    - dx: (N, C_in, H, W)       = conv2d(dy, w)  (a convolution's forward pass)
    - dw: (C_in, C_out, KH, KW) = padded dy correlated with x: sum of x[n, c, i, j] *
                                  dy[n, f, i*sh - ph + l*dh, j*sw - pw + m*dw]
    - db: (C_out,)              = sum of dy over n, i, j
    """
    return _backward(conv_transpose_args("conv_transpose2d_backward", 2, x, w, None, stride,
                                         padding, output_padding, dilation, dy=dy))


_LIFTED = ("x", "w", "dy", "stride", "padding", "dilation", "out")   # output_padding: in .out


def conv_transpose1d(x, w, b=None, stride=1, padding=0, output_padding=0, dilation=1):
    """1-D transposed convolution (PyTorch's conv_transpose1d): conv1d's backward pass.

    Each x[n, c, i] scatters x[n, c, i] * w[c, f, l] onto y[n, f, i*s - p + l*d], then + b[f].

    Inputs:
    - x: (N, C_in, L), w: (C_in, C_out, K), b: (C_out,) or None
    - stride, padding, output_padding, dilation: int
    Returns:
    - y: (N, C_out, L'), L' = (L - 1)*stride - 2*padding + dilation*(K - 1) + output_padding + 1
    """
    a = conv_transpose_args("conv_transpose1d", 1, x, w, b, stride, padding, output_padding,
                            dilation)
    return _forward(lift_1d(a, *_LIFTED))[:, :, 0]


def conv_transpose1d_backward(dy, x, w, stride=1, padding=0, output_padding=0, dilation=1):
    """Gradients of conv_transpose1d, given dy = dL/dy.

    Inputs:
    - dy: (N, C_out, L') upstream gradient, the shape of conv_transpose1d's output
    - x: (N, C_in, L), w: (C_in, C_out, K), the rest: as in conv_transpose1d
    Returns (dx, dw, db):
    - dx: (N, C_in, L)       = conv1d(dy, w)
    - dw: (C_in, C_out, K)   = sum of x[n, c, i] * dy[n, f, i*s - p + l*d]
    - db: (C_out,)           = sum of dy
    """
    a = conv_transpose_args("conv_transpose1d_backward", 1, x, w, None, stride, padding,
                            output_padding, dilation, dy=dy)
    dx, dw, db = _backward(lift_1d(a, *_LIFTED))
    return dx[:, :, 0], dw[:, :, 0], db
