"""Text alternatives for figures (WCAG 1.1.1): what a figure shows, in words.

    describe(fig, text) -> fig     attach a short description (the alt text) to a figure
    description(fig) -> str        the attached one; else one read off the figure's titles,
                                   axis labels and legends (never "Figure 3")

In a notebook every Figure is shown as an HTML image with that description as its `alt`
(text/html, plus the usual text/plain). Why HTML rather than image/png with an "alt" in its
metadata: JupyterLab 4 ignores image metadata's alt when it draws a PNG output, while it
keeps the alt of an <img> in HTML output, and so does nbconvert (the static site). The
display hook is installed for every matplotlib Figure when `cnnlib.plot` is imported in a
Jupyter kernel, so notebook cells stay one line (`plot.conv_step(...)`, `plt.show()`).
"""

import html

from matplotlib.figure import Figure

ATTRIBUTE = "cnnlib_description"
MANY = 8     # more panels than this are summed up, not listed one by one


def describe(fig, text):
    """Attach `text` (what the figure shows, in a sentence or two) to `fig`; returns fig."""
    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"text must be a non-empty description; got {text!r}")
    setattr(fig, ATTRIBUTE, " ".join(text.split()))
    return fig


def _words(text):
    return " ".join(str(text).replace("$", "").split())


def _panel(ax):
    """One axes as words: its title, what it holds, its axis labels and legend."""
    title = ax.get_title("left") or ax.get_title() or ax.get_title("right")
    parts = [f"'{_words(title)}'" if title else "untitled panel"]
    kinds = (["image"] if ax.images else []) + (["curves"] if ax.lines else []) \
        + (["bars"] if len(ax.patches) > 1 and not ax.images else [])
    if kinds:
        parts.append(" and ".join(kinds))
    labels = [_words(label) for label in (ax.get_xlabel(), ax.get_ylabel()) if label]
    if labels:
        parts.append("axes: " + " vs ".join(labels[::-1]))
    legend = ax.get_legend()
    if legend is not None:
        parts.append("legend: " + ", ".join(_words(t.get_text()) for t in legend.get_texts()))
    return ", ".join(parts)


def description(fig):
    """The figure's description: the one attached by `describe`, else one made from its
    suptitle, panel titles, axis labels and legends."""
    attached = getattr(fig, ATTRIBUTE, None)
    if attached:
        return attached
    title = fig._suptitle.get_text() if fig._suptitle is not None else ""
    axes = [ax for ax in fig.axes if ax.get_visible() and (ax.axison or ax.images)
            and ax.get_label() != "<colorbar>"]
    if not axes:
        return _words(f"{title + '. ' if title else ''}A drawing with no axes or titles.")
    if len(axes) > MANY:        # a grid of small multiples: say what they are, not each one
        kinds = sorted({"image" if ax.images else "curves" for ax in axes})
        names = [_words(ax.get_title()) for ax in axes if ax.get_title()]
        named = f", titled {', '.join(names[:3])} ... {names[-1]}" if len(names) > 3 else ""
        return _words(f"{title + '. ' if title else ''}A grid of {len(axes)} small panels "
                      f"({' and '.join(kinds)}){named}.")
    panels = "; ".join(_panel(ax) for ax in axes)
    count = f"{len(axes)} panel{'s' if len(axes) != 1 else ''}"
    return _words(f"{title + '. ' if title else ''}A figure with {count}: {panels}.")


def _png(shell, fig):
    """The PNG the inline backend would show (its formats and size settings), base64."""
    data = shell.display_formatter.formatters["image/png"](fig)
    size = {}
    if isinstance(data, tuple):              # retina: (data, {"width": .., "height": ..})
        data, size = data
    if data is None:
        from IPython.core.pylabtools import print_figure
        data = print_figure(fig, "png", bbox_inches="tight", base64=True)
    return data, size


def display_figure(fig):
    """Show `fig` in the notebook as <img alt="its description"> (text/html), with the
    figure's usual text/plain."""
    from IPython import get_ipython
    from IPython.display import publish_display_data

    data, size = _png(get_ipython(), fig)
    attributes = "".join(f' {key}="{int(value)}"' for key, value in size.items())
    image = (f'<img src="data:image/png;base64,{data}"{attributes} '
             f'alt="{html.escape(description(fig))}">')
    publish_display_data({"text/html": image, "text/plain": repr(fig)})


def install():
    """Show every Figure with its description in this Jupyter kernel (no-op elsewhere)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or getattr(shell, "kernel", None) is None:
        return False
    # The ipython_display formatter is not among the per-type formatters that the inline
    # backend resets for Figure when it (re)configures itself, so this survives it.
    shell.display_formatter.ipython_display_formatter.for_type(Figure, display_figure)
    return True
