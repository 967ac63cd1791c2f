"""tools/refresh_notebooks.py stores what a viewer with no kernel can show: a small PNG of
each explorer's first step beside its widget view; and drops displays emptied while the
cell ran (a live progress bar), so that they leave nothing in the stored notebook."""

import base64

import nbformat
import refresh_notebooks  # tools/ is on pytest's pythonpath (pyproject.toml)

from cnnlib import widgets
from cnnlib.widgets import WIDGET_VIEW


def _notebook(*outputs):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("x", outputs=list(outputs)))
    return nb


def test_an_explorer_gets_a_small_png_of_its_first_step():
    bundle, metadata = widgets.conv_backprop_explorer()._repr_mimebundle_()
    output = nbformat.v4.new_output("display_data", data=bundle, metadata=metadata)
    cell = refresh_notebooks.clean(_notebook(output)).cells[0]
    data = cell.outputs[0]["data"]
    assert WIDGET_VIEW in data and data["text/plain"] == bundle["text/plain"]
    picture = base64.b64decode(data["image/png"])
    assert picture.startswith(b"\x89PNG") and len(picture) < 40_000
    again = refresh_notebooks.clean(_notebook(output)).cells[0].outputs[0]["data"]
    assert again["image/png"] == data["image/png"]             # stable: no diff on refresh


def test_outputs_without_a_recipe_are_left_alone():
    output = nbformat.v4.new_output("display_data", data={"text/plain": "a figure"})
    assert refresh_notebooks.clean(_notebook(output)).cells[0].outputs[0]["data"] == \
        {"text/plain": "a figure"}


def test_an_emptied_display_leaves_nothing():
    emptied = nbformat.v4.new_output("display_data", data={})
    printed = nbformat.v4.new_output("stream", name="stdout", text="done\n")
    outputs = refresh_notebooks.clean(_notebook(emptied, printed)).cells[0].outputs
    assert [o.output_type for o in outputs] == ["stream"]
