"""Re-execute notebooks in place with a clean kernel and keep only what should be stored.

    python tools/refresh_notebooks.py [notebooks/01_x.ipynb ...]   (default: all)

Stored notebooks must be deterministic (nbval compares their text outputs) and small:
execution timings, widget state and kernel-specific metadata are stripped, so that a
diff shows only real changes. Every explorer gets a small PNG of its first step next to
the widget view: what a viewer with no kernel (a repository's web page) shows instead.
"""

import base64
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from cnnlib import animate, widgets
from cnnlib.widgets import WIDGET_VIEW

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
KEEP_NOTEBOOK_METADATA = ("kernelspec", "language_info")


def _stable_model_ids(nb):
    """Widget outputs point at kernel-side models that are gone once the notebook is saved;
    give them ids that depend on their place, so that a refresh with no real change
    leaves the file unchanged."""
    for i, cell in enumerate(nb.cells):
        for j, output in enumerate(cell.get("outputs", [])):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view:
                view["model_id"] = f"cell{i:03d}output{j:02d}".ljust(32, "0")


def _static_fallbacks(nb):
    """An explorer's first step as image/png beside its widget view. A front end shows the
    richest output it can render: JupyterLab with a kernel the live explorer, a viewer
    without one this picture (nbval compares neither)."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            recipe = output.get("metadata", {}).get(widgets.RECIPE_KEY)
            if recipe and WIDGET_VIEW in output.get("data", {}):
                picture = animate.png(widgets.rebuild(recipe).scene)
                output["data"]["image/png"] = base64.b64encode(picture).decode()


def _drop_empty(outputs):
    """Displays emptied while the cell ran (a live progress bar) leave nothing behind."""
    return [o for o in outputs if o.output_type not in ("display_data", "execute_result")
            or o.get("data")]


def clean(nb):
    nb.metadata = {k: v for k, v in nb.metadata.items() if k in KEEP_NOTEBOOK_METADATA}
    nb.metadata.get("language_info", {}).pop("version", None)
    _stable_model_ids(nb)
    _static_fallbacks(nb)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("ExecuteTime", None)
        for output in cell.get("outputs", []):
            output.get("metadata", {}).pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = _merge_streams(_drop_empty(cell.outputs))
    return nb


def _merge_streams(outputs):
    """One stream output per run of prints: how the kernel splits them depends on timing."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (output.output_type == "stream" and previous is not None
                and previous.output_type == "stream" and previous.name == output.name):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def refresh(path):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(clean(nb), path)
    print(f"refreshed {path.relative_to(NOTEBOOKS.parent)}")


if __name__ == "__main__":
    paths = [Path(p).resolve() for p in sys.argv[1:]] or sorted(NOTEBOOKS.glob("*.ipynb"))
    for path in paths:
        refresh(path)
