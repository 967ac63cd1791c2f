"""Students' attempts at the coding exercises: each classic mistake written the way a student
writes it (loops, one slip), independently of the grader's own catalogue of mistakes.

MISTAKES[exercise] = {the words the grader's feedback must contain: the attempt}.
"""

import numpy as np

from cnnlib.exercises import reference


def _conv2d(flip=False, bias=True, swap=False, bias_per_cell=False, short=0):
    def conv2d(x, w, b):
        kh, kw = w.shape
        y = np.zeros((x.shape[0] - kh + 1 - short, x.shape[1] - kw + 1 - short))
        k_ = w[::-1, ::-1] if flip else w
        for j in range(y.shape[0]):
            for k in range(y.shape[1]):
                total = b if bias else 0.0
                for l in range(kh):
                    for m in range(kw):
                        weight = k_[m, l] if swap else k_[l, m]
                        total += weight * x[j + l, k + m] + (b if bias_per_cell else 0.0)
                y[j, k] = total
        return y
    return conv2d


def _conv1d(flip=False, bias=True):
    def conv1d(x, w, b):
        k = len(w)
        kernel = w[::-1] if flip else w
        return np.array([(b if bias else 0.0) + np.dot(kernel, x[i:i + k])
                         for i in range(len(x) - k + 1)])
    return conv1d


def _backward(dx_kernel=lambda w: w[::-1, ::-1], pad=True, dw_map=lambda dw: dw,
              db=np.sum, order=(0, 1, 2)):
    def conv2d_backward(dy, x, w):
        dx, dw, _ = reference.conv2d_backward(dy, x, w)
        kh, kw = w.shape
        if pad:
            dyp = np.pad(dy, ((kh - 1, kh - 1), (kw - 1, kw - 1)))
        else:
            dyp = dy
        kernel = dx_kernel(w)
        dx = np.array([[np.sum(dyp[i:i + kh, j:j + kw] * kernel)
                        for j in range(dyp.shape[1] - kw + 1)]
                       for i in range(dyp.shape[0] - kh + 1)])
        parts = (dx, dw_map(dw), db(dy))
        return tuple(parts[i] for i in order)
    return conv2d_backward


def _backward_1d(flip=True, db=np.sum, dw_flip=False):
    def conv1d_backward(dy, x, w):
        dx, dw, _ = reference.conv1d_backward(dy, x, w)
        kernel = w[::-1] if flip else w
        padded = np.pad(dy, len(w) - 1)
        dx = np.array([np.dot(padded[i:i + len(w)], kernel) for i in range(len(x))])
        return dx, dw[::-1] if dw_flip else dw, db(dy)
    return conv1d_backward


def _pool_backward(share):
    """A max or average pool's backward (k x k windows, stride k) that adds
    share(window of x, dy[i, j], k) to the window's cells of dx: the slip is in `share`."""
    def pool2d_backward(dy, x, k):
        dx = np.zeros(x.shape)
        for i in range(dy.shape[0]):
            for j in range(dy.shape[1]):
                window = np.s_[i * k:(i + 1) * k, j * k:(j + 1) * k]
                dx[window] += share(x[window], dy[i, j], k)
        return dx
    return pool2d_backward


def _last_max(window):
    """1 at the window's last maximum in row-major order, 0 elsewhere."""
    mask = np.zeros(window.shape)
    flat = window.size - 1 - np.argmax(window.ravel()[::-1])
    mask[np.unravel_index(flat, window.shape)] = 1
    return mask


MISTAKES = {
    "conv2d": {
        "true convolution": _conv2d(flip=True),
        "bias is missing": _conv2d(bias=False),
        "indices are swapped": _conv2d(swap=True),
        "once per kernel cell": _conv2d(bias=False, bias_per_cell=True),
        "one window short": _conv2d(short=1),
    },
    "output_size": {
        "floor is missing": lambda n, k, stride=1, padding=0: (n + 2 * padding - k) / stride + 1,
        "padding is counted once":
            lambda n, k, stride=1, padding=0: (n + padding - k) // stride + 1,
        "+1 is missing": lambda n, k, stride=1, padding=0: (n + 2 * padding - k) // stride,
        "rounded up": lambda n, k, stride=1, padding=0: -(-(n + 2 * padding - k) // stride) + 1,
    },
    "conv1d": {
        "true convolution": _conv1d(flip=True),
        "bias is missing": _conv1d(bias=False),
    },
    "conv1d_backward": {
        "without flipping the kernel": _backward_1d(flip=False),
        "mean of dy": _backward_1d(db=np.mean),
        "dw is flipped": _backward_1d(dw_flip=True),
    },
    "conv2d_backward": {
        "without rotating the kernel": _backward(dx_kernel=lambda w: w),
        "one axis only (up-down)": _backward(dx_kernel=lambda w: w[::-1]),
        "one axis only (left-right)": _backward(dx_kernel=lambda w: w[:, ::-1]),
        "not zero-padded": _backward(pad=False),
        "dw is flipped": _backward(dw_map=lambda dw: dw[::-1, ::-1]),
        "dw is transposed": _backward(dw_map=lambda dw: dw.T),
        "mean of dy": _backward(db=np.mean),
        "wrong order": _backward(order=(1, 0, 2)),
    },
    "maxpool2d_backward": {
        "every cell of the window": _pool_backward(lambda window, g, k: g),
        "every tied maximum": _pool_backward(lambda window, g, k: g * (window == window.max())),
        "last maximum": _pool_backward(lambda window, g, k: g * _last_max(window)),
    },
    "avgpool2d_backward": {
        "not divided by k·k": _pool_backward(lambda window, g, k: g),
        "divided by k, not by k·k": _pool_backward(lambda window, g, k: g / k),
    },
}
