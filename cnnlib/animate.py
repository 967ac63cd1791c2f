"""Scenes exported for places with no Python kernel: slides, GitHub, a static site.

    html(scene)            a self-contained HTML/JS animation (inline SVG renderer, no
                           network); displays in a notebook, plays in a static export
    save_html(scene, path) the same as a standalone page
    save_gif(scene, path)  every step as a GIF frame (matplotlib + Pillow)
    png(scene, step=0)     one step as a small PNG (bytes): the picture a notebook viewer
                           with no kernel shows in place of an explorer

A scene comes from `cnnlib.plot.scenes` (e.g. `scenes.conv_forward_scene(frames.
conv_forward(x, w))`) or from an explorer's `.scene`.
"""

import hashlib
import html as html_lib
import io
import itertools
import json

import matplotlib.pyplot as plt
from matplotlib.animation import FuncAnimation, PillowWriter

from .plot.grids import draw_scene
from .plot.scenes import GRID_TABLE_CSS, SCENE_JS

_counter = itertools.count(1)

# Scoped to the animation; the focus ring and the controls' reflow (WCAG 2.4.7, 1.4.10).
PLAYER_CSS = """
.cnnlib-animation { max-width: 100%; }
.cnnlib-animation :focus-visible { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.cnnlib-animation .cnnlib-stage { padding: 3px; }
.cnnlib-animation .cnnlib-caption { font: 15px/1.4 sans-serif; margin: 4px 0; min-height: 1.4em; }
.cnnlib-animation .cnnlib-controls { display: flex; flex-wrap: wrap; gap: 8px;
  align-items: center; font: 15px sans-serif; }
.cnnlib-animation button { font-size: 15px; padding: 2px 10px; }
.cnnlib-animation input[type=range] { width: 320px; max-width: 100%; }
"""

_PLAYER_JS = """
  const root = document.getElementById(ID);
  const stage = root.querySelector(".cnnlib-stage");
  const range = root.querySelector("input");
  const count = root.querySelector(".cnnlib-count");
  const caption = root.querySelector(".cnnlib-caption");
  const tables = root.querySelector(".cnnlib-tables");
  const play = root.querySelector("[data-act=play]");
  const showTables = root.querySelector("[data-act=tables]");
  const last = Math.max(0, scene.steps.length - 1);
  const spoken = (t) => cnnlibSpoken(scene, t);
  root.setAttribute("aria-label", `${root.getAttribute("aria-label")}. ${CNNLIB_KEYS_HELP}`);
  stage.title = CNNLIB_KEYS_HELP;
  let step = 0, timer = null;
  const show = (t) => {
    step = Math.min(Math.max(t, 0), last);
    range.value = step;
    range.setAttribute("aria-valuetext", `step ${step + 1} of ${last + 1}`);
    count.textContent = `step ${step + 1}/${last + 1}`;
    cnnlibDrawScene(stage, scene, step);
    caption.textContent = spoken(step);
    if (!tables.hidden) tables.replaceChildren(cnnlibTables(scene, step));
  };
  // While playing, the live region is quiet (a step every INTERVAL ms would flood a screen
  // reader); pausing speaks the step it stopped at.
  const stop = () => {
    if (!timer) return;
    clearInterval(timer);
    timer = null;
    play.querySelector(".cnnlib-label").textContent = "play";
    play.querySelector("[aria-hidden]").textContent = "▶";
    caption.setAttribute("aria-live", "polite");
    caption.textContent = spoken(step);
  };
  const toggle = () => {
    if (timer) return stop();
    if (step === last) show(0);
    play.querySelector(".cnnlib-label").textContent = "pause";
    play.querySelector("[aria-hidden]").textContent = "❚❚";
    caption.setAttribute("aria-live", "off");
    timer = setInterval(() => (step === last ? stop() : show(step + 1)), INTERVAL);
  };
  play.onclick = toggle;
  root.querySelector("[data-act=prev]").onclick = () => { stop(); show(step - 1); };
  root.querySelector("[data-act=next]").onclick = () => { stop(); show(step + 1); };
  range.oninput = () => { stop(); show(Number(range.value)); };
  showTables.onclick = () => {
    tables.hidden = !tables.hidden;
    showTables.setAttribute("aria-expanded", String(!tables.hidden));
    show(step);
  };
  stage.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key in CNNLIB_STEP_KEYS) { stop(); show(step + CNNLIB_STEP_KEYS[event.key]); }
    else if (event.key === "Home") { stop(); show(0); }
    else if (event.key === "End") { stop(); show(last); }
    else if (event.key === " " || event.key === "Enter") toggle();
    else return;
    event.preventDefault();
  });
  show(0);
"""


