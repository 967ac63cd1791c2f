"""A real JupyterLab in headless Chromium: run notebooks, move the explorers, look.

Runs every cell of each notebook with an explorer in JupyterLab, fails on any error output, then
for every explorer presses ArrowRight on its step slider, clicks Play, and turns a
knob, and checks that the picture changed. Screenshots go to $CNNLIB_SHOTS (default: a
temporary folder). Needs Debian's `chromium` and the `playwright` package; without
Chromium this test is skipped with a note (in CI, where `.ci/run` installs it, it fails).
"""

import os
from pathlib import Path

import chromium
import lab_server
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every notebook that shows an explorer (nbval already runs the others, e.g. training).
NOTEBOOKS = [ROOT / "tests" / "explorers.ipynb",
             *sorted(p for p in (ROOT / "notebooks").glob("*.ipynb")
                     if "_explorer(" in p.read_text(encoding="utf-8"))]

playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
chromium.require_or_skip("the browser test")


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab serving copies of the notebooks with explorers."""
    files = {path.name: path.read_text(encoding="utf-8") for path in NOTEBOOKS}
    with lab_server.running(tmp_path_factory.mktemp("lab"), files) as running:
        yield running


@pytest.fixture()
def shots(request):
    folder = Path(os.environ.get("CNNLIB_SHOTS", "/tmp/cnnlib-shots")) / request.node.callspec.id
    folder.mkdir(parents=True, exist_ok=True)
    return folder


STATE = """() => {
  const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
    .map((p) => p.textContent.trim());
  const errors = [...document.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],' +
      '.jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"]')]
    .map((e) => e.textContent).filter((t) => /Error|Traceback/.test(t));
  return {prompts, errors};
}"""


def _run_notebook(page, lab, name):
    lab_server.run_notebook(page, lab, name)
    return page.evaluate(STATE)


def _caption(scene):
    return scene.locator("svg text").last.text_content()


def _wait_for_change(page, scene, before, what):
    for _ in range(50):
        if scene.inner_html() != before:
            return
        page.wait_for_timeout(100)
    pytest.fail(f"the picture did not change after {what}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_and_explorers_react(lab, notebook, shots):
    page = lab["browser"].new_page(viewport={"width": 1280, "height": 900})
    page_errors = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    try:
        state = _run_notebook(page, lab, notebook.name)
        page.screenshot(path=shots / "notebook.png", full_page=True)
        assert not state["errors"], f"error output in {notebook.name}: {state['errors'][:2]}"

        scenes = page.locator(".cnnlib-scene")
        for i in range(scenes.count()):
            scene = scenes.nth(i)
            scene.scroll_into_view_if_needed()
            explorer = scene.locator("xpath=ancestor::div[contains(@class,'widget-vbox')][1]")
            explorer.screenshot(path=shots / f"explorer-{i}-step0.png")
            before, caption = scene.inner_html(), _caption(scene)
            assert caption.startswith("step 1/"), caption

            handle = explorer.locator(".widget-slider", has_text="step").locator(".noUi-handle")
            handle.focus()
            page.keyboard.press("ArrowRight")
            _wait_for_change(page, scene, before, "ArrowRight on the step slider")
            assert _caption(scene).startswith("step 2/")
            explorer.screenshot(path=shots / f"explorer-{i}-step1.png")

            before = scene.inner_html()
            explorer.locator(".widget-play button").first.click()     # Play
            _wait_for_change(page, scene, before, "clicking Play")
            explorer.locator(".widget-play button").first.click()     # and pause again

            before = scene.inner_html()
            # the first stride knob (the receptive-field explorer has one per layer)
            knob = explorer.locator(".widget-slider", has_text="stride").locator(".noUi-handle")
            knob.first.focus()
            page.keyboard.press("ArrowRight")                          # a round trip to Python
            _wait_for_change(page, scene, before, "turning the stride knob")
            explorer.screenshot(path=shots / f"explorer-{i}-stride.png")

        exported = page.locator(".cnnlib-animation")
        for i in range(exported.count()):
            animation = exported.nth(i)
            stage = animation.locator(".cnnlib-stage")
            before = stage.inner_html()
            animation.locator("[data-act=next]").click()
            assert stage.inner_html() != before, "the exported animation did not step"
            animation.screenshot(path=shots / f"animation-{i}.png")
        assert not page_errors, page_errors
    finally:
        page.close()
