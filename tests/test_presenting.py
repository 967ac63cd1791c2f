"""Presenting in class: JupyterLab at 1280x720 (a common projector) in Presentation Mode and
Simple Interface. Every explorer, built at the extremes its knobs allow, must read and fit:
numbers in cells >= 16 px and no wider than their cell, other text >= 14 px, controls'
labels and values >= 14 px, the whole explorer within the notebook's visible height, nothing
cut or scrolled sideways; and a presenter's clicker (PageDown) steps it.

Run as a script to print the measurements as a table:
    .venv/bin/python tests/test_presenting.py
"""

import os
import sys
import tempfile
from pathlib import Path

import chromium
import lab_server
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extremes  # noqa: E402 (a sibling, importable as a script too)

NUMBER_PX, TEXT_PX, CONTROL_PX = 16, 14, 14
VIEWPORT = {"width": 1280, "height": 720}

PRESENT = """async () => {
  const app = window.jupyterapp;
  if (!app.shell.presentationMode)
    await app.commands.execute('application:toggle-presentation-mode');
  if (app.shell.mode !== 'single-document') app.shell.mode = 'single-document';
  return [app.shell.presentationMode, app.shell.mode];
}"""

# Everything measured in CSS pixels of the page, for each explorer on it.
MEASURE = """() => {
  const notebook = document.querySelector(
    '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer');
  const visible = notebook.getBoundingClientRect();
  return [...document.querySelectorAll('.cnnlib-scene')].map((scene) => {
    const explorer = scene.closest('.cnnlib-explorer') || scene.closest('.widget-vbox');
    const svg = scene.querySelector('svg');
    const box = svg.getBoundingClientRect();
    const scale = svg.getScreenCTM().a;          // user units (cells) to CSS pixels
    const texts = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim());
    const px = (t) => parseFloat(t.getAttribute('font-size')) * scale;
    const numbers = texts.filter((t) => t.classList.contains('cell-text'));
    const others = texts.filter((t) => !numbers.includes(t));
    const widest = Math.max(0, ...numbers.map((t) => t.getBBox().width));   // in cells
    const controls = [...explorer.querySelectorAll(
        '.widget-label, .widget-readout, .widget-dropdown select, .widget-html-content, button')]
      .filter((e) => e.offsetParent !== null && e.textContent.trim())
      .map((e) => parseFloat(getComputedStyle(e).fontSize));
    const e = explorer.getBoundingClientRect();
    return {
      label: explorer.closest('.jp-CodeCell').querySelector('.jp-InputArea-editor')
        .textContent.trim(),
      number_px: numbers.length ? Math.min(...numbers.map(px)) : 0,
      text_px: others.length ? Math.min(...others.map(px)) : 0,
      widest_number: widest,
      control_px: controls.length ? Math.min(...controls) : 0,
      height: e.height, visible_height: visible.height,
      sideways: explorer.scrollWidth > explorer.clientWidth + 1 || e.right > visible.right + 1
                || box.right > visible.right + 1,
    };
  });
}"""


def _notebook(calls):
    nb = new_notebook(cells=[new_code_cell("from cnnlib import widgets")]
                      + [new_code_cell(call) for call in calls])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nbformat.writes(nb)


def _presenting(lab, name):
    """A 1280x720 page with notebook `name` run, in Presentation Mode and Simple Interface."""
    page = lab["browser"].new_page(viewport=VIEWPORT)
    lab_server.run_notebook(page, lab, name)
    page.evaluate(PRESENT)
    page.wait_for_timeout(1000)
    return page


def measure(lab, shots=None):
    """Measure every explorer of extremes.ipynb (see MEASURE): one dict each."""
    page = _presenting(lab, "extremes.ipynb")
    rows = page.evaluate(MEASURE)
    if shots:
        scenes = page.locator(".cnnlib-scene")
        for i in range(scenes.count()):
            scenes.nth(i).locator("xpath=ancestor::div[contains(@class,'cnnlib-explorer')]"
                                  ).scroll_into_view_if_needed()
            page.screenshot(path=str(Path(shots) / f"present-{i:02d}.png"))
    page.close()
    return rows


def _fits(row):
    return (row["number_px"] >= NUMBER_PX and row["text_px"] >= TEXT_PX
            and row["widest_number"] <= 1.0 and row["control_px"] >= CONTROL_PX
            and row["height"] <= row["visible_height"] and not row["sideways"])


