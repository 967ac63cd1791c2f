"""cnnlib: the small library behind the CNN course notebooks (ECEN 478).

Fast, vectorized layers (what training and widgets use) live here; the same layers as
plain loops live in `cnnlib.naive`; `cnnlib.gradcheck` checks gradients numerically.
"""

from . import data, gradcheck, naive, nn
from .conv import conv1d, conv1d_backward, conv2d, conv2d_backward
from .correlation import convolve, correlate
from .pool import (
    avgpool1d,
    avgpool1d_backward,
    avgpool2d,
    avgpool2d_backward,
    maxpool1d,
    maxpool1d_backward,
    maxpool2d,
    maxpool2d_backward,
)
from .sizes import output_size
from .transpose import (
    conv_transpose1d,
    conv_transpose1d_backward,
    conv_transpose2d,
    conv_transpose2d_backward,
)

__all__ = [
    "output_size", "correlate", "convolve",
    "conv1d", "conv1d_backward", "conv2d", "conv2d_backward",
    "maxpool1d", "maxpool1d_backward", "avgpool1d", "avgpool1d_backward",
    "maxpool2d", "maxpool2d_backward", "avgpool2d", "avgpool2d_backward",
    "conv_transpose1d", "conv_transpose1d_backward",
    "conv_transpose2d", "conv_transpose2d_backward",
    "gradcheck", "naive", "data", "nn",
]
