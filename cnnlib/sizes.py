"""How big is the output? The one formula behind every conv and pool layer."""

from ._checks import window_1d


def output_size(n, k, stride=1, padding=0, dilation=1):
    """Length of a conv or pool output along one axis (floor mode, as PyTorch).

        floor((n + 2*padding - dilation*(k - 1) - 1) / stride) + 1

    Inputs: n input length, k kernel length (ints >= 1), stride >= 1, padding >= 0,
    dilation >= 1. Returns an int >= 1; raises ValueError when the (dilated) kernel does
    not fit in the padded input.
    """
    return window_1d("output_size", n, k, stride, padding, dilation)[-1]
