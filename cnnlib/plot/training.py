"""Pictures of training: learning curves, learned kernels, feature maps, confusion matrix.

Every function takes plain arrays (or the history dict that `cnnlib.nn.fit` returns),
draws one new Figure and returns it; nothing else stays open. Sizes are for a
projector: text 13 pt, titles 15 pt, and each title says what is shown.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from .._checks import as_array
from .fonts import MAX_HEIGHT_INCHES, TEXT_PT, TITLE_PT

__all__ = ["examples", "training_curves", "kernels", "feature_maps", "confusion_matrix"]

MAX_WIDTH = 10.5      # inches: wider and JupyterLab shrinks the text below 12 pt


def _panels_size(cols, rows, panel_w, panel_h, extra_w, extra_h):
    """Figure size for a grid of panels, never wider than MAX_WIDTH nor taller than
    MAX_HEIGHT_INCHES (panels shrink, keeping their shape)."""
    scale = min(1.0, (MAX_WIDTH - extra_w) / (panel_w * cols),
                (MAX_HEIGHT_INCHES - extra_h) / (panel_h * rows))
    return (panel_w * cols * scale + extra_w, panel_h * rows * scale + extra_h)
COLOURS = plt.get_cmap("tab10").colors
# One colour per kind of model in every figure of the course (others take the rest in turn).
MODEL_COLOURS = {"CNN": COLOURS[0], "MLP": COLOURS[1], "logistic regression": COLOURS[2]}
DIVERGING = "RdBu_r"          # negative weights blue, positive red, zero white


def _style(ax, title=None, xlabel=None, ylabel=None):
    if title:
        ax.set_title(title, fontsize=TEXT_PT + 1)
    if xlabel:
        ax.set_xlabel(xlabel, fontsize=TEXT_PT)
    if ylabel:
        ax.set_ylabel(ylabel, fontsize=TEXT_PT)
    ax.tick_params(which="both", labelsize=TEXT_PT - 1)


def _colorbar(fig, image, axes, label):
    bar = fig.colorbar(image, ax=axes, shrink=0.9, pad=0.02)
    bar.ax.tick_params(labelsize=TEXT_PT - 1)
    bar.set_label(label, fontsize=TEXT_PT)
    return bar


def _grid(n, ncols):
    ncols = min(n, ncols)
    return -(-n // ncols), ncols


# ---- the data ---------------------------------------------------------------------------

def examples(x, y, per_class=1, title="One example of every class"):
    """The first `per_class` examples of every class, a column per class.

    Inputs:
    - x: (N, 1, L) signals or (N, 1, H, W) images; y: (N,) int labels
    - per_class: rows of examples
    Returns the Figure: signals as curves on one shared scale, images in grey (ink dark).
    """
    x = as_array(x, "x", "examples")
    y = as_array(y, "y", "examples", "(N,)")
    if x.ndim not in (3, 4) or x.shape[1] != 1 or len(x) != len(y):
        raise ValueError(f"examples: x must be (N, 1, L) or (N, 1, H, W) with one label in y "
                         f"per example; got x {x.shape}, y {y.shape}")
    classes = np.unique(y)
    fig, axes = plt.subplots(per_class, len(classes), squeeze=False, layout="constrained",
                             figsize=_panels_size(len(classes), per_class, 1.3, 1.5, 1, 0.8),
                             sharex=True, sharey=True)
    for col, label in enumerate(classes):
        chosen = np.flatnonzero(y == label)[:per_class]
        for row, ax in enumerate(axes[:, col]):
            if row < len(chosen) and x.ndim == 3:
                ax.plot(x[chosen[row], 0], color="black", lw=1.8)
            elif row < len(chosen):
                ax.imshow(x[chosen[row], 0], cmap="gray_r")
            ax.set_xticks([])
            ax.set_yticks([])
        axes[0, col].set_title(str(label), fontsize=TEXT_PT + 1)
    fig.suptitle(title, fontsize=TITLE_PT)
    return fig


# ---- learning curves ----------------------------------------------------------------------

def _histories(histories):
    if isinstance(histories, dict) and "loss" in histories:
        histories = {"model": histories}
    if not isinstance(histories, dict) or not histories:
        raise TypeError("training_curves: histories must be a history from cnnlib.nn.fit or "
                        f"a dict {{name: history}}; got {type(histories).__name__}")
    for name, h in histories.items():
        if not isinstance(h, dict) or not {"loss", "acc"} <= set(h):
            raise ValueError(f"training_curves: histories[{name!r}] must be a history from "
                             f"cnnlib.nn.fit (a dict with 'loss' and 'acc' lists)")
    return histories


def _model_colour(name, names):
    if name in MODEL_COLOURS:
        return MODEL_COLOURS[name]
    free = [c for c in COLOURS if c not in MODEL_COLOURS.values()]
    others = [n for n in names if n not in MODEL_COLOURS]
    return free[others.index(name) % len(free)]


def training_curves(histories, title="Training curves", log_loss=True):
    """Loss and accuracy per epoch, for one model or several side by side.

    Inputs:
    - histories: a history from cnnlib.nn.fit, or {name: history} to compare models
    - title: the figure's title
    - log_loss: draw the loss on a log scale (it falls by orders of magnitude)
    Returns the Figure: left the mean training loss per epoch; right the accuracy per
    epoch, on the held-out data (solid) and on the training data (dashed). Each model
    keeps its colour in both panels, and "CNN", "MLP" and "logistic regression" have the
    same colour in every figure (MODEL_COLOURS).
    """
    histories = _histories(histories)
    fig, (loss_ax, acc_ax) = plt.subplots(1, 2, figsize=(MAX_WIDTH, 4.6), layout="constrained")
    for name, h in histories.items():
        colour = _model_colour(name, list(histories))
        epochs = np.arange(1, len(h["loss"]) + 1)
        loss_ax.plot(epochs, h["loss"], color=colour, lw=2, label=name)
        acc_ax.plot(epochs, 100 * np.asarray(h["acc"]), color=colour, lw=1.5, ls="--")
        if h.get("val_acc"):
            acc_ax.plot(epochs, 100 * np.asarray(h["val_acc"]), color=colour, lw=2.5)
    if log_loss:
        loss_ax.set_yscale("log")
    _style(loss_ax, "Training loss", "epoch", "cross-entropy" + (" (log scale)" * log_loss))
    held_out = any(h.get("val_acc") for h in histories.values())
    _style(acc_ax, "Accuracy: test solid, training dashed" if held_out else
           "Accuracy on the training data", "epoch", "accuracy (%)")
    # Start the axis at the tens below the lowest accuracy: 0..100 would squash two models
    # at 97 % and 99 % into one line.
    lowest = min(min(h["acc"] + list(h.get("val_acc") or [])) for h in histories.values())
    acc_ax.set_ylim(10 * np.floor(10 * lowest), 101)
    loss_ax.legend(fontsize=TEXT_PT - 1)           # colour: which model
    for ax in (loss_ax, acc_ax):
        ax.grid(alpha=0.3)
    fig.suptitle(title, fontsize=TITLE_PT)
    return fig


# ---- learned kernels --------------------------------------------------------------------

def kernels(weight, title="Learned first-layer kernels", ncols=None):
    """Each kernel (filter) of a conv layer in its own small panel.

    Inputs:
    - weight: (F, C, K) 1-D kernels, or (F, C, KH, KW) 2-D kernels with C = 1 or 3,
      e.g. model[0].weight
    - ncols: panels per row (default: about square)
    Returns the Figure. 1-D kernels with one channel are bar charts of their K taps
    (red > 0, blue < 0), with C > 1 channels a C x K heat map; 2-D kernels are images,
    blue negative, red positive, white zero (for C = 3: the colours the kernel likes).
    All panels share one scale, so strong and weak kernels can be compared.
    """
    w = as_array(weight, "weight", "kernels").astype(np.float64)
    if w.ndim not in (3, 4):
        raise ValueError(f"kernels: weight must be (F, C, K) or (F, C, KH, KW); "
                         f"got shape {w.shape}")
    if w.ndim == 4 and w.shape[1] not in (1, 3):
        raise ValueError(f"kernels: 2-D kernels must have C = 1 or 3 channels to be drawn "
                         f"as images; got weight of shape {w.shape} (pass weight[:, :1])")
    f = w.shape[0]
    rows, cols = _grid(f, ncols or int(np.ceil(np.sqrt(f))))
    tall = w.ndim == 3 and w.shape[1] == 1
    size = _panels_size(cols, rows, 2.3, 1.6 if tall else 2.0, 1.2, 1.0)
    fig, axes = plt.subplots(rows, cols, figsize=size, squeeze=False, layout="constrained")
    limit = np.abs(w).max() or 1.0
    low, span = w.min(), np.ptp(w) or 1.0           # for RGB kernels: 0..1 over all of w
    image = None
    for i, ax in enumerate(axes.flat):
        if i >= f:
            ax.remove()
            continue
        if tall:
            taps = w[i, 0]
            ax.bar(np.arange(len(taps)), taps, color=np.where(taps >= 0, "#c0392b", "#2e6da4"))
            ax.axhline(0, color="black", lw=0.8)
            ax.set_ylim(-1.05 * limit, 1.05 * limit)
        elif w.ndim == 4 and w.shape[1] == 3:
            ax.imshow((w[i].transpose(1, 2, 0) - low) / span)
        else:
            image = ax.imshow(w[i, 0] if w.ndim == 4 else w[i], cmap=DIVERGING,
                              vmin=-limit, vmax=limit, aspect="auto" if w.ndim == 3 else None)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"{i}", fontsize=TEXT_PT - 1, pad=2)
    if image is not None:
        _colorbar(fig, image, axes, "weight")
    fig.suptitle(f"{title}: {f} kernels, {_kernel_words(w)}", fontsize=TITLE_PT)
    return fig


def _kernel_words(w):
    if w.ndim == 3:
        return f"{w.shape[2]} taps" + (f" x {w.shape[1]} channels" if w.shape[1] > 1 else "")
    return f"{w.shape[2]}x{w.shape[3]}" + (" RGB" if w.shape[1] == 3 else "")


# ---- feature maps -------------------------------------------------------------------------

def feature_maps(x, maps, labels=None, title="Feature maps", max_maps=8, layer=None):
    """A few inputs and what a layer makes of them.

    Inputs:
    - x: (n, 1, L) signals or (n, 1, H, W) images (a handful, say n <= 4)
    - maps: (n, F, L') or (n, F, H', W'): the layer's output for those inputs, e.g.
      ReLU(conv(x)) = model[1].forward(model[0].forward(x))
    - labels: optional (n,) class of each input, shown in its row title
    - max_maps: 2-D only, how many of the F maps to show per image
    - layer: 1-D only, the Conv1d that made the maps: each output position is then drawn
      under the centre of the input window it read (stride and padding undone), so that
      a bright cell sits below the stretch of signal that lit it up
    Returns the Figure. 1-D: one column per input, the signal above all F feature maps
    as one heat map (a row per kernel) on the same position axis. 2-D: one row per
    input, the image, then the first max_maps maps, all on one colour scale.
    """
    x = as_array(x, "x", "feature_maps")
    maps = as_array(maps, "maps", "feature_maps")
    if x.ndim not in (3, 4) or x.shape[1] != 1 or maps.ndim != x.ndim:
        raise ValueError(f"feature_maps: x must be (n, 1, L) or (n, 1, H, W) and maps "
                         f"(n, F, L') or (n, F, H', W') alike; got x {x.shape}, maps "
                         f"{maps.shape}")
    if len(maps) != len(x):
        raise ValueError(f"feature_maps: maps must have one entry per input, n = {len(x)}; "
                         f"got shape {maps.shape}")
    if labels is not None and len(labels) != len(x):
        raise ValueError(f"feature_maps: labels must have n = {len(x)} entries; "
                         f"got {len(labels)}")
    if x.ndim == 3:
        fig = _feature_maps_1d(x, maps, labels, max_maps, layer)
    else:
        fig = _feature_maps_2d(x, maps, labels, max_maps)
    fig.suptitle(title, fontsize=TITLE_PT)
    return fig


def _row_title(i, labels):
    return f"input {i}" + ("" if labels is None else f" (class {labels[i]})")


def _window_centres(layer, length, out):
    """Where output position j of a 1-D conv sits on the input axis: the centre of the window
    it read, j*s - p + (K - 1)/2 (without a layer: the outputs spread evenly)."""
    if layer is None:
        step = length / out
        return (np.arange(out) + 0.5) * step - 0.5, step
    (k,), (s,), (p,) = layer.kernel_size, layer.stride, layer.padding
    return np.arange(out) * s - p + (k - 1) / 2, s


def _feature_maps_1d(x, maps, labels, max_maps, layer=None):
    n, f, out = maps.shape
    length = x.shape[2]
    centres, step = _window_centres(layer, length, out)
    fig, axes = plt.subplots(2, n, figsize=(MAX_WIDTH, 5.6), squeeze=False, sharex=True,
                             layout="constrained", height_ratios=[1, 2.1])
    top = maps.max() or 1.0
    extent = (centres[0] - step / 2, centres[-1] + step / 2, f - 0.5, -0.5)
    for i in range(n):
        signal_ax, maps_ax = axes[:, i]
        signal_ax.plot(np.arange(length), x[i, 0], color="black", lw=2)
        _style(signal_ax, _row_title(i, labels))
        image = maps_ax.imshow(maps[i], aspect="auto", cmap="magma", vmin=0 if maps.min() >= 0
                               else None, vmax=top, interpolation="nearest", extent=extent)
        _style(maps_ax, f"its {f} feature maps", "input position", "kernel" if i == 0 else None)
        maps_ax.set_xlim(-0.5, length - 0.5)
        maps_ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        maps_ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        if i > 0:
            maps_ax.set_yticklabels([])
    _colorbar(fig, image, axes[1, :], "activation")
    return fig


def _feature_maps_2d(x, maps, labels, max_maps):
    n, f = maps.shape[:2]
    shown = min(f, max_maps)
    fig, axes = plt.subplots(n, shown + 1, figsize=_panels_size(shown + 1, n, 1.9, 2.1, 1.2, 0.9),
                             squeeze=False, layout="constrained")
    top = maps[:, :shown].max() or 1.0
    low = min(0.0, maps[:, :shown].min())
    for i in range(n):
        axes[i, 0].imshow(x[i, 0], cmap="gray_r")
        axes[i, 0].set_title(_row_title(i, labels), fontsize=TEXT_PT - 1)
        for k in range(shown):
            image = axes[i, k + 1].imshow(maps[i, k], cmap="magma", vmin=low, vmax=top)
            if i == 0:
                axes[i, k + 1].set_title(f"map {k}", fontsize=TEXT_PT - 1)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    _colorbar(fig, image, axes[:, 1:], "activation")
    return fig


# ---- confusion matrix ---------------------------------------------------------------------

def confusion_matrix(y_true, y_pred, classes=None, title="Confusion matrix"):
    """How often each true class (row) was predicted as each class (column).

    Inputs:
    - y_true, y_pred: (N,) int class labels
    - classes: number of classes K (default: the largest label + 1)
    Returns the Figure: a K x K table with the counts in the cells; the diagonal holds the
    correct answers, everything off it is a mistake (which digit taken for which).
    """
    y_true = as_array(y_true, "y_true", "confusion_matrix", "(N,)")
    y_pred = as_array(y_pred, "y_pred", "confusion_matrix", "(N,)")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"confusion_matrix: y_true and y_pred must have the same shape; "
                         f"got {y_true.shape} and {y_pred.shape}")
    for name, y in (("y_true", y_true), ("y_pred", y_pred)):
        if y.dtype.kind not in "iu" or (y.size and y.min() < 0):
            raise ValueError(f"confusion_matrix: {name} must hold class numbers 0, 1, ...; "
                             f"got dtype {y.dtype}" + (f", minimum {y.min()}" if y.size else ""))
    k = classes if classes is not None else int(max(y_true.max(), y_pred.max())) + 1
    counts = np.zeros((k, k), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    cell = min(0.62, (MAX_HEIGHT_INCHES - 1.6) / k)          # inches per class
    fig, ax = plt.subplots(figsize=(cell * k + 2.8, cell * k + 1.6), layout="constrained")
    image = ax.imshow(counts, cmap="Blues")
    dark = counts > counts.max() / 2
    for (r, c), value in np.ndenumerate(counts):
        if value:
            ax.text(c, r, str(value), ha="center", va="center", fontsize=TEXT_PT - 1,
                    color="white" if dark[r, c] else "black")
    ax.set_xticks(range(k))
    ax.set_yticks(range(k))
    _style(ax, None, "predicted class", "true class")
    _colorbar(fig, image, ax, "examples")
    correct = np.trace(counts) / max(counts.sum(), 1)
    fig.suptitle(f"{title}: {correct:.0%} on the diagonal", fontsize=TITLE_PT)
    return fig
