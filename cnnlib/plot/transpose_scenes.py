"""Scenes of a transposed convolution (see `cnnlib.frames.conv_transpose`), in two readings.

    stamp_scene(t)    step through x: each cell adds x·w to the full output, `stride`
                      apart; the full output's border of `padding` cells (grey) is cropped
    window_scene(t)   step through y: zeros inserted between the x cells (stride) and
                      around them, then an ordinary convolution with rot180(w)
    conv_transpose_step(x, w, ..., step)   one step of either, drawn (a Figure)

Built from the frames, which the tests hold against the layer, so the picture is the
computation: the input is always the panel called x, the output the one called y.
"""

import numpy as np

from .. import frames as fr
from .scenes import READ, WRITE, Scene, _dims, _name, _one_or_pair, _scale, fmt, signed

VIEWS = ("stamp", "window")


def _hyper(t):
    parts = [f"stride {_one_or_pair(t.stride)}"]
    for name, value, default in (("padding", t.padding, 0),
                                 ("output padding", t.output_padding, 0),
                                 ("dilation", t.dilation, 1)):
        if any(v != default for v in value):
            parts.append(f"{name} {_one_or_pair(value)}")
    return ", ".join(parts)


def _cells(padding):
    value = _one_or_pair(padding)
    return f"{value} cells are" if value != 1 else "1 cell is"


def _bias(t):
    return f" + b ({fmt(t.b)})" if t.b else ""


def stamp_scene(t: fr.ConvTranspose):
    """One step per x cell: x[i]·w added onto the full output at i·stride."""
    padded = any(t.padding)
    scene = Scene(f"Transposed convolution, stamp view: {_dims(t.x.shape)} input x, "
                  f"{_dims(t.w.shape)} kernel, {_hyper(t)} -> {_dims(t.out_shape)} output y. "
                  f"Each x cell adds x·w to the full output"
                  + (f"; {_cells(t.padding)} cropped from every edge" if padded else ""))
    full = t.full_output()
    y = t.y
    cropped = np.ones(t.full_shape, dtype=bool)
    cropped[t.crop] = False
    scene.panel("x", "input x", t.x)
    scene.panel("w", "kernel w", t.w)
    scene.panel("full", "full output (grey: cropped)" if padded else "full output",
                full, _scale(full), cropped, text=False)
    scene.panel("y", "output y" + (f" (+ b = {fmt(t.b)})" if t.b else ""), y, _scale(y),
                text=False)
    running = np.zeros(t.full_shape)
    kernel_cells = list(np.ndindex(*t.w.shape))
    for step_no, s in enumerate(t.stamps):
        for cell, amount in zip(s.cells, s.amounts):
            running[cell] += amount
        cells = [("full", c, running[c]) for c in np.ndindex(*t.full_shape)]
        cells += [("y", o, running[tuple(a + p for a, p in zip(o, t.padding))] + t.b)
                  for o in np.ndindex(*t.out_shape)]
        marks = [("x", s.x_index, READ)] + [("w", k, READ) for k in kernel_cells]
        marks += [("full", c, WRITE) for c in s.cells]
        inside = [o for o in (tuple(a - p for a, p in zip(c, t.padding)) for c in s.cells)
                  if all(0 <= v < n for v, n in zip(o, t.out_shape))]
        marks += [("y", o, WRITE) for o in inside]
        corner = ", ".join(f"{i}·{st}" for i, st in zip(s.x_index, t.stride))
        caption = (f"step {step_no + 1}/{len(t.stamps)}: {_name('x', s.x_index)} = "
                   f"{fmt(s.x_value)}: full output[window at ({corner})] += "
                   f"{signed(s.x_value)}·w" + ("" if inside else " (all of it cropped)"))
        scene.step(caption, cells, marks)
    return scene.data()


def window_scene(t: fr.ConvTranspose):
    """One step per y cell: a window of spread, padded x times rot180(w)."""
    nd = t.x.ndim
    rot = "flip(w)" if nd == 1 else "rot180(w)"
    pad = [(k - 1) * d - p for k, d, p in zip(t.w.shape, t.dilation, t.padding)]
    pad_text = _one_or_pair(tuple(pad))
    scene = Scene(f"Transposed convolution, window view: put {_one_or_pair(t.stride)} - 1 "
                  f"zero(s) between the x cells, pad with (k-1)·dilation - padding = "
                  f"{pad_text} zero(s)" + (" (negative: crop)" if min(pad) < 0 else "")
                  + f", then slide {rot} over it: an ordinary convolution")
    y = t.y_from_windows()
    scene.panel("spread", "x spread and padded (grey: inserted zeros)", t.spread, None,
                t.spread_is_zero)
    scene.panel("wr", rot, np.flip(t.w))
    scene.panel("y", "output y", y, text=False)
    kernel_cells = list(np.ndindex(*t.w.shape))
    order = [s.y_index for s in t.windows]
    for step_no, s in enumerate(t.windows):
        marks = [("spread", c, READ) for c in s.cells] + [("wr", k, READ) for k in kernel_cells]
        marks.append(("y", s.y_index, WRITE))
        caption = (f"step {step_no + 1}/{len(t.windows)}: {_name('y', s.y_index)} = "
                   f"sum(window ⊙ {rot}){_bias(t)} = {fmt(s.total)}")
        cells = [("y", o, y[o] if i <= step_no else None) for i, o in enumerate(order)]
        scene.step(caption, cells, marks)
    return scene.data()


def conv_transpose_scene(t: fr.ConvTranspose, view="stamp"):
    """The stamp (by x) or the window (by y) reading of a transposed convolution."""
    if view not in VIEWS:
        raise ValueError(f"view must be 'stamp' or 'window'; got {view!r}")
    return (stamp_scene if view == "stamp" else window_scene)(t)


def conv_transpose_step(x, w, stride=1, padding=0, output_padding=0, dilation=1, step=0,
                        view="stamp"):
    """Draw one step of a transposed convolution (one channel) and return the Figure:
    x (L,) or (H, W), w like x; step counts from 0; view "stamp" or "window"."""
    from .grids import draw_scene

    t = fr.conv_transpose(x, w, 0.0, stride, padding, output_padding, dilation)
    scene = conv_transpose_scene(t, view)
    if not 0 <= step < len(scene["steps"]):
        raise ValueError(f"conv_transpose_step: step must be in 0..{len(scene['steps']) - 1}; "
                         f"got {step}")
    return draw_scene(scene, step)
