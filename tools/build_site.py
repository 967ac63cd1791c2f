"""The course as a static site: an index with the notebook table, one page per notebook.

    python tools/build_site.py [OUT_DIR]      (default build/site; `make site` runs it)

Pages are made from the stored (executed) notebooks, without running them again.
Every explorer output becomes a kernel-less animation (its recipe, stored in the
output's metadata, rebuilds the scene; cnnlib.animate draws it), so the site works
offline, on a phone, with no Python and no network request.
"""

import base64
import html
import io
import re
import sys
from pathlib import Path

import matplotlib
import nbformat
from nbconvert import HTMLExporter
from pygments.formatters import HtmlFormatter

from cnnlib import animate, widgets
from cnnlib.widgets import WIDGET_VIEW

matplotlib.use("Agg")
from matplotlib import mathtext  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

CSS = """
body { font: 17px/1.55 "DejaVu Sans", Verdana, sans-serif; max-width: 1100px;
       margin: 0 auto; padding: 16px 24px 64px; color: #202124; }
nav { margin-bottom: 18px; font-size: 15px; }
a { color: #1a5fb4; }
h1 { font-size: 30px; } h2 { font-size: 24px; margin-top: 1.6em; }
/* Reflow at 320 px (WCAG 1.4.10): a wide table or code scrolls by itself, never the page. */
table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
td, th { border: 1px solid #767676; padding: 4px 10px; }
.jp-InputArea, .input_area { background: #f6f8fa; border-left: 3px solid #1a5fb4;
       padding: 4px 10px; margin: 10px 0 4px; overflow-x: auto; }
.jp-InputPrompt, .jp-OutputPrompt, .prompt { display: none; }
pre { font-size: 15px; margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
.jp-OutputArea-output pre { padding: 2px 10px; }
img { max-width: 100%; height: auto; }
a:focus-visible, [tabindex]:focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
"""
CODE_CSS = HtmlFormatter().get_style_defs(".highlight")      # syntax colours, offline


def _page(title, body, nav):
    return (f"<!doctype html>\n<html lang='en'><head><meta charset='utf-8'>\n"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
            f"<title>{html.escape(title)}</title>\n<style>{CSS}\n{CODE_CSS}</style></head>\n"
            f"<body>\n<nav>{nav}</nav>\n{body}\n</body></html>\n")


def _title(nb, fallback):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


# Inline math may wrap onto a second line of the Markdown source, not across a blank line.
MATH = re.compile(r"\$\$(.+?)\$\$|\$((?:[^$\n]|\n(?!\s*\n))+?)\$", re.DOTALL)


def _math_image(match):
    """TeX between dollars as an inline SVG drawn by matplotlib's mathtext (no MathJax,
    no network); left as it is when mathtext cannot read it."""
    display, inline = match.groups()
    tex = " ".join((display or inline).split())
    buffer = io.BytesIO()
    try:
        mathtext.math_to_image(f"${tex}$", buffer, format="svg",
                               prop=FontProperties(size=15 if display else 13))
    except ValueError:
        return match.group(0)
    data = base64.b64encode(buffer.getvalue()).decode()
    style = "display:block;margin:8px auto" if display else "vertical-align:middle"
    return (f'<img alt="{html.escape(tex)}" style="{style}" '
            f'src="data:image/svg+xml;base64,{data}">')


def _render_math(nb):
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = MATH.sub(_math_image, cell.source)


def _explorers_to_animations(nb):
    """Replace every stored explorer (a widget the site cannot run) by its animation."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            recipe = output.get("metadata", {}).get(widgets.RECIPE_KEY)
            if recipe and WIDGET_VIEW in output.get("data", {}):
                scene = widgets.rebuild(recipe).scene
                output["data"] = {"text/html": str(animate.html(scene)),
                                  "text/plain": output["data"].get("text/plain", "")}


def build(out_dir):
    """Write the site into out_dir; returns {page file name: title}."""
    out_dir.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="basic")
    notebooks = {path.stem + ".html": nbformat.read(path, as_version=4)
                 for path in sorted((ROOT / "notebooks").glob("*.ipynb"))}
    pages = {name: _title(nb, name[:-5]) for name, nb in notebooks.items()}
    names = list(pages)
    for i, (name, nb) in enumerate(notebooks.items()):
        _explorers_to_animations(nb)
        _render_math(nb)
        body, _ = exporter.from_notebook_node(nb)
        links = ["<a href='index.html'>course index</a>"]
        if i > 0:
            links.append(f"<a href='{names[i - 1]}'>← previous</a>")
        if i + 1 < len(names):
            links.append(f"<a href='{names[i + 1]}'>next →</a>")
        (out_dir / name).write_text(_page(pages[name], body, " · ".join(links)),
                                    encoding="utf-8")
    index_rows = "\n".join(f"<tr><td><a href='{name}'>{html.escape(name[:-5])}</a></td>"
                           f"<td>{html.escape(title)}</td></tr>" for name, title in pages.items())
    index = ("<h1>CNNs you can run</h1>\n<p>A companion to the Convolutional Neural Networks "
             "lecture of ECEN 478. Every animation here plays in the browser, with no Python "
             "and no network: press ▶ or step through it.</p>\n"
             f"<table><tr><th>notebook</th><th>what it covers</th></tr>\n{index_rows}\n"
             "</table>\n<p>To run the notebooks yourself: <code>make lab</code> (see the "
             "README).</p>")
    (out_dir / "index.html").write_text(_page("CNNs you can run", index, ""), encoding="utf-8")
    return {"index.html": "CNNs you can run", **pages}


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "site"
    for name in build(out):
        print(out / name)
    size = sum(f.stat().st_size for f in out.iterdir())
    print(f"site: {len(list(out.iterdir()))} pages, {size / 1e6:.1f} MB")
