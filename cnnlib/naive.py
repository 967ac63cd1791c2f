"""The layers as plain loops that read like the slide formulas.

These are for reading, not for speed: every output cell is one explicit sum, and every
backward walks the same loops, sending each dy to the cells that produced it (the chain
rule, one term at a time). The tests hold the fast functions in `cnnlib` against these.
Same names, arguments, checks and results as the fast versions.
"""

import numpy as np

from ._checks import conv_args, conv_transpose_args, pool_args
from ._windows import first_max, lift_1d, pad


def _unpadded(a, padding):
    return a[(slice(None), slice(None)) + tuple(slice(p, a.shape[i + 2] - p)
                                                for i, p in enumerate(padding))]


# ---- convolution ---------------------------------------------------------------------


def conv1d(x, w, b=None, stride=1, padding=0, dilation=1):
    """y[n, f, i] = b[f] + sum over c, l of w[f, c, l] * a[n, c, i*s + l*d], a = padded x.

    x: (N, C, L), w: (F, C, K), b: (F,) or None -> y: (N, F, L')
    """
    p = conv_args("naive.conv1d", 1, x, w, b, stride, padding, dilation)
    a, w = pad(p.x, p.padding), p.w
    (s,), (d,), (out,) = p.stride, p.dilation, p.out
    N, C, _ = a.shape
    F, _, K = w.shape
    y = np.zeros((N, F, out), dtype=p.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(out):
                total = p.b[f] if p.b is not None else 0.0
                for c in range(C):
                    for l in range(K):
                        total += w[f, c, l] * a[n, c, i * s + l * d]
                y[n, f, i] = total
    return y


def conv1d_backward(dy, x, w, stride=1, padding=0, dilation=1):
    """Each y[n, f, i] = b[f] + sum w[f, c, l] * a[n, c, i*s + l*d] sends dy[n, f, i] to
    db[f] (times 1), to dw[f, c, l] (times a[...]) and to da[...] (times w[f, c, l]).

    dy: (N, F, L'), x: (N, C, L), w: (F, C, K) -> dx (N, C, L), dw (F, C, K), db (F,)
    """
    p = conv_args("naive.conv1d_backward", 1, x, w, None, stride, padding, dilation, dy=dy)
    a, w, dy = pad(p.x, p.padding), p.w, p.dy
    (s,), (d,), (out,) = p.stride, p.dilation, p.out
    N, C, _ = a.shape
    F, _, K = w.shape
    da, dw, db = np.zeros_like(a), np.zeros_like(w), np.zeros(F, dtype=p.dtype)
    for n in range(N):
        for f in range(F):
            for i in range(out):
                db[f] += dy[n, f, i]
                for c in range(C):
                    for l in range(K):
                        dw[f, c, l] += a[n, c, i * s + l * d] * dy[n, f, i]
                        da[n, c, i * s + l * d] += w[f, c, l] * dy[n, f, i]
    return _unpadded(da, p.padding), dw, db


def _one_plane_and_kernel(a, w):
    a, w = np.asarray(a, dtype=float), np.asarray(w, dtype=float)
    if a.ndim != 2 or w.ndim != 2 or w.shape[0] > a.shape[0] or w.shape[1] > a.shape[1]:
        raise ValueError(f"naive.hidden_layer: a must be (H, W) and w (KH, KW) no larger; "
                         f"got a {a.shape}, w {w.shape}")
    return a, w


def hidden_layer(a, w, b):
    """The slide's hidden layer, for one input and one kernel (no padding, stride 1):
    y[j, k] = b + sum over l, m of w[l, m] * a[j + l, k + m]  (before the sigma).

    a: (H, W), w: (KH, KW), b: a number -> y: (H - KH + 1, W - KW + 1). conv2d below is
    the same sum, with loops over images, kernels and channels, and stride and padding.
    """
    a, w = _one_plane_and_kernel(a, w)
    KH, KW = w.shape
    y = np.zeros((a.shape[0] - KH + 1, a.shape[1] - KW + 1))
    for j in range(y.shape[0]):
        for k in range(y.shape[1]):
            y[j, k] = b + sum(w[l, m] * a[j + l, k + m] for l in range(KH) for m in range(KW))
    return y


def conv2d(x, w, b=None, stride=1, padding=0, dilation=1):
    """y[n, f, j, k] = b[f] + sum over c, l, m of w[f, c, l, m] * a[n, c, j*sh + l*dh, k*sw + m*dw]

    with a = x zero-padded: the slide's sigma(b + sum_l sum_m w[l, m] a[j+l, k+m]) without
    the sigma, for every filter f, every image n, and summed over input channels c.
    x: (N, C, H, W), w: (F, C, KH, KW), b: (F,) or None -> y: (N, F, H', W')
    """
    p = conv_args("naive.conv2d", 2, x, w, b, stride, padding, dilation)
    a, w = pad(p.x, p.padding), p.w
    (sh, sw), (dh, dw), (out_h, out_w) = p.stride, p.dilation, p.out
    N, C, _, _ = a.shape
    F, _, KH, KW = w.shape
    y = np.zeros((N, F, out_h, out_w), dtype=p.dtype)
    for n in range(N):
        for f in range(F):
            for j in range(out_h):
                for k in range(out_w):
                    total = p.b[f] if p.b is not None else 0.0
                    for c in range(C):
                        for l in range(KH):
                            for m in range(KW):
                                total += w[f, c, l, m] * a[n, c, j * sh + l * dh, k * sw + m * dw]
                    y[n, f, j, k] = total
    return y


def conv2d_backward(dy, x, w, stride=1, padding=0, dilation=1):
    """Each y[n, f, j, k] sends dy[n, f, j, k] back along every term of its sum:
    db[f] += dy,  dw[f, c, l, m] += a[n, c, ...] * dy,  da[n, c, ...] += w[f, c, l, m] * dy.

    dy: (N, F, H', W'), x: (N, C, H, W), w: (F, C, KH, KW)
    -> dx (N, C, H, W), dw (F, C, KH, KW), db (F,)
    """
    p = conv_args("naive.conv2d_backward", 2, x, w, None, stride, padding, dilation, dy=dy)
    a, w, dy = pad(p.x, p.padding), p.w, p.dy
    (sh, sw), (dh, dw_), (out_h, out_w) = p.stride, p.dilation, p.out
    N, C, _, _ = a.shape
    F, _, KH, KW = w.shape
    da, dw, db = np.zeros_like(a), np.zeros_like(w), np.zeros(F, dtype=p.dtype)
    for n in range(N):
        for f in range(F):
            for j in range(out_h):
                for k in range(out_w):
                    g = dy[n, f, j, k]
                    db[f] += g
                    for c in range(C):
                        for l in range(KH):
                            for m in range(KW):
                                r, q = j * sh + l * dh, k * sw + m * dw_
                                dw[f, c, l, m] += a[n, c, r, q] * g
                                da[n, c, r, q] += w[f, c, l, m] * g
    return _unpadded(da, p.padding), dw, db


# ---- pooling -------------------------------------------------------------------------


def _lift(p):
    """A 1-D pooling problem as a 2-D one of height 1."""
    return lift_1d(p, "x", "dy", "size", "stride", "out")


def _window_cells(p, i, j):
    """The (row, col) cells of output cell (i, j)'s window, in row-major order."""
    (kh, kw), (sh, sw) = p.size, p.stride
    return [(i * sh + l, j * sw + m) for l in range(kh) for m in range(kw)]


def _pool2d(p, reduce):
    N, C, _, _ = p.x.shape
    y = np.zeros((N, C) + p.out, dtype=p.dtype)
    for n in range(N):
        for c in range(C):
            for i in range(p.out[0]):
                for j in range(p.out[1]):
                    y[n, c, i, j] = reduce([p.x[n, c, r, q] for r, q in _window_cells(p, i, j)])
    return y


def _max_backward2d(p):
    dx = np.zeros_like(p.x)
    N, C, _, _ = p.x.shape
    for n in range(N):
        for c in range(C):
            for i in range(p.out[0]):
                for j in range(p.out[1]):
                    cells = _window_cells(p, i, j)
                    r, q = cells[first_max([p.x[n, c, r, q] for r, q in cells])]
                    dx[n, c, r, q] += p.dy[n, c, i, j]           # the winner takes it all
    return dx


def _avg_backward2d(p):
    dx = np.zeros_like(p.x)
    N, C, _, _ = p.x.shape
    k = p.size[0] * p.size[1]
    for n in range(N):
        for c in range(C):
            for i in range(p.out[0]):
                for j in range(p.out[1]):
                    for r, q in _window_cells(p, i, j):
                        dx[n, c, r, q] += p.dy[n, c, i, j] / k  # an equal share each
    return dx


def _max(values):
    return values[first_max(values)]


def _mean(values):
    return sum(values) / len(values)


def maxpool2d(x, size, stride=None):
    """y[n, c, i, j] = max over the window {x[n, c, i*sh + l, j*sw + m]}.

    x: (N, C, H, W), size and stride: int or pair (stride None = size) -> y (N, C, H', W')
    """
    return _pool2d(pool_args("naive.maxpool2d", 2, x, size, stride), _max)


def maxpool2d_backward(dy, x, size, stride=None):
    """dx[winner of window (i, j)] += dy[i, j]; every other cell of the window gets 0.

    dy: (N, C, H', W'), x: (N, C, H, W) -> dx (N, C, H, W)
    """
    return _max_backward2d(pool_args("naive.maxpool2d_backward", 2, x, size, stride, dy))


def avgpool2d(x, size, stride=None):
    """y[n, c, i, j] = mean of the window {x[n, c, i*sh + l, j*sw + m]}.

    x: (N, C, H, W), size and stride: int or pair (stride None = size) -> y (N, C, H', W')
    """
    return _pool2d(pool_args("naive.avgpool2d", 2, x, size, stride), _mean)


def avgpool2d_backward(dy, x, size, stride=None):
    """dx[every cell of window (i, j)] += dy[i, j] / (KH*KW).

    dy: (N, C, H', W'), x: (N, C, H, W) -> dx (N, C, H, W)
    """
    return _avg_backward2d(pool_args("naive.avgpool2d_backward", 2, x, size, stride, dy))


def maxpool1d(x, size, stride=None):
    """y[n, c, i] = max of x[n, c, i*s : i*s + size].  x: (N, C, L) -> y (N, C, L')"""
    return _pool2d(_lift(pool_args("naive.maxpool1d", 1, x, size, stride)), _max)[:, :, 0]


def maxpool1d_backward(dy, x, size, stride=None):
    """dx[winner of window i] += dy[i].  dy: (N, C, L'), x: (N, C, L) -> dx (N, C, L)"""
    p = _lift(pool_args("naive.maxpool1d_backward", 1, x, size, stride, dy))
    return _max_backward2d(p)[:, :, 0]


def avgpool1d(x, size, stride=None):
    """y[n, c, i] = mean of x[n, c, i*s : i*s + size].  x: (N, C, L) -> y (N, C, L')"""
    return _pool2d(_lift(pool_args("naive.avgpool1d", 1, x, size, stride)), _mean)[:, :, 0]


def avgpool1d_backward(dy, x, size, stride=None):
    """dx[every cell of window i] += dy[i] / size.  dy: (N, C, L'), x: (N, C, L) -> dx"""
    p = _lift(pool_args("naive.avgpool1d_backward", 1, x, size, stride, dy))
    return _avg_backward2d(p)[:, :, 0]


# ---- transposed convolution (a convolution's backward pass, as a layer) ---------------


def conv_transpose1d(x, w, b=None, stride=1, padding=0, output_padding=0, dilation=1):
    """Each x[n, c, i] scatters x[n, c, i] * w[c, f, l] onto y[n, f, i*s - p + l*d], then + b[f].

    The scatter lands on ya, y with p more cells at each end (ya[.., i*s + l*d] is
    y[.., i*s - p + l*d]); those p cells are then cropped off.
    x: (N, C_in, L), w: (C_in, C_out, K), b: (C_out,) or None -> y: (N, C_out, L')
    """
    args = conv_transpose_args("naive.conv_transpose1d", 1, x, w, b, stride, padding,
                               output_padding, dilation)
    x, w = args.x, args.w
    (s,), (p,), (d,), (out,) = args.stride, args.padding, args.dilation, args.out
    N, C_in, L = x.shape
    _, C_out, K = w.shape
    ya = np.zeros((N, C_out, out + 2 * p), dtype=args.dtype)
    for n in range(N):
        for c in range(C_in):
            for i in range(L):
                for f in range(C_out):
                    for l in range(K):
                        ya[n, f, i * s + l * d] += x[n, c, i] * w[c, f, l]
    y = _unpadded(ya, args.padding)
    return y + args.b[:, None] if args.b is not None else y


def conv_transpose1d_backward(dy, x, w, stride=1, padding=0, output_padding=0, dilation=1):
    """Each term x[n, c, i] * w[c, f, l] of y[n, f, i*s - p + l*d] sends that cell's dy
    back: dx[n, c, i] += w[c, f, l] * dy,  dw[c, f, l] += x[n, c, i] * dy;  db[f] += dy.

    dy: (N, C_out, L'), x: (N, C_in, L), w: (C_in, C_out, K)
    -> dx (N, C_in, L), dw (C_in, C_out, K), db (C_out,)
    """
    args = conv_transpose_args("naive.conv_transpose1d_backward", 1, x, w, None, stride,
                               padding, output_padding, dilation, dy=dy)
    x, w, dya = args.x, args.w, pad(args.dy, args.padding)
    (s,), (d,) = args.stride, args.dilation
    N, C_in, L = x.shape
    _, C_out, K = w.shape
    dx, dw, db = np.zeros_like(x), np.zeros_like(w), np.zeros(C_out, dtype=args.dtype)
    for n in range(N):
        for c in range(C_in):
            for i in range(L):
                for f in range(C_out):
                    for l in range(K):
                        g = dya[n, f, i * s + l * d]
                        dx[n, c, i] += w[c, f, l] * g
                        dw[c, f, l] += x[n, c, i] * g
    for n in range(N):
        for f in range(C_out):
            for k in range(args.dy.shape[2]):
                db[f] += args.dy[n, f, k]
    return dx, dw, db


def conv_transpose2d(x, w, b=None, stride=1, padding=0, output_padding=0, dilation=1):
    """Each x[n, c, i, j] scatters x[n, c, i, j] * w[c, f, l, m] onto
    y[n, f, i*sh - ph + l*dh, j*sw - pw + m*dw], then + b[f].

    The scatter lands on ya, y with ph more rows and pw more columns on each side;
    those are then cropped off (conv2d_backward's dx, with x in the place of dy).
    x: (N, C_in, H, W), w: (C_in, C_out, KH, KW), b: (C_out,) or None -> y: (N, C_out, H', W')
    """
    args = conv_transpose_args("naive.conv_transpose2d", 2, x, w, b, stride, padding,
                               output_padding, dilation)
    x, w = args.x, args.w
    (sh, sw), (ph, pw), (dh, dw), (out_h, out_w) = (args.stride, args.padding, args.dilation,
                                                    args.out)
    N, C_in, H, W = x.shape
    _, C_out, KH, KW = w.shape
    ya = np.zeros((N, C_out, out_h + 2 * ph, out_w + 2 * pw), dtype=args.dtype)
    for n in range(N):
        for c in range(C_in):
            for i in range(H):
                for j in range(W):
                    for f in range(C_out):
                        for l in range(KH):
                            for m in range(KW):
                                ya[n, f, i * sh + l * dh, j * sw + m * dw] += \
                                    x[n, c, i, j] * w[c, f, l, m]
    y = _unpadded(ya, args.padding)
    return y + args.b[:, None, None] if args.b is not None else y


def conv_transpose2d_backward(dy, x, w, stride=1, padding=0, output_padding=0, dilation=1):
    """Each term x[n, c, i, j] * w[c, f, l, m] of y[n, f, i*sh - ph + l*dh, j*sw - pw + m*dw]
    sends that cell's dy back: dx[n, c, i, j] += w[c, f, l, m] * dy,
    dw[c, f, l, m] += x[n, c, i, j] * dy;  db[f] += dy.

    dy: (N, C_out, H', W'), x: (N, C_in, H, W), w: (C_in, C_out, KH, KW)
    -> dx (N, C_in, H, W), dw (C_in, C_out, KH, KW), db (C_out,)
    """
    args = conv_transpose_args("naive.conv_transpose2d_backward", 2, x, w, None, stride,
                               padding, output_padding, dilation, dy=dy)
    x, w, dya = args.x, args.w, pad(args.dy, args.padding)
    (sh, sw), (dh, dw_) = args.stride, args.dilation
    N, C_in, H, W = x.shape
    _, C_out, KH, KW = w.shape
    dx, dw, db = np.zeros_like(x), np.zeros_like(w), np.zeros(C_out, dtype=args.dtype)
    for n in range(N):
        for c in range(C_in):
            for i in range(H):
                for j in range(W):
                    for f in range(C_out):
                        for l in range(KH):
                            for m in range(KW):
                                g = dya[n, f, i * sh + l * dh, j * sw + m * dw_]
                                dx[n, c, i, j] += w[c, f, l, m] * g
                                dw[c, f, l, m] += x[n, c, i, j] * g
    for n in range(N):
        for f in range(C_out):
            for r in range(args.dy.shape[2]):
                for q in range(args.dy.shape[3]):
                    db[f] += args.dy[n, f, r, q]
    return dx, dw, db
