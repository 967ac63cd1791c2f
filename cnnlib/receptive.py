"""Receptive fields of a stack of layers: which input cells one output cell sees.

A layer is described by its windows only (a conv and a pool slide windows alike):

    layer(kernel, stride=1, dilation=1, padding=0)   {"kernel": 3, "stride": 1, ...}
    layers_of(model)                  the windows of a cnnlib.nn model's conv and pool layers
    shapes(layers, in_shape)          the map shape after each layer, input first
    paths(layers, in_shape, at)       per input cell: how many paths lead up to output cell `at`
    paths_by_layer(layers, in_shape, at)   the same for every layer's map, input first
    receptive_field(layers, in_shape, at)   paths > 0: the input cells `at` sees
    field_size(layers)                the formula: (size, jump) of the field, per axis

`paths` is d out[at] / d input when every weight is 1 (and pooling adds its window):
the chain rule sums one product per path, and each product is 1. The tests check it
against cnnlib's own backward passes. Layers act on each axis separately, so a 2-D
field is the outer product of two 1-D ones.
"""

import numpy as np

from ._checks import as_int, as_tuple, output_length

__all__ = ["layer", "layers_of", "shapes", "paths", "paths_by_layer", "receptive_field",
           "field_size"]

_KEYS = ("kernel", "stride", "dilation", "padding")
_DEFAULTS = {"stride": 1, "dilation": 1, "padding": 0}
_MINIMUM = {"kernel": 1, "stride": 1, "dilation": 1, "padding": 0}


def layer(kernel, stride=1, dilation=1, padding=0):
    """One layer's windows as a dict (an int, or a pair (h, w), per entry)."""
    return {"kernel": kernel, "stride": stride, "dilation": dilation, "padding": padding}


def layers_of(model):
    """The windows of the conv and pool layers of a cnnlib.nn Sequential, bottom first,
    up to its first Flatten or Linear (ReLU and other pointwise layers keep the field)."""
    from . import nn

    if not isinstance(model, nn.Sequential):
        raise TypeError(f"layers_of: model must be a cnnlib.nn.Sequential; "
                        f"got {type(model).__name__}")
    found = []
    for item in model:
        if isinstance(item, (nn.Flatten, nn.Linear)):
            break
        if isinstance(item, nn.ConvTranspose2d):
            raise ValueError("layers_of: a ConvTranspose2d spreads each input cell over many "
                             "outputs; its receptive field is not a window of the input, so "
                             "this model's stack cannot be read here")
        if isinstance(item, nn._Conv):
            found.append(layer(item.kernel_size, item.stride, 1, item.padding))
        elif isinstance(item, nn._Pool):
            found.append(layer(item.size, item.stride))
    return found


def _checked(func, layers, ndim):
    """Every layer as a dict of tuples with ndim entries each."""
    if isinstance(layers, dict) or not isinstance(layers, (list, tuple)) or not layers:
        raise TypeError(f"{func}: layers must be a non-empty list of layer dicts "
                        f"(cnnlib.receptive.layer(kernel, stride, dilation, padding)); "
                        f"got {layers!r:.60}")
    checked = []
    for i, spec in enumerate(layers):
        if not isinstance(spec, dict) or "kernel" not in spec or set(spec) - set(_KEYS):
            raise ValueError(f"{func}: layers[{i}] must be a dict with 'kernel' and optionally "
                             f"'stride', 'dilation', 'padding'; got {spec!r}")
        checked.append({key: as_tuple(spec.get(key, _DEFAULTS.get(key)), f"layers[{i}]"
                                      f"['{key}']", func, _MINIMUM[key], ndim)
                        for key in _KEYS})
    return checked


def _in_shape(func, in_shape):
    """(n,) or (H, W) from an int n or a sequence of one or two ints."""
    if isinstance(in_shape, (tuple, list, np.ndarray)):
        if len(in_shape) not in (1, 2):
            raise ValueError(f"{func}: in_shape must be n (1-D) or (H, W) (2-D); "
                             f"got {tuple(in_shape)}")
        return as_tuple(in_shape, "in_shape", func, 1, len(in_shape))
    return (as_int(in_shape, "in_shape", func, 1),)


