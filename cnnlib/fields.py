"""Receptive fields as data: which input cells the sliding windows read, and how often.

    coverage(7, 3, stride=3)        -> [1 1 1 1 1 1 0]: the last cell is never read
    coverage((7, 7), 3, stride=2)   -> 7x7 counts of the windows that read each cell

A cell that no window reads cannot change the output: with stride 3, a 3-wide kernel
on 7 cells ends at cell 5 and cell 6 is dropped (floor in the output-size formula).
"""

import numpy as np

from ._checks import as_int, as_tuple, window_args
from ._windows import cell_slice

__all__ = ["coverage"]


def _coverage_1d(n, k, s, p, d, out):
    counts = np.zeros(n + 2 * p, dtype=np.int64)
    for l in range(k):                   # cell l of every window: i*s + l*d of the padded input
        counts[cell_slice(l, s, d, out)] += 1
    return counts[p:p + n]               # the input's own cells (padding dropped)


def coverage(shape, k, stride=1, padding=0, dilation=1):
    """How many sliding windows read each input cell (padding not counted).

    Inputs:
    - shape: the input size, an int n for 1-D or a pair (H, W) for 2-D
    - k, stride, padding, dilation: as in cnnlib.conv1d / conv2d (an int, or a pair in 2-D)
    Returns an int array of the input's shape: (n,) or (H, W). A 0 marks a cell that no
    window reads; in 2-D the count is the row count times the column count.
    """
    if isinstance(shape, (tuple, list, np.ndarray)):
        shape = as_tuple(shape, "shape", "coverage", 1, 2)
    else:
        shape = (as_int(shape, "shape", "coverage", 1),)
    kernel = as_tuple(k, "k", "coverage", 1, len(shape))
    stride, padding, dilation, out = window_args("coverage", shape, kernel, stride, padding,
                                                 dilation)
    per_axis = [_coverage_1d(*axis) for axis in zip(shape, kernel, stride, padding, dilation,
                                                    out)]
    return per_axis[0] if len(shape) == 1 else np.outer(per_axis[0], per_axis[1])