def _check_scene(scene):
    if not isinstance(scene, dict) or "panels" not in scene or "steps" not in scene:
        raise TypeError("scene must be a scene dict from cnnlib.plot.scenes (or an "
                        f"explorer's .scene); got {type(scene).__name__}")
    return scene


class HTMLAnimation:
    """An animation that displays itself in a notebook (text/html) and plays with no
    kernel. str(animation) is the HTML fragment."""

    def __init__(self, scene, interval_ms=900):
        self.scene = _check_scene(scene)
        self.interval_ms = int(interval_ms)
        data = json.dumps(scene, separators=(",", ":"), sort_keys=True)
        digest = hashlib.sha1(data.encode()).hexdigest()[:10]
        # Deterministic id (stored notebook outputs must not change between runs).
        self.element_id = f"cnnlib-anim-{digest}-{next(_counter)}"
        self._data = data.replace("</", "<\\/")

    def __str__(self):
        steps = len(self.scene["steps"])
        title = html_lib.escape(" ".join(self.scene["title"].split()))
        # The renderer goes inside the function too: two animations on one page must not
        # declare its top-level names twice.
        script = ("(function () {\n" + SCENE_JS + "\n  const ID = " + json.dumps(self.element_id)
                  + ";\n  const INTERVAL = " + str(self.interval_ms)
                  + ";\n  const scene = " + self._data + ";" + _PLAYER_JS + "})();")
        first = html_lib.escape(" ".join(self.scene["steps"][0]["caption"].split())
                                if steps else "")
        return (
            f'<div id="{self.element_id}" class="cnnlib-animation" role="group" '
            f'aria-roledescription="animation" aria-label="{title}">\n'
            f"<style>{PLAYER_CSS}{GRID_TABLE_CSS}</style>\n"
            f'<div class="cnnlib-stage" tabindex="0"></div>\n'
            f'<p class="cnnlib-caption" aria-live="polite">{first}</p>\n'
            f'<div class="cnnlib-controls">'
            f'<button type="button" data-act="prev" aria-label="previous step">◀</button>'
            f'<button type="button" data-act="play"><span aria-hidden="true">▶</span> '
            f'<span class="cnnlib-label">play</span></button>'
            f'<button type="button" data-act="next" aria-label="next step">▶|</button>'
            f'<input type="range" min="0" max="{max(0, steps - 1)}" value="0" '
            f'aria-label="step" aria-valuetext="step 1 of {steps}">'
            f'<span class="cnnlib-count">step 1/{steps}</span>'
            f'<button type="button" data-act="tables" aria-expanded="false">'
            f"numbers as tables</button></div>\n"
            f'<div class="cnnlib-tables" hidden></div>\n'
            f"<script>\n{script}\n</script>\n</div>"
        )

    def _repr_html_(self):
        return str(self)

    def __repr__(self):
        return f"<animation: {self.scene['title']} ({len(self.scene['steps'])} steps)>"


def html(scene, interval_ms=900):
    """The scene as a self-contained HTML/JS animation (play, step, scrub)."""
    return HTMLAnimation(scene, interval_ms)


def save_html(scene, path, interval_ms=900):
    """Write the animation as a standalone, offline HTML page."""
    page = ("<!doctype html>\n<html><head><meta charset='utf-8'>"
            f"<title>{html_lib.escape(_check_scene(scene)['title'])}</title></head>\n"
            f"<body style='margin:16px'>\n{html(scene, interval_ms)}\n</body></html>\n")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(page)
    return path


def save_gif(scene, path, interval_ms=900, dpi=72):
    """Write every step of the scene as one GIF frame; returns the number of frames."""
    steps = len(_check_scene(scene)["steps"])
    fig = draw_scene(scene, 0)
    try:
        animation = FuncAnimation(fig, lambda t: draw_scene(scene, t, fig), frames=steps,
                                  init_func=lambda: (),     # frame 0 is drawn already
                                  interval=interval_ms, repeat=False)
        animation.save(path, writer=PillowWriter(fps=1000 / interval_ms), dpi=dpi)
    finally:
        plt.close(fig)
    return steps


def png(scene, step=0, dpi=80, colours=64):
    """Step `step` of the scene as PNG bytes, kept small (a few tens of KB) for storing in
    a notebook: a modest dpi and a palette of `colours` (the cells use few colours)."""
    from PIL import Image

    fig = draw_scene(_check_scene(scene), step)
    try:
        raw = io.BytesIO()
        fig.savefig(raw, format="png", dpi=dpi, facecolor="white")
    finally:
        plt.close(fig)
    image = Image.open(raw).convert("RGB").quantize(colours, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    image.save(out, format="png", optimize=True)
    return out.getvalue()
