"""A notebook with figures and an explorer, run in a real JupyterLab in headless Chromium:
axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules in our own content (the
outputs and the rendered Markdown), and every picture there has a text alternative.

JupyterLab's own interface (menus, toolbars, side panels) is JupyterLab's: what axe finds
there is printed (pytest -s) for the README's "known limits", not asserted."""

from pathlib import Path

import a11y
import chromium
import lab_server
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "03_pooling.ipynb"       # figures and an explorer
OURS = [".jp-OutputArea-output", ".jp-MarkdownOutput"]

pytestmark = [pytest.mark.a11y, pytest.mark.browser]
pytest.importorskip("playwright.sync_api", reason="pip install playwright")
chromium.require_or_skip("the accessibility test in JupyterLab")


@pytest.fixture(scope="module")
def notebook_page(tmp_path_factory):
    files = {NOTEBOOK.name: NOTEBOOK.read_text(encoding="utf-8")}
    with lab_server.running(tmp_path_factory.mktemp("lab"), files) as lab:
        page = lab["browser"].new_page(viewport={"width": 1280, "height": 720})
        lab_server.run_notebook(page, lab, NOTEBOOK.name)
        page.wait_for_selector(".cnnlib-scene svg", timeout=30_000)
        yield page
        page.close()


def test_axe_finds_nothing_in_our_content(notebook_page):
    everywhere = a11y.axe_violations(notebook_page)
    print(f"\naxe in all of JupyterLab ({NOTEBOOK.name} run): {len(everywhere)} rules violated")
    for violation in everywhere:
        print("  ", violation)
    ours = a11y.axe_violations(notebook_page, include=OURS)
    assert not ours, f"axe-core, WCAG 2.0/2.1 A and AA, in our outputs and Markdown: {ours}"


def test_every_picture_we_draw_has_a_text_alternative(notebook_page):
    assert notebook_page.locator(".jp-OutputArea-output img").count() >= 3
    missing = a11y.unnamed_pictures(notebook_page, ".jp-OutputArea")
    assert not missing, f"pictures in the outputs without a text alternative: {missing}"
    scene = notebook_page.locator(".cnnlib-scene").first
    assert (scene.get_attribute("aria-label") or "").strip(), "the explorer has no name"
