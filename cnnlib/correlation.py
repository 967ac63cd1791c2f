"""The slides' `*` on plain arrays: cross-correlation, and convolution (its flipped twin).

Deep-learning libraries call cross-correlation "convolution"; the true convolution
flips the kernel first. Both take 1-D or 2-D arrays (one channel, no batch) and agree
with scipy.signal.correlate / scipy.signal.convolve in every mode.
"""

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ._checks import as_plane, float_dtype

MODES = ("valid", "full", "same")


def _check(func, a, k, mode):
    if mode not in MODES:
        raise ValueError(f"{func}: mode must be one of {MODES}; got {mode!r}")
    a = as_plane(a, "a", func)
    k = as_plane(k, "k", func, ("(K,)", "(KH, KW)"))
    if a.ndim != k.ndim:
        raise ValueError(f"{func}: a and k must have the same number of dimensions; "
                         f"got a.shape={a.shape} and k.shape={k.shape}")
    if mode == "valid" and any(kn > an for an, kn in zip(a.shape, k.shape)):
        raise ValueError(f"{func}: in mode 'valid' the kernel k must fit inside a; "
                         f"got k.shape={k.shape} and a.shape={a.shape} "
                         f"(use mode='full' or 'same')")
    dtype = float_dtype(a, k)
    return a.astype(dtype, copy=False), k.astype(dtype, copy=False)


def _correlate(a, k, mode):
    shape = a.shape
    if mode != "valid":                                   # zeros so every overlap counts
        a = np.pad(a, [(n - 1, n - 1) for n in k.shape])
    full = np.tensordot(sliding_window_view(a, k.shape), k, axes=k.ndim)
    if mode == "same":                                    # centred like scipy: start (K-1)//2
        starts = [(n - 1) // 2 for n in k.shape]
        full = full[tuple(slice(s, s + n) for s, n in zip(starts, shape))]
    return full


def correlate(a, k, mode="valid"):
    """Cross-correlation, the slides' `*`: out[i, j] = sum over l, m of a[i+l, j+m] * k[l, m].

    Inputs:
    - a: (L,) or (H, W) array
    - k: (K,) or (KH, KW) kernel, same number of dimensions as a
    - mode: "valid" (k inside a: H-KH+1), "full" (any overlap: H+KH-1),
      "same" (the size of a, centred as scipy does)
    Returns the correlation, equal to scipy.signal.correlate(a, k, mode).
    """
    a, k = _check("correlate", a, k, mode)
    return _correlate(a, k, mode)


def convolve(a, k, mode="valid"):
    """True convolution: correlation with the kernel flipped (rotated 180 degrees in 2-D).

    out[i, j] = sum over l, m of a[i-l, j-m] * k[l, m]; inputs and modes as in
    `correlate`. Equal to scipy.signal.convolve(a, k, mode).
    """
    a, k = _check("convolve", a, k, mode)
    return _correlate(a, np.flip(k), mode)
