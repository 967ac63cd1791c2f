"""A real JupyterLab in headless Chromium: run notebooks, move the explorers, look.

Runs every cell of each notebook with an explorer in JupyterLab, fails on any error output, then
for every explorer presses ArrowRight on its step slider, clicks Play, and turns a
knob, and checks that the picture changed. Screenshots go to $CNNLIB_SHOTS (default: a
temporary folder). Needs Debian's `chromium` and the `playwright` package; without
Chromium this test is skipped with a note (in CI, where `.ci/run` installs it, it fails).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import chromium
import pytest

ROOT = Path(__file__).resolve().parent.parent
# Every notebook that shows an explorer (nbval already runs the others, e.g. training).
NOTEBOOKS = [ROOT / "tests" / "explorers.ipynb",
             *sorted(p for p in (ROOT / "notebooks").glob("*.ipynb")
                     if "_explorer(" in p.read_text(encoding="utf-8"))]

playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
if chromium.PATH is None:
    message = chromium.missing("the browser test")
    if os.environ.get("CI"):
        raise RuntimeError(f"CI must run the browser test: {message}")
    pytest.skip(message, allow_module_level=True)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on a free port, rooted in a temporary copy of the notebooks (so the
    run never writes to the repository), with throw-away settings."""
    tmp = tmp_path_factory.mktemp("lab")
    root, settings = tmp / "root", tmp / "settings"
    root.mkdir()
    for path in NOTEBOOKS:
        shutil.copy(path, root / path.name)
    for plugin, values in {
        "notebook-extension/tracker": {"windowingMode": "none"},   # every cell in the DOM
        "docmanager-extension/plugin": {"autosave": False},
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), "cnnlib-browser-test"
    env = os.environ | {"JUPYTERLAB_SETTINGS_DIR": str(settings),
                        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
                        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
                        "IPYTHONDIR": str(tmp / "ipython"), "MPLBACKEND": ""}
    log = open(tmp / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={token}", "--allow-root",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=None"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.kill()
        pytest.fail("JupyterLab did not start:\n" + (tmp / "server.log").read_text()[-3000:])
    with playwright.sync_playwright() as p:
        browser = chromium.launch(p)
        yield dict(base=base, token=token, browser=browser)
        browser.close()
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()
    log.close()


@pytest.fixture()
def shots(request):
    folder = Path(os.environ.get("CNNLIB_SHOTS", "/tmp/cnnlib-shots")) / request.node.callspec.id
    folder.mkdir(parents=True, exist_ok=True)
    return folder


RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
}"""

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
    page.goto(f"{lab['base']}/lab/tree/{name}?token={lab['token']}&reset")
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext",
                           timeout=60_000)
    page.evaluate(RUN_ALL)
    page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
        ".map((e) => e.textContent.trim());"
        " return p.length && p.every((t) => /^\\[\\d+\\]:$/.test(t)); }", timeout=120_000)
    page.wait_for_timeout(1500)          # widget views render after the outputs arrive
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
            knob = explorer.locator(".widget-slider", has_text="stride").locator(".noUi-handle")
            knob.focus()
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
