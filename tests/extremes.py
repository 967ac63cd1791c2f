"""Every setting the explorers' knobs allow, and the extreme ones among them.

settings(name) walks every combination of an explorer's knobs (the ranges are read from
the explorer itself, so a new knob or a wider range is covered at once) and yields the
ones it accepts with the picture they give; calls() picks, for each explorer, its default
and its tallest, widest and longest-captioned settings, as notebook code for the browser
test. The receptive-field explorer has too many knobs to walk (three layers of three): it
is checked at its own extremes.
"""

import itertools

from cnnlib import widgets
from cnnlib.plot import scenes

EXPLORERS = ["conv_explorer", "conv_backprop_explorer", "pool_explorer",
             "pool_backprop_explorer", "conv_transpose_explorer"]


def _values(knob):
    if hasattr(knob, "options") and not hasattr(knob, "max"):
        return [value for _, value in knob.options]
    return list(range(knob.min, knob.max + 1))


def settings(name):
    """(knob values, scene data) for every combination the explorer shows (it refuses
    wrong combinations and pictures too big for a projector, keeping the last one)."""
    explorer = getattr(widgets, name)()
    knobs = {k: _values(v) for k, v in explorer.knobs.items()}
    for combo in itertools.product(*knobs.values()):
        values = dict(zip(knobs, combo))
        try:
            scene = scenes.fitting(explorer._build(**values))
        except (ValueError, TypeError):
            continue
        yield values, scene


def _call(name, values):
    # the pool explorers' stride knob says "= window" (0) for stride=None
    values = {k: None if k == "stride" and v == 0 else v for k, v in values.items()}
    args = ", ".join(f"{k}={v!r}" for k, v in values.items())
    return f"widgets.{name}({args})"


def _receptive_extremes():
    explorer = widgets.receptive_field_explorer()
    low = {k: v.min if hasattr(v, "min") else v.value for k, v in explorer.knobs.items()}
    high = {k: v.max if hasattr(v, "max") else v.value for k, v in explorer.knobs.items()}
    dims = [value for _, value in explorer.knobs["dims"].options]
    out = []
    for d in dims:
        for values in (low, high, {**high, **{k: 1 for k in high if k.startswith("stride")}}):
            call = {**values, "dims": d}
            layers = [{"kernel": call[f"kernel{i}"], "stride": call[f"stride{i}"],
                       "dilation": call[f"dilation{i}"]}
                      for i in range(1, 1 + sum(k.startswith("kernel") for k in call))]
            try:
                widgets.receptive_field_explorer(layers=layers, n=call["n"], dims=d)
            except (ValueError, TypeError):
                continue
            code = f"widgets.receptive_field_explorer(layers={layers!r}, n={call['n']}, dims={d})"
            if code not in out:
                out.append(code)
    return out


def calls():
    """Notebook code for each explorer's default and extreme settings."""
    out = []
    for name in EXPLORERS:
        out.append(f"widgets.{name}()")
        seen = list(settings(name))
        for key in (lambda s: s["height"], lambda s: s["width"],
                    lambda s: max((len(t["caption"]) for t in s["steps"]), default=0)):
            values, _ = max(seen, key=lambda item, key=key: key(item[1]))
            call = _call(name, values)
            if call not in out:
                out.append(call)
    return out + _receptive_extremes()