def _sizes(func, layers, in_shape):
    """Per axis, the lengths of the input and of each layer's output."""
    axes = ("length",) if len(in_shape) == 1 else ("height", "width")
    sizes = [tuple(in_shape)]
    for i, spec in enumerate(layers):
        sizes.append(tuple(
            output_length(f"{func} (layers[{i}])", axis, n, k, s, p, d, source="kernel")
            for axis, n, k, s, d, p in zip(axes, sizes[-1], *(spec[key] for key in _KEYS))))
    return sizes


def shapes(layers, in_shape):
    """The shape of the input and of each layer's output map, as a list of tuples.

    layers: list of layer dicts (see `layer`); in_shape: n for 1-D or (H, W) for 2-D.
    """
    in_shape = _in_shape("shapes", in_shape)
    return _sizes("shapes", _checked("shapes", layers, len(in_shape)), in_shape)


def _paths_down(counts, n, k, s, d, p):
    """One layer, one axis: what each input cell of length n receives from the output
    counts, every window cell passing its output's count down (padding cells dropped)."""
    below = np.zeros(n + 2 * p, dtype=np.int64)
    out = len(counts)
    for l in range(k):                  # cell l of every window: i*s + l*d of the padded input
        below[l * d:l * d + s * (out - 1) + 1:s] += counts
    return below[p:p + n]


def _paths(func, layers, in_shape, at):
    """Path counts up to output cell `at`, per level: [input, layer 1's output, ..., top]."""
    in_shape = _in_shape(func, in_shape)
    ndim = len(in_shape)
    layers = _checked(func, layers, ndim)
    sizes = _sizes(func, layers, in_shape)
    top = sizes[-1]
    at = as_tuple(at, "at", func, 0, ndim)
    if not all(a < n for a, n in zip(at, top)):
        raise ValueError(f"{func}: at must be a cell of the last layer's output, shape {top}; "
                         f"got {at}")
    per_axis = []                       # per axis: the counts of every level, top first
    for axis in range(ndim):
        counts = np.zeros(top[axis], dtype=np.int64)
        counts[at[axis]] = 1
        levels = [counts]
        for spec, below in zip(reversed(layers), reversed(sizes[:-1])):
            counts = _paths_down(counts, below[axis], *(spec[key][axis] for key in
                                                        ("kernel", "stride", "dilation",
                                                         "padding")))
            levels.append(counts)
        per_axis.append(levels[::-1])
    if ndim == 1:
        return per_axis[0]
    return [np.outer(rows, cols) for rows, cols in zip(*per_axis)]


def paths_by_layer(layers, in_shape, at):
    """`paths` for every level: a list [input, layer 1's output, ..., last output] of int
    arrays, each counting the paths from its cells up to output cell `at`."""
    return _paths("paths_by_layer", layers, in_shape, at)


def paths(layers, in_shape, at):
    """How many paths lead from each input cell up to output cell `at` of the last layer.

    Inputs:
    - layers: list of layer dicts, bottom first (see `layer`)
    - in_shape: the input size, n (1-D) or (H, W) (2-D)
    - at: the output cell, an int in 1-D or (row, col) in 2-D
    Returns an int array of in_shape: d out[at] / d x with every weight 1.
    """
    return _paths("paths", layers, in_shape, at)[0]


def receptive_field(layers, in_shape, at):
    """The input cells that output cell `at` of the last layer sees: a bool array of
    in_shape, True where some path leads up to `at` (arguments as in `paths`)."""
    return _paths("receptive_field", layers, in_shape, at)[0] > 0


def field_size(layers):
    """The receptive field's size and jump, from the layers alone (no borders):

        size = 1 + sum over layers l of (k_l - 1) * d_l * jump_(l-1)
        jump_l = stride_1 * ... * stride_l      (input cells between neighbouring outputs)

    Returns (size, jump): ints when every entry of every layer is an int, else pairs.
    """
    pairs = isinstance(layers, (list, tuple)) and any(
        isinstance(v, (tuple, list)) for spec in layers if isinstance(spec, dict)
        for v in spec.values())
    checked = _checked("field_size", layers, 2 if pairs else 1)
    size, jump = [1] * len(checked[0]["kernel"]), [1] * len(checked[0]["kernel"])
    for spec in checked:
        for a in range(len(size)):
            size[a] += (spec["kernel"][a] - 1) * spec["dilation"][a] * jump[a]
            jump[a] *= spec["stride"][a]
    return (tuple(size), tuple(jump)) if pairs else (size[0], jump[0])
