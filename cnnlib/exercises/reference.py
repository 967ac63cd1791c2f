"""The worked solutions of the coding exercises: what `solution(name)` shows a student and
what the nbgrader source notebooks hold. Written the way the slides write the formulas:
one channel, no batch, a loop over the output cells, one small sum per cell.

Each function is the whole answer; nothing else is needed but NumPy.
"""

import numpy as np


def conv2d(x, w, b):
    kh, kw = w.shape
    out_h, out_w = x.shape[0] - kh + 1, x.shape[1] - kw + 1
    y = np.zeros((out_h, out_w))
    for j in range(out_h):
        for k in range(out_w):
            # the slide's sum: y[j, k] = b + sum over l, m of w[l, m] * x[j + l, k + m]
            y[j, k] = b + np.sum(w * x[j:j + kh, k:k + kw])
    return y


def output_size(n, k, stride=1, padding=0):
    # windows start at 0, s, 2s, ... and must end inside the padded input: the floor
    return (n + 2 * padding - k) // stride + 1


def conv1d(x, w, b):
    k = len(w)
    y = np.zeros(len(x) - k + 1)
    for i in range(len(y)):
        y[i] = b + np.sum(w * x[i:i + k])
    return y


def conv1d_backward(dy, x, w):
    k = len(w)
    db = np.sum(dy)                                   # every y adds b once
    dw = np.zeros(k)
    for l in range(k):                                # dw = x * dy
        dw[l] = np.sum(x[l:l + len(dy)] * dy)
    dy_padded = np.pad(dy, k - 1)                     # [0, dy, 0] for k = 2
    w_flipped = w[::-1]                               # [w2, w1]
    dx = np.zeros(len(x))
    for i in range(len(x)):                           # dx = [0, dy, 0] * flip(w)
        dx[i] = np.sum(dy_padded[i:i + k] * w_flipped)
    return dx, dw, db


def conv2d_backward(dy, x, w):
    kh, kw = w.shape
    out_h, out_w = dy.shape
    db = np.sum(dy)
    dw = np.zeros((kh, kw))
    for l in range(kh):                               # dw = x * dy
        for m in range(kw):
            dw[l, m] = np.sum(x[l:l + out_h, m:m + out_w] * dy)
    dy_padded = np.pad(dy, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
    w_rot180 = w[::-1, ::-1]                          # flipped along both axes
    dx = np.zeros(x.shape)
    for i in range(x.shape[0]):                       # dx = pad(dy) * rot180(w)
        for j in range(x.shape[1]):
            dx[i, j] = np.sum(dy_padded[i:i + kh, j:j + kw] * w_rot180)
    return dx, dw, db


def maxpool2d_backward(dy, x, k):
    dx = np.zeros(x.shape)                            # cells no window covers get 0
    for i in range(dy.shape[0]):
        for j in range(dy.shape[1]):
            window = x[i * k:(i + 1) * k, j * k:(j + 1) * k]
            # the winner takes it all; on a tie, the first maximum in row-major order
            r, c = np.unravel_index(np.argmax(window), window.shape)
            dx[i * k + r, j * k + c] += dy[i, j]
    return dx


def avgpool2d_backward(dy, x, k):
    dx = np.zeros(x.shape)
    for i in range(dy.shape[0]):
        for j in range(dy.shape[1]):
            # each of the k·k cells was averaged in with weight 1 / (k·k)
            dx[i * k:(i + 1) * k, j * k:(j + 1) * k] += dy[i, j] / (k * k)
    return dx
