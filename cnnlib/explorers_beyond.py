"""Explorers of notebooks 08 and 09 (built like those of `cnnlib.widgets`, which re-exports
them, so that `widgets.rebuild` finds them from a stored recipe):

    conv_transpose_explorer()    a transposed convolution, stamp or window view
    receptive_field_explorer()   receptive fields growing through a stack of layers
"""

import ipywidgets as W

from . import frames as fr
from . import receptive as rf
from .plot import receptive_scenes, transpose_scenes
from .widgets import Explorer, _dims_knob, _dropdown, _recipe, _shape, _slider, example_input


def conv_transpose_explorer(x=None, w=None, b=0.0, n=3, k=3, stride=2, padding=1,
                            output_padding=0, dilation=1, dims=2, view="stamp"):
    """Watch a transposed convolution (PyTorch's conv_transpose, one channel) upsample x.

    view "stamp": step through x; each cell adds x·w to the full output, `stride` apart,
    and `padding` cells are cropped from every edge of it. view "window": step through y;
    zeros are inserted between the x cells (stride - 1) and around them, then rot180(w)
    slides over that as in an ordinary convolution.
    Defaults: a 3x3 input and a 3x3 kernel of small integers, stride 2, padding 1 (a 5x5
    output). Pass x ((L,) or (H, W)) and/or w to use your own arrays.
    """
    if view not in transpose_scenes.VIEWS:
        raise ValueError(f"view must be 'stamp' or 'window'; got {view!r}")
    knobs = {"view": _dropdown("view", view, [("stamp (by x)", "stamp"),
                                              ("window (by y)", "window")])}
    if x is None:
        knobs["n"] = _slider("input size", n, 1, 4)
    if w is None:
        knobs["k"] = _slider("kernel size", k, 1, 4)
    knobs |= {"stride": _slider("stride", stride, 1, 3),
              "padding": _slider("padding", padding, 0, 3),
              "output_padding": _slider("output padding", output_padding, 0, 2),
              "dilation": _slider("dilation", dilation, 1, 2)}
    if x is None and w is None:
        knobs["dims"] = _dims_knob(dims)

    def build(view="stamp", n=None, k=None, stride=2, padding=1, output_padding=0,
              dilation=1, dims=2):
        xs = x if x is not None else example_input(_shape(n, dims), low=1)
        ws = w if w is not None else example_input(_shape(k, xs.ndim), seed=2, low=1)
        t = fr.conv_transpose(xs, ws, b, stride, padding, output_padding, dilation)
        return transpose_scenes.conv_transpose_scene(t, view)

    return Explorer("transposed convolution explorer", knobs, build, _recipe(
        "conv_transpose_explorer", x=x, w=w, b=b, n=n, k=k, stride=stride, padding=padding,
        output_padding=output_padding, dilation=dilation, dims=dims, view=view))


DEFAULT_STACK = (rf.layer(3), rf.layer(2, 2), rf.layer(3))   # conv 3, pool 2, conv 3


def receptive_field_explorer(layers=None, n=16, dims=1):
    """Watch receptive fields grow through three layers (a conv, a pool and a conv by
    default: a pooling window is a kernel whose stride is its size).

    Step through the last layer's cells: each one's field is orange in every map below,
    with how many paths lead up from each cell. Knobs: input size, 1-D/2-D, and the
    kernel, stride and dilation of each layer (kernel 1, stride 1 makes a layer do nothing).
    layers: three layer dicts (cnnlib.receptive.layer) with int entries, to start from.
    """
    layers = list(DEFAULT_STACK if layers is None else layers)
    if len(layers) != 3 or not all(isinstance(spec, dict) and all(
            isinstance(spec.get(key, 1), int) for key in ("kernel", "stride", "dilation"))
            for spec in layers):
        raise ValueError(f"layers must be three layer dicts with int kernel, stride and "
                         f"dilation (cnnlib.receptive.layer); got {layers!r:.80}")
    knobs = {"n": _slider("input size", n, 4, 16), "dims": _dims_knob(dims)}
    for i, spec in enumerate(layers, start=1):
        knobs[f"kernel{i}"] = _slider(f"kernel {i}", spec["kernel"], 1, 5)
        knobs[f"stride{i}"] = _slider(f"stride {i}", spec.get("stride", 1), 1, 3)
        knobs[f"dilation{i}"] = _slider(f"dilation {i}", spec.get("dilation", 1), 1, 3)

    def build(n=16, dims=1, **per_layer):
        stack = [rf.layer(per_layer[f"kernel{i}"], per_layer[f"stride{i}"],
                          per_layer[f"dilation{i}"]) for i in (1, 2, 3)]
        return receptive_scenes.receptive_field_scene(stack, _shape(n, dims))

    explorer = Explorer("receptive field explorer", knobs, build, _recipe(
        "receptive_field_explorer", layers=layers, n=n, dims=dims))
    # One row per layer (the explorer's default is four knobs a row, in order).
    values = list(knobs.values())
    rows = [W.HBox(values[:2])] + [W.HBox(values[i:i + 3]) for i in range(2, len(values), 3)]
    explorer.widget.children = (*rows, *explorer.widget.children[-2:])   # play row, picture
    return explorer
