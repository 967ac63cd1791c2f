"""Every figure says what it shows (WCAG 1.1.1): cnnlib.plot's drawings carry a description,
and in a Jupyter kernel a figure is shown as <img alt="that description">, which JupyterLab
and nbconvert (the static site) both keep."""

import html
import re

import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest

from cnnlib import plot

pytestmark = pytest.mark.a11y

X = np.array([[1, 2, 0, -1], [3, -1, 2, 1], [0, 1, -2, 2], [2, 0, 1, 3]], dtype=float)
W = np.array([[1, 0], [-1, 2]], dtype=float)
DRAWINGS = {
    "conv_step": lambda: plot.conv_step(X, W, padding=1, step=2),
    "conv_backward_step": lambda: plot.conv_backward_step(X, W, np.ones((3, 3)), view="gather"),
    "pool_step": lambda: plot.pool_step(X, 2, step=1),
    "pool_backward_step": lambda: plot.pool_backward_step(X, np.ones((2, 2)), 2, kind="avg"),
    "grids": lambda: plot.grids({"x": X, "w": W}),
    "kernels_and_maps": lambda: plot.kernels_and_maps(np.zeros((8, 8)), [W], [np.ones((7, 7))],
                                                      names=["edge"]),
    "signals": lambda: plot.signals({"a peak": np.eye(1, 9, 4)[0]}, marks={"a peak": [4]}),
    "receptive_field": lambda: plot.receptive_field(8, 3),
    "images": lambda: plot.images({"map": X, "pooled": X[:2, :2]}),
    "conv_matrix": lambda: plot.conv_matrix(W, (3, 3)),
    "training_curves": lambda: plot.training_curves({"loss": [1.0, 0.5], "acc": [0.5, 0.9],
                                                     "val_acc": [0.4, 0.8]}),
}


@pytest.mark.parametrize("name", DRAWINGS)
def test_every_drawing_says_what_it_shows(name):
    fig = DRAWINGS[name]()
    text = plot.description(fig)
    plt.close(fig)
    assert len(text.split()) >= 8, text
    assert "no axes" not in text and "untitled" not in text, text
    assert not re.search(r"\bFigure \d", text), text


def test_describe_checks_its_arguments():
    fig = plt.figure()
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure"):
        plot.describe("a figure", "text")
    with pytest.raises(ValueError, match="text must be a non-empty description"):
        plot.describe(fig, "  ")
    assert plot.description(plot.describe(fig, "a  blank\ncanvas")) == "a blank canvas"
    plt.close(fig)


def test_a_kernel_shows_figures_as_images_with_alt_text():
    """A real kernel, as a notebook runs it: the inline backend's plt.show() publishes
    text/html <img alt=...> (no bare image/png without a description)."""
    nbclient = pytest.importorskip("nbclient")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import matplotlib.pyplot as plt\nfrom cnnlib import plot\n"
        "plot.grids({'x': [[1, 2], [3, 4]]}, title='two rows')\nplt.show()"),
        nbformat.v4.new_code_cell("fig, ax = plt.subplots()\nax.set_title('a line')\n"
                                  "ax.plot([0, 1])\nplt.show()")]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    outputs = [o for cell in nb.cells for o in cell.outputs if o.output_type == "display_data"]
    assert len(outputs) == 2, outputs
    for output in outputs:
        assert "image/png" not in output.data
        alt = html.unescape(re.search(r'alt="([^"]*)"', output.data["text/html"]).group(1))
        assert output.data["text/html"].startswith('<img src="data:image/png;base64,')
        assert output.data["text/plain"].startswith("<Figure size")
        assert alt.split()[0] in ("two", "A"), alt
    assert "x (2x2): 1 2; 3 4" in outputs[0].data["text/html"]
    assert "'a line', curves" in html.unescape(outputs[1].data["text/html"])
