"""1-D signals, one panel each, stacked over a shared position axis.

    signals({"peak at 3": x0, "peak at 30": x1}, marks={"peak at 3": [3], ...})
    signals({"dense layer": {"found at": pred, "true position": t}}, shade=(0, 20, "trained"))

Every sample is a dot on a line, so that positions are countable; text is 13 pt and
titles 15 pt, for a projector. Returns the Figure; nothing else stays open.
"""

import matplotlib.pyplot as plt
import numpy as np

from .fonts import TEXT_PT, TITLE_PT

__all__ = ["signals"]

WIDTH_INCHES = 10.0
PANEL_INCHES = 1.7
# Lines differ in colour, line style and marker (never colour alone); the colours stay >= 20
# apart in CAM02-UCS in colour-blind vision too (tests/test_colours.py).
COLOURS = ("#202124", "#e16e00", "#a142f4", "#12674d", "#1a73e8")
STYLES = ("o-", "s--", "^:", "D-.", "v-")
MARK = "#c5221f"     # the dashed vertical marks


def _lines(name, value):
    """A panel's content as {label: 1-D float array}."""
    if isinstance(value, dict):
        if not value:
            raise ValueError(f"signals: panel {name!r} holds an empty dict of lines")
        items = value.items()
    else:
        items = [(None, value)]
    lines = {}
    for label, line in items:
        array = np.asarray(line, dtype=float)
        if array.ndim != 1 or array.size == 0:
            where = f"panel {name!r}" + (f", line {label!r}" if label else "")
            raise ValueError(f"signals: {where} must be a non-empty 1-D array; "
                             f"got shape {array.shape}")
        lines[label] = array
    return lines


def signals(panels, marks=None, shade=None, title="", xlabel="position", ylabel=None):
    """Stacked 1-D signals over a shared position axis.

    panels: {panel title: 1-D array, or {line label: 1-D array} for several lines with
            a legend}, drawn top to bottom.
    marks: optional {panel title: [position, ...]} drawn as dashed red vertical lines.
    shade: optional (start, stop, label): the positions start..stop-1 shaded in every
           panel, with the label in the first one (e.g. what a model was trained on).
    xlabel: the shared position axis; ylabel: what every panel's values are (optional).
    Returns a Figure.
    """
    if not isinstance(panels, dict) or not panels:
        raise TypeError("signals: panels must be a non-empty dict {title: 1-D array}; "
                        f"got {type(panels).__name__}")
    content = {name: _lines(name, value) for name, value in panels.items()}
    unknown = set(marks or {}) - set(content)
    if unknown:
        raise ValueError(f"signals: marks name panels that do not exist: {sorted(unknown)}")
    count = len(content)
    fig, axes = plt.subplots(count, 1, sharex=True, squeeze=False,
                             figsize=(WIDTH_INCHES, PANEL_INCHES * count + 0.9))
    axes = axes[:, 0]
    for row, (ax, (name, lines)) in enumerate(zip(axes, content.items())):
        if shade is not None:
            start, stop, label = shade
            ax.axvspan(start - 0.5, stop - 0.5, color="#fde9c9", zorder=0,
                       label=label if row == 0 else None)
        for i, (label, line) in enumerate(lines.items()):
            ax.plot(np.arange(line.size), line, STYLES[i % len(STYLES)], markersize=4,
                    linewidth=1.5, color=COLOURS[i % len(COLOURS)], label=label)
        for position in (marks or {}).get(name, []):
            ax.axvline(position, color=MARK, linestyle="--", linewidth=1.5)
        ax.set_title(name, fontsize=TEXT_PT + 1, loc="left")
        ax.tick_params(labelsize=TEXT_PT - 1)
        if ylabel:
            ax.set_ylabel(ylabel, fontsize=TEXT_PT)
        ax.grid(alpha=0.3)
        if any(label is not None for label in lines) or (shade is not None and row == 0):
            ax.legend(fontsize=TEXT_PT - 1, loc="upper left", bbox_to_anchor=(1.01, 1.02),
                      frameon=False)
    axes[-1].set_xlabel(xlabel, fontsize=TEXT_PT)
    if title:
        fig.suptitle(title, fontsize=TITLE_PT)
    fig.tight_layout()
    return fig
