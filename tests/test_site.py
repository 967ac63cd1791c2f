"""The static course site: every notebook has a page, nothing failed, nothing is
fetched from the network, and an animation plays with no kernel."""

import re
from pathlib import Path

import chromium
import pytest

ROOT = Path(__file__).resolve().parent.parent
REMOTE = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//|url\(\s*["']?(https?:)?//|"""
                    r"""import\s*\(?\s*["']https?:""", re.IGNORECASE)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import build_site  # tools/ is on pytest's pythonpath (pyproject.toml)

    out = tmp_path_factory.mktemp("site")
    return out, build_site.build(out)


def test_every_notebook_has_a_page(site):
    out, pages = site
    for notebook in (ROOT / "notebooks").glob("*.ipynb"):
        assert (out / f"{notebook.stem}.html").exists()
    index = (out / "index.html").read_text()
    assert all(name in index for name in pages if name != "index.html")


def test_no_errors_and_no_remote_requests(site):
    out, pages = site
    for name in pages:
        text = (out / name).read_text()
        assert "Traceback (most recent call last)" not in text, name
        assert "application/vnd.jupyter.stderr" not in text, name
        assert not REMOTE.search(text), f"{name} fetches {REMOTE.search(text).group(0)}"
        assert "widget-view+json" not in text, f"{name} still holds a live widget"


def test_animation_plays_without_a_kernel(site):
    sync_api = pytest.importorskip("playwright.sync_api")
    chromium.require_or_skip("the site's animation test")
    out, pages = site
    page_name = next(n for n in pages if "cnnlib-animation" in (out / n).read_text())
    with sync_api.sync_playwright() as p:
        browser = chromium.launch(p)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        requests = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto((out / page_name).as_uri())
        animation = page.locator(".cnnlib-animation").first
        stage = animation.locator(".cnnlib-stage")
        first = stage.inner_html()
        animation.locator("[data-act=next]").click()
        assert stage.inner_html() != first
        assert animation.locator(".cnnlib-count").inner_text().startswith("step 2/")
        browser.close()
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
