"""The stored notebooks' code cells, for the exercise tests: read them, run one (its
printout captured), and read what a stored cell printed."""

import contextlib
import io
from pathlib import Path

import matplotlib.pyplot as plt
import nbformat

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def code_cells(name):
    """The code cells of notebooks/<name>.ipynb, as stored."""
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    return [cell for cell in nb.cells if cell.cell_type == "code"]


def run_cell(source, namespace):
    """exec source in namespace; returns what it printed. Figures it drew are closed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<notebook cell>", "exec"), namespace)
    plt.close("all")
    return out.getvalue()


def stored_stdout(cell):
    """What the stored cell printed."""
    return "".join(o.text for o in cell.outputs if o.output_type == "stream")
