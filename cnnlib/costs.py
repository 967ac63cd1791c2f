"""What a network costs, layer by layer: parameters, multiply-adds and activation memory.

    layer_costs(model, in_shape)   one LayerCost per layer of a cnnlib.nn Sequential
    cost_table(costs)              the same as aligned text, with a total line, for print()

Counted per image: a conv layer's output has F x H' x W' cells and each is a sum of
C x KH x KW products (F·H'·W'·C·KH·KW multiply-adds); a linear layer does in x out.
Pooling and ReLU compare or add but multiply nothing: 0 multiply-adds. Activations are
the numbers a layer outputs, which training keeps for the backward pass.
"""

from dataclasses import dataclass

import numpy as np

from . import nn
from ._checks import as_tuple

__all__ = ["LayerCost", "layer_costs", "cost_table"]


@dataclass(frozen=True)
class LayerCost:
    """One layer's costs for one image."""
    name: str             # the layer as printed, e.g. "Conv2d(1, 6, kernel_size=5, ...)"
    out_shape: tuple      # the output of one image, e.g. (6, 28, 28)
    parameters: int
    mult_adds: int
    activations: int      # numbers in the output


def _mult_adds(layer, in_shape, out_shape):
    if isinstance(layer, nn._Conv):
        return int(np.prod(out_shape)) * layer.in_channels * int(np.prod(layer.kernel_size))
    if isinstance(layer, nn.ConvTranspose2d):     # every input cell stamps a C_out x K kernel
        c_in, c_out, kh, kw = layer.weight.shape
        return int(np.prod(in_shape)) * c_out * kh * kw
    if isinstance(layer, nn.Linear):
        return layer.in_features * layer.out_features
    return 0


def layer_costs(model, in_shape):
    """The costs of every layer of `model` on one input of shape `in_shape`.

    Inputs:
    - model: a cnnlib.nn.Sequential
    - in_shape: one input without the batch axis, e.g. (1, 28, 28) for a gray image
    Returns a list of LayerCost, first layer first. The shapes come from running the
    model on one image of zeros, so they are the shapes the layers really produce.
    """
    if not isinstance(model, nn.Sequential):
        raise TypeError(f"layer_costs: model must be a cnnlib.nn.Sequential; "
                        f"got {type(model).__name__}")
    in_shape = as_tuple(in_shape, "in_shape", "layer_costs", 1,
                        len(in_shape) if isinstance(in_shape, (tuple, list)) else 1)
    x = np.zeros((1,) + in_shape, dtype=np.float32)
    costs = []
    for layer in model:
        try:
            y = layer.forward(x)
        except ValueError as error:
            raise ValueError(f"layer_costs: in_shape {in_shape} does not fit the model at "
                             f"{layer!r}: {error}") from None
        out_shape = y.shape[1:]
        costs.append(LayerCost(repr(layer), out_shape,
                               sum(value.size for _, value, _ in layer.parameters()),
                               _mult_adds(layer, x.shape[1:], out_shape),
                               int(np.prod(out_shape))))
        x = y
    return costs


def cost_table(costs, bytes_per_number=4):
    """The costs as aligned text: one row per layer and a total; activation memory in
    KB (1 KB = 1000 bytes) at `bytes_per_number` (4 for float32)."""
    rows = [("layer", "output", "parameters", "multiply-adds", "activations", "memory")]
    for c in costs:
        rows.append((c.name.split("(")[0], "x".join(str(n) for n in c.out_shape),
                     f"{c.parameters:,}", f"{c.mult_adds:,}", f"{c.activations:,}",
                     f"{c.activations * bytes_per_number / 1000:.1f} KB"))
    total = sum(c.activations for c in costs)
    rows.append(("total", "", f"{sum(c.parameters for c in costs):,}",
                 f"{sum(c.mult_adds for c in costs):,}", f"{total:,}",
                 f"{total * bytes_per_number / 1000:.1f} KB"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(text.ljust(w) if i < 2 else text.rjust(w)
                       for i, (text, w) in enumerate(zip(row, widths))) for row in rows]
    lines.insert(1, "-" * len(lines[0]))
    lines.insert(len(lines) - 1, "-" * len(lines[0]))
    return "\n".join(lines)
