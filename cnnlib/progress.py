"""A progress bar for long notebook cells that is there while the cell runs and gone after.

    nn.fit(..., progress=live_bar)

The stored notebook must not change from run to run (nbval compares what a cell printed),
and a text bar's timings always change. live_bar is tqdm's notebook widget, displayed as
a widget view only (no text, which nbval skips), and emptied when the loop ends, so it
leaves nothing behind (tools/refresh_notebooks.py drops the emptied display). Outside a
Jupyter kernel it is tqdm's ordinary text bar.
"""

from tqdm.auto import tqdm

from .widgets import WIDGET_VIEW


def _in_kernel():
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    return getattr(get_ipython(), "kernel", None) is not None


try:
    from tqdm.notebook import tqdm_notebook
except ImportError:            # no ipywidgets: the text bar
    tqdm_notebook = None


def live_bar(*args, **kwargs):
    """tqdm(*args, **kwargs), shown while it runs and cleared at the end (see above)."""
    if tqdm_notebook is None or not _in_kernel():
        return tqdm(*args, leave=False, **kwargs)
    return _LiveBar(*args, **kwargs)


if tqdm_notebook is not None:
    class _LiveBar(tqdm_notebook):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, display=False, leave=False, **kwargs)
            self._handle = None
            if not self.disable:
                from IPython.display import display
                view = {"version_major": 2, "version_minor": 0,
                        "model_id": self.container.model_id}
                self._handle = display({WIDGET_VIEW: view}, raw=True, display_id=True)

        def close(self):
            super().close()
            if self._handle is not None:                # the output goes away
                self._handle.update({}, raw=True)
                self._handle = None
