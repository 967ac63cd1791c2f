"""A real JupyterLab for the browser tests: started on a free port in a temporary root
(so a run never writes to the repository), with throw-away settings, and stopped again;
and how to open a notebook in it and run every cell."""

import contextlib
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import chromium

COURSE_SETTINGS = Path(__file__).resolve().parent.parent / "lab-settings"   # as `make lab`
SETTINGS = {
    "notebook-extension/tracker": {"windowingMode": "none"},   # every cell in the DOM
    "docmanager-extension/plugin": {"autosave": False},
    "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(tmp, files, settings=None):
    """JupyterLab serving copies of `files` ({name: text}) from tmp/root, with Chromium:
    yields dict(base, token, browser)."""
    root, folder = tmp / "root", tmp / "settings"
    root.mkdir()
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    for plugin, values in (SETTINGS | (settings or {})).items():
        path = folder / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port, token = _free_port(), "cnnlib-browser-test"
    env = os.environ | {"JUPYTERLAB_SETTINGS_DIR": str(folder),
                        "JUPYTERLAB_WORKSPACES_DIR": str(tmp / "workspaces"),
                        "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
                        "IPYTHONDIR": str(tmp / "ipython"), "MPLBACKEND": ""}
    log = open(tmp / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={port}",
         "--ip=127.0.0.1", f"--IdentityProvider.token={token}", "--allow-root",
         f"--ServerApp.root_dir={root}", "--LabApp.expose_app_in_browser=True",
         "--LabApp.news_url=None", f"--LabApp.app_settings_dir={COURSE_SETTINGS}"],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("JupyterLab did not start:\n"
                                       + (tmp / "server.log").read_text()[-3000:]) from None
                time.sleep(0.5)
        from playwright.sync_api import sync_playwright
        with sync_playwright() as p:
            browser = chromium.launch(p)
            yield dict(base=base, token=token, browser=browser)
            browser.close()
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


RUN_ALL = """async () => {
  const app = window.jupyterapp;
  const panel = app.shell.currentWidget;
  await panel.sessionContext.ready;
  await app.commands.execute('notebook:run-all-cells');
}"""


def run_notebook(page, lab, name):
    """Open notebook `name` and run every cell; returns when all have run."""
    page.goto(f"{lab['base']}/lab/tree/{name}?token={lab['token']}&reset")
    page.wait_for_selector(".jp-Notebook .jp-CodeCell", timeout=60_000)
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget"
                           " && window.jupyterapp.shell.currentWidget.sessionContext",
                           timeout=60_000)
    page.evaluate(RUN_ALL)
    # A collapsed cell (the imports) shows an empty prompt: only the others say "[n]:".
    page.wait_for_function(
        "() => { const p = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]"
        ".map((e) => e.textContent.trim()).filter((t) => t !== '');"
        " return p.length && p.every((t) => /^\\[\\d+\\]:$/.test(t)); }", timeout=180_000)
    page.wait_for_timeout(1500)          # widget views render after the outputs arrive
