"""The static site meets WCAG 2.1 AA where we can measure it: axe-core finds no violation of
the WCAG 2.0/2.1 A and AA rules on any page; every picture has a real text alternative; the
pages reflow at 320 px (and so at 1280 px and 200 % zoom); an animation works from the
keyboard, speaks its steps in a polite live region and never starts on its own.

Built from the stored notebooks, as `make site` does: a figure's alt text is what the
notebook stored when it was last executed (cnnlib.plot.describe)."""

import re
from pathlib import Path

import a11y
import build_site
import chromium
import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.a11y, pytest.mark.browser]
sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return out, sorted(build_site.build(out))


@pytest.fixture(scope="module")
def browser():
    chromium.require_or_skip("the accessibility test of the site")
    with sync_api.sync_playwright() as p:
        browser = chromium.launch(p)
        yield browser
        browser.close()


@pytest.fixture()
def page(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert not errors, f"the page's scripts failed: {errors}"


def found_on_each_page(site, page, look):
    """{page name: what look(page) found} for every page of the site where it found something."""
    out, pages = site
    found = {}
    for name in pages:
        page.goto((out / name).as_uri())
        result = look(page)
        if result:
            found[name] = result
    return found


def test_axe_finds_no_wcag_violation(site, page):
    found = found_on_each_page(site, page, a11y.axe_violations)
    assert not found, f"axe-core, WCAG 2.0/2.1 A and AA: {found}"


def test_every_picture_has_a_text_alternative(site, page):
    def first_three_unnamed(page):
        missing = a11y.unnamed_pictures(page)
        return missing[:3] + ([f"... {len(missing)} in all"] if len(missing) > 3 else [])

    found = found_on_each_page(site, page, first_three_unnamed)
    assert not found, ("pictures without a text alternative (a figure stored before "
                       f"cnnlib.plot.describe existed needs its notebook re-run): {found}")


@pytest.mark.parametrize("width", [320, 640])      # 640: a 1280 px screen at 200 % zoom
def test_pages_reflow_without_horizontal_scrolling(site, browser, width):
    def wider_than_the_screen(page):
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        return scroll if scroll > width + 1 else None

    page = browser.new_page(viewport={"width": width, "height": 720})
    wide = found_on_each_page(site, page, wider_than_the_screen)
    page.close()
    assert not wide, f"pages wider than {width} px (they scroll sideways): {wide}"


def _animation_page(out, pages):
    return next(n for n in pages if "cnnlib-animation" in (out / n).read_text(encoding="utf-8"))


def test_animation_keyboard_and_live_region(site, page):
    out, pages = site
    page.goto((out / _animation_page(out, pages)).as_uri())
    animation = page.locator(".cnnlib-animation").first
    assert animation.get_attribute("role") == "group"
    assert animation.get_attribute("aria-label").strip()
    caption = animation.locator(".cnnlib-caption")
    assert caption.get_attribute("aria-live") == "polite"
    first = caption.inner_text()
    assert first.startswith("step 1 of"), first

    page.wait_for_timeout(1500)                          # nothing starts on its own
    assert caption.inner_text() == first

    stage = animation.locator(".cnnlib-stage")
    for _ in range(300):                                 # Tab until the picture has focus
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('cnnlib-stage')"):
            break
    else:
        pytest.fail("Tab never reached the animation's picture")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    spoken = [first]
    for _ in range(2):
        page.keyboard.press("ArrowRight")
        spoken.append(caption.inner_text())
    assert [re.match(r"step (\d+) of", s).group(1) for s in spoken] == ["1", "2", "3"], spoken
    page.keyboard.press("End")
    last = caption.inner_text()
    page.keyboard.press("Home")
    assert caption.inner_text() == first and last != first
    assert stage.locator("svg").get_attribute("aria-label").strip()

    for button in animation.locator("button").all():     # every control has a name
        assert (button.get_attribute("aria-label") or button.inner_text()).strip()
    assert animation.locator("input[type=range]").get_attribute("aria-label")


def test_animation_play_has_a_pause(site, page):
    out, pages = site
    page.goto((out / _animation_page(out, pages)).as_uri())
    animation = page.locator(".cnnlib-animation").first
    play = animation.locator("[data-act=play]")
    play.click()
    assert "pause" in play.inner_text()
    assert animation.locator(".cnnlib-caption").get_attribute("aria-live") == "off"
    play.click()
    assert "play" in play.inner_text()
    assert animation.locator(".cnnlib-caption").get_attribute("aria-live") == "polite"


def test_readme_images_have_alt_text():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    images = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", readme)
    images += [(re.search(r'alt="([^"]*)"', tag).group(1) if "alt=" in tag else "", tag)
               for tag in re.findall(r"<img\s[^>]*>", readme)]
    assert images
    assert all(len(alt.split()) >= 3 for alt, _ in images), images
