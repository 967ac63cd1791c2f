"""How quick do the explorers feel? Knob latency (Python rebuild) and step latency
(drawing one step in the browser), measured, not asserted.

    python bench/bench_widgets.py          (make bench runs it)

Knob: the time from a knob's new value to the new scene being ready to send (frames ->
scene -> traitlet). Step: the time the browser takes to draw one step of an exported
animation in headless Chromium (the same renderer the widget uses); skipped when
Chromium or playwright is missing.
"""

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from cnnlib import animate, widgets

KNOB_GOAL_MS, STEP_GOAL_MS = 200, 16


def knob_latency():
    """Median and worst rebuild time over a sweep of knob values, per explorer."""
    cases = {
        "conv_explorer": (widgets.conv_explorer, [("n", v) for v in (5, 7, 9)]
                          + [("padding", v) for v in (0, 1, 2, 3)] + [("k", 5), ("stride", 2)]),
        "conv_backprop_explorer": (widgets.conv_backprop_explorer,
                                   [("n", 8), ("k", 3), ("padding", 2), ("view", "gather"),
                                    ("stride", 2), ("dims", 1)]),
        "pool_explorer": (widgets.pool_explorer, [("n", 8), ("size", 3), ("stride", 1),
                                                  ("kind", "avg")]),
        "pool_backprop_explorer": (widgets.pool_backprop_explorer,
                                   [("n", 8), ("size", 3), ("stride", 1), ("kind", "avg")]),
    }
    rows = []
    for name, (make, changes) in cases.items():
        explorer = make()
        times = []
        for knob, value in changes:
            start = time.perf_counter()
            explorer.knobs[knob].value = value
            times.append((time.perf_counter() - start) * 1e3)
        rows.append((name, statistics.median(times), max(times), explorer.steps))
    return rows


def step_latency(scene, repeats=3):
    """Milliseconds per drawn step in Chromium, clicking 'next' through every step."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")   # as the tests
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        page_path = animate.save_html(scene, Path(tmp) / "a.html")
        browser = p.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        page.goto(page_path.as_uri())
        steps = len(scene["steps"])
        per_step = []
        for _ in range(repeats):
            per_step.append(page.evaluate("""(steps) => {
                const next = document.querySelector('[data-act=next]');
                const stage = document.querySelector('.cnnlib-stage');
                const input = document.querySelector('input');
                input.value = 0; input.dispatchEvent(new Event('input'));
                const t0 = performance.now();
                for (let i = 1; i < steps; i++) { next.click(); stage.getBoundingClientRect(); }
                return (performance.now() - t0) / (steps - 1);
            }""", steps))
        browser.close()
    return statistics.median(per_step)


def main():
    print("knob latency (Python: frames -> scene -> widget), goal <= "
          f"{KNOB_GOAL_MS} ms")
    print(f"  {'explorer':<24} {'median ms':>10} {'worst ms':>9} {'steps':>6}")
    for name, median, worst, steps in knob_latency():
        print(f"  {name:<24} {median:>10.1f} {worst:>9.1f} {steps:>6}")
    print(f"step latency (browser: draw one step, layout included), goal <= {STEP_GOAL_MS} ms")
    for label, scene in [("conv 5x5, k3", widgets.conv_explorer().scene),
                         ("conv 9x9, k3, padding 2", widgets.conv_explorer(n=9, padding=2).scene),
                         ("conv backprop 8x8 gather", widgets.conv_backprop_explorer(
                             n=8, k=3, view="gather").scene)]:
        ms = step_latency(scene)
        print(f"  {label:<28} " + ("skipped (no chromium/playwright)" if ms is None
                                    else f"{ms:.2f} ms/step ({len(scene['steps'])} steps)"))


if __name__ == "__main__":
    main()
