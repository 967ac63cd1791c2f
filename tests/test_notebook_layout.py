"""The stored notebooks as a projector shows them (1280x720, JupyterLab): no figure taller
than about 600 px, no code line longer than the cell is wide, and the plumbing (imports and
set-up) collapsed, so that the screen shows the idea."""

import base64
import re
import struct
from pathlib import Path

import nbformat
import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
MAX_FIGURE_PX = 620        # "about 600": what a 720 px screen shows whole under a cell
# At 1280x720 with the file browser open a code cell is 810 px wide: 101 characters of
# JupyterLab's 13 px monospace font (measured in Chromium).
MAX_LINE = 99
EMBEDDED_PNG = re.compile(r"data:image/png;base64,([A-Za-z0-9+/=]+)")


def _png_heights(output):
    data = output.get("data", {})
    pngs = [data["image/png"]] if "image/png" in data else []
    pngs += EMBEDDED_PNG.findall(data.get("text/html", ""))
    for png in pngs:
        head = base64.b64decode(png[:48])
        yield struct.unpack(">II", head[16:24])[1]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_figures_fit_the_screen(path):
    nb = nbformat.read(path, as_version=4)
    tall = [(i, h) for i, cell in enumerate(nb.cells) for output in cell.get("outputs", [])
            for h in _png_heights(output) if h > MAX_FIGURE_PX]
    assert not tall, f"cells with figures taller than {MAX_FIGURE_PX} px (cell, px): {tall}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_lines_fit_a_cell(path):
    nb = nbformat.read(path, as_version=4)
    long = [(i, len(line)) for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            for line in cell.source.splitlines() if len(line) > MAX_LINE]
    assert not long, f"code lines over {MAX_LINE} characters (cell, length): {long}"


def _plumbing(cell):
    """A code cell of imports only (comments and blank lines aside)."""
    lines = [line for line in cell.source.splitlines() if line.strip()
             and not line.lstrip().startswith("#")]
    return cell.cell_type == "code" and lines and all(
        line.startswith(("import ", "from ", "%")) for line in lines)


def test_plumbing_is_collapsed_for_the_lecture_view():
    found = 0
    for path in NOTEBOOKS:
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            if _plumbing(cell):
                found += 1
                assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, (
                    f"{path.stem} cell {i}: imports only, but not collapsed")
    assert found >= 5