def table(rows):
    lines = ["| explorer at | smallest number px | other text px | controls px | height / visible "
             "| fits |", "|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| `{r['label']}` | {r['number_px']:.1f} | {r['text_px']:.1f} | "
                     f"{r['control_px']:.0f} | {r['height']:.0f} / {r['visible_height']:.0f} | "
                     f"{'yes' if _fits(r) else 'no'} |")
    return "\n".join(lines)


def _files():
    return {"extremes.ipynb": _notebook(extremes.calls()),
            "keys.ipynb": _notebook(["widgets.conv_explorer()"])}


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as tmp, lab_server.running(Path(tmp), _files()) as lab:
        print(table(measure(lab, shots=os.environ.get("CNNLIB_SHOTS"))))
    sys.exit(0)


playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
chromium.require_or_skip("the presenting test")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with lab_server.running(tmp_path_factory.mktemp("present"), _files()) as running:
        yield running


@pytest.fixture(scope="module")
def measured(lab):
    return measure(lab)


def test_every_explorer_reads_and_fits_at_its_extremes(measured):
    bad = [r for r in measured if not _fits(r)]
    assert not bad, table(bad)


def _spoken(page):
    return page.locator(".cnnlib-live").first.text_content()


def _caption(page):
    return page.locator(".cnnlib-scene svg text.caption").first.text_content()


def test_keyboard_and_clicker_step_the_explorer(lab):
    """Tab to the picture, step with the arrows and a clicker's PageDown/PageUp, Home/End,
    Space plays and pauses without scrolling; the live region says each step with its sum."""
    page = _presenting(lab, "keys.ipynb")
    try:
        scene = page.locator(".cnnlib-scene").first
        assert scene.get_attribute("role") == "group"
        assert "Keys" in scene.get_attribute("aria-label")
        assert page.locator(".cnnlib-live").first.get_attribute("aria-live") == "polite"
        page.get_by_role("button", name="numbers as tables").focus()
        page.keyboard.press("Tab")                                 # keyboard only: Tab to it
        assert page.evaluate("() => document.activeElement.classList.contains('cnnlib-scene')")
        first = _spoken(page)
        assert first.startswith("step 1 of 9: y[0, 0] = ") and "·" in first, first
        page.keyboard.press("ArrowRight")
        page.wait_for_function("() => document.querySelector('.cnnlib-live').textContent"
                               ".startsWith('step 2 of 9: y[0, 1] = ')")
        assert _caption(page).startswith("step 2/9")
        page.keyboard.press("PageDown")                            # a presenter's clicker
        page.wait_for_function("() => document.querySelector('.cnnlib-live').textContent"
                               ".startsWith('step 3 of 9')")
        page.keyboard.press("PageUp")
        page.wait_for_function("() => document.querySelector('.cnnlib-live').textContent"
                               ".startsWith('step 2 of 9')")
        page.keyboard.press("End")
        page.wait_for_function("() => document.querySelector('.cnnlib-live').textContent"
                               ".startsWith('step 9 of 9')")
        page.keyboard.press("Home")
        page.wait_for_function("() => document.querySelector('.cnnlib-live').textContent"
                               ".startsWith('step 1 of 9')")
        scroller = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
        top = page.evaluate(f"() => document.querySelector('{scroller}').scrollTop")
        page.keyboard.press("Space")                               # play
        page.wait_for_function("() => document.querySelector('.cnnlib-live').textContent"
                               ".startsWith('step 2 of 9')", timeout=5000)
        page.keyboard.press("Space")                               # and pause
        assert page.evaluate(f"() => document.querySelector('{scroller}').scrollTop") == top
        paused = _spoken(page)
        page.wait_for_timeout(2000)
        assert _spoken(page) == paused, "Space did not pause"
    finally:
        page.close()


def test_a_knob_keeps_the_step_and_the_tables_follow(lab):
    page = _presenting(lab, "keys.ipynb")
    try:
        page.locator(".cnnlib-scene").first.click()
        for _ in range(2):
            page.keyboard.press("PageDown")
        page.wait_for_function("() => document.querySelector('.cnnlib-live').textContent"
                               ".startsWith('step 3 of 9')")
        stride = page.locator(".widget-slider", has_text="stride").locator(".noUi-handle")
        stride.focus()
        page.keyboard.press("ArrowRight")                          # stride 2: 4 steps
        page.wait_for_function("() => document.querySelector('.cnnlib-live').textContent"
                               ".startsWith('step 3 of 4')")
        page.get_by_role("button", name="numbers as tables").click()
        tables = page.locator(".cnnlib-tables table")
        assert tables.count() == 4
        assert "(written)" in tables.last.text_content()
        assert tables.first.locator("caption").text_content().startswith("input x")
    finally:
        page.close()
