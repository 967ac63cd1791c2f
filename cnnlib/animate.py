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
from .plot.scenes import SCENE_JS

_counter = itertools.count(1)

_PLAYER_JS = """
  const root = document.getElementById(ID);
  const stage = root.querySelector(".cnnlib-stage");
  const range = root.querySelector("input");
  const count = root.querySelector(".cnnlib-count");
  const play = root.querySelector("[data-act=play]");
  const last = Math.max(0, scene.steps.length - 1);
  let step = 0, timer = null;
  const show = (t) => {
    step = Math.min(Math.max(t, 0), last);
    range.value = step;
    count.textContent = `step ${step + 1}/${last + 1}`;
    cnnlibDrawScene(stage, scene, step);
  };
  const stop = () => { clearInterval(timer); timer = null; play.textContent = "▶ play"; };
  play.onclick = () => {
    if (timer) return stop();
    if (step === last) show(0);
    play.textContent = "❚❚ pause";
    timer = setInterval(() => (step === last ? stop() : show(step + 1)), INTERVAL);
  };
  root.querySelector("[data-act=prev]").onclick = () => { stop(); show(step - 1); };
  root.querySelector("[data-act=next]").onclick = () => { stop(); show(step + 1); };
  range.oninput = () => { stop(); show(Number(range.value)); };
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
        button = "font-size:15px;padding:2px 10px"
        script = (SCENE_JS + "\n(function () {\n  const ID = " + json.dumps(self.element_id)
                  + ";\n  const INTERVAL = " + str(self.interval_ms)
                  + ";\n  const scene = " + self._data + ";" + _PLAYER_JS + "})();")
        return (
            f'<div id="{self.element_id}" class="cnnlib-animation">\n'
            f'<div class="cnnlib-stage" aria-label="{html_lib.escape(self.scene["title"])}">'
            f"</div>\n"
            f'<div style="display:flex;gap:8px;align-items:center;font:15px sans-serif">'
            f'<button type="button" data-act="prev" style="{button}">◀</button>'
            f'<button type="button" data-act="play" style="{button}">▶ play</button>'
            f'<button type="button" data-act="next" style="{button}">▶|</button>'
            f'<input type="range" min="0" max="{max(0, steps - 1)}" value="0" '
            f'style="width:320px" aria-label="step">'
            f'<span class="cnnlib-count">step 1/{steps}</span></div>\n'
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
