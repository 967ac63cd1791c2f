"""How big is the output? The one formula behind every conv and pool layer."""

from ._checks import as_int, output_length


def output_size(n, k, stride=1, padding=0, dilation=1):
    """Length of a conv or pool output along one axis (floor mode, as PyTorch).

        floor((n + 2*padding - dilation*(k - 1) - 1) / stride) + 1

    Inputs: n input length, k kernel length (ints >= 1), stride >= 1, padding >= 0,
    dilation >= 1. Returns an int >= 1; raises ValueError when the (dilated) kernel does
    not fit in the padded input.
    """
    n = as_int(n, "n", "output_size", 1)
    k = as_int(k, "k", "output_size", 1)
    stride = as_int(stride, "stride", "output_size", 1)
    padding = as_int(padding, "padding", "output_size", 0)
    dilation = as_int(dilation, "dilation", "output_size", 1)
    return output_length("output_size", "length", n, k, stride, padding, dilation)
