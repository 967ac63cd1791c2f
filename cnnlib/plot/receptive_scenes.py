"""A scene of receptive fields growing through a stack of layers (see `cnnlib.receptive`).

One step per cell of the last layer's output: that cell (green), and in every map below
it the cells it sees (orange), each showing how many paths lead up to it, which is
d out / d x with every weight 1. Input cells that no output cell sees are pale yellow.
In 1-D every map is shown, stacked, the output on top; in 2-D the input and the last map
sit side by side (the maps between would not fit a projector).
`receptive_field_step(layers, in_shape, step)` draws one step (a Figure).
"""

import numpy as np

from .. import receptive as rf
from .scenes import READ, WRITE, Scene, _dims, _name


def _layer_text(spec):
    parts = [f"kernel {spec['kernel']}"]
    if spec.get("stride", 1) != 1:
        parts.append(f"stride {spec['stride']}")
    if spec.get("dilation", 1) != 1:
        parts.append(f"dilation {spec['dilation']}")
    if spec.get("padding", 0):
        parts.append(f"padding {spec['padding']}")
    return ", ".join(parts)


def _size(shape):
    if len(shape) == 2:
        return _dims(shape)
    return "1 cell" if shape[0] == 1 else f"{shape[0]} cells"


def receptive_field_scene(layers, in_shape):
    """Step through the last layer's cells; show the field of each in every map below.

    layers: list of layer dicts (cnnlib.receptive.layer), bottom first;
    in_shape: n (1-D) or (H, W) (2-D).
    """
    sizes = rf.shapes(layers, in_shape)
    nd = len(sizes[0])
    top = sizes[-1]
    size, jump = rf.field_size(layers)
    seen = np.zeros(sizes[0], dtype=bool)
    fields = {}
    for at in np.ndindex(*top):
        fields[at] = rf.paths_by_layer(layers, sizes[0], at)
        seen |= fields[at][0] > 0
    scene = Scene(f"Receptive fields: {_dims(sizes[0])} input, {len(layers)} layers. "
                  f"Field size 1 + Σ (k - 1)·dilation·jump = {size} input cells"
                  f"{'' if nd == 1 else ' per axis'}; neighbouring outputs {jump} apart")
    names = ["input x"] + [f"layer {i + 1}: {_layer_text(spec)} -> {_size(n)}"
                           for i, (spec, n) in enumerate(zip(layers, sizes[1:]))]
    if nd == 1:                 # long titles keep one map per row: output on top
        names = [name.ljust(60) if i else name for i, name in enumerate(names)]
    else:                       # the input and the last map side by side (all of them
        names[-1] = f"layer {len(layers)} ({_size(top)})"     # would not fit a projector)
    last = len(sizes) - 1
    shown = range(last, -1, -1) if nd == 1 else (0, last)
    for level in shown:
        styles = np.where(seen, "", "unread").astype(object) if level == 0 else None
        title = names[level] + (" (yellow: seen by no output)"
                                if level == 0 and not seen.all() else "")
        peak = max(int(fields[at][level].max()) for at in fields)   # one colour scale per map
        scene.panel(level, title, np.zeros(sizes[level]), peak, styles, text=False)
    steps = list(np.ndindex(*top))
    for t, at in enumerate(steps):
        counts = fields[at]
        cells, marks = [], []
        for level in (level for level in shown if level != last):
            for cell in np.ndindex(*sizes[level]):
                value = counts[level][cell]
                unseen = level == 0 and not seen[cell]       # keeps its yellow, shows its 0
                cells.append((level, cell, value if value or unseen else None))
                if value:
                    marks.append((level, cell, READ))
        cells += [(last, cell, 1.0 if cell == at else None) for cell in np.ndindex(*top)]
        marks.append((last, at, WRITE))
        inside = np.argwhere(counts[0] > 0)
        span = " x ".join(f"{lo}..{hi}" for lo, hi in zip(inside.min(0), inside.max(0)))
        caption = (f"step {t + 1}/{len(steps)}: {_name('out', at)} sees "
                   f"{int((counts[0] > 0).sum())} input cells, spread over {span} "
                   f"(numbers: how many paths lead up from each cell)")
        scene.step(caption, cells, marks)
    return scene.data()


def receptive_field_step(layers, in_shape, step=0):
    """Draw the field of the last layer's cell number `step` (row-major, from 0) in every
    map of the stack, and return the Figure (arguments as receptive_field_scene)."""
    from .grids import draw_scene

    scene = receptive_field_scene(layers, in_shape)
    if not 0 <= step < len(scene["steps"]):
        raise ValueError(f"receptive_field_step: step must be in 0..{len(scene['steps']) - 1}"
                         f"; got {step}")
    return draw_scene(scene, step)
