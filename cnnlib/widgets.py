"""Live explorers for JupyterLab: step through a conv or pool, forward or backward.

Every explorer precomputes all steps of its scene in Python (`cnnlib.frames` ->
`cnnlib.plot.scenes`) and sends them to the browser once; Play and the step slider are
linked to the drawing in the browser (`jslink`), so stepping never waits for Python.
Turning a knob (sizes, padding, stride, dilation, max/avg, 1-D/2-D) rebuilds the scene.

    conv_explorer()            the kernel sliding over the input
    pool_explorer()            the pooling window
    conv_backprop_explorer()   which dy feeds which dx, dw, db (scatter and gather views)
    pool_backprop_explorer()   where the pooling gradient goes
"""

import html
import json

import anywidget
import ipywidgets as W
import numpy as np
import traitlets

from . import frames as fr
from .plot import scenes
from .plot.scenes import GRID_TABLE_CSS, SCENE_JS

RECIPE_KEY = "cnnlib/explorer"      # output metadata: {"name": factory, "args": {...}}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"   # a widget's mimetype in a notebook


def _recipe(name, **args):
    """The factory and its arguments, JSON-ready (arrays as nested lists)."""
    return {"name": name, "args": {k: v.tolist() if isinstance(v, np.ndarray) else v
                                   for k, v in args.items()}}


def rebuild(recipe):
    """The explorer a recipe describes (e.g. from a stored notebook output's metadata)."""
    args = {k: np.asarray(v, dtype=float) if k in ("x", "w", "dy") and v is not None else v
            for k, v in recipe["args"].items()}
    return globals()[recipe["name"]](**args)


class SceneView(anywidget.AnyWidget):
    """Draws step `step` (counted from 1, as the slider shows it) of `scene` as SVG in the
    browser, with the renderer in static/scene.js.

    It is also the explorer's keyboard and screen-reader face: focusable, it steps with
    ←/→ and PageUp/PageDown (what a presenter's clicker sends), Home/End, and Space plays
    and pauses; each step's caption, arithmetic included, goes to a polite live region; and
    a button shows the grids as tables. The keys work anywhere in the explorer once it is
    clicked or focused, but for the arrows on a knob, which turn that knob.
    """

    _esm = SCENE_JS + """
const ICONS = {"fa-play": "play", "fa-pause": "pause", "fa-stop": "stop", "fa-retweet": "repeat",
               "fa-repeat": "repeat"};
// ipywidgets draws a slider's handle and the Play buttons without an accessible name: give
// each the name its label or icon shows (again whenever ipywidgets redraws them).
function nameControls(box) {
  for (const slider of box.querySelectorAll(".widget-slider")) {
    const label = slider.querySelector(".widget-label");
    const handle = slider.querySelector(".noUi-handle");
    if (label && handle && handle.getAttribute("aria-label") !== label.textContent)
      handle.setAttribute("aria-label", label.textContent);
  }
  for (const button of box.querySelectorAll(".widget-play button")) {
    const icon = [...button.querySelectorAll("i")].flatMap((i) => [...i.classList])
      .find((c) => c in ICONS);
    if (icon && button.getAttribute("aria-label") !== ICONS[icon])
      button.setAttribute("aria-label", ICONS[icon]);
  }
}
export default {
  render({ model, el }) {
    el.classList.add("cnnlib-scene");
    el.tabIndex = 0;
    el.title = "Click, then: ← → or PgUp PgDn step, Home/End, Space plays";
    el.setAttribute("role", "group");
    el.setAttribute("aria-roledescription", "explorer");
    el.dataset.lmSuppressShortcuts = "true";        // JupyterLab: these keys are ours here
    const stage = document.createElement("div");
    const live = document.createElement("div");
    live.className = "cnnlib-live";
    live.setAttribute("aria-live", "polite");
    const tables = document.createElement("div");
    tables.className = "cnnlib-tables";
    tables.hidden = true;
    el.replaceChildren(stage, live, tables);
    let scene = null;                      // parsed once per scene, not once per step
    const count = () => Math.max(1, scene ? scene.steps.length : 1);
    const current = () => Math.min(Math.max(model.get("step"), 1), count());
    const draw = () => {
      if (!scene) return;
      const step = current() - 1;
      cnnlibDrawScene(stage, scene, step);
      live.textContent = cnnlibSpoken(scene, step);
      if (!tables.hidden) tables.replaceChildren(cnnlibTables(scene, step));
    };
    const load = () => {
      const text = model.get("scene_json");
      scene = text ? JSON.parse(text) : null;
      if (scene) {
        el.setAttribute("aria-label", `${scene.title.replace(/\\n/g, " ")}. ${CNNLIB_KEYS_HELP}`);
      }
      draw();
    };
    const go = (step) => {
      model.set("step", Math.min(Math.max(step, 1), count()));
      model.save_changes();
    };
    const showTables = () => {
      tables.hidden = !model.get("tables");
      draw();
    };
    model.on("change:tables", showTables);
    const onKey = (event) => {
      if (event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      const onScene = target === el;
      const onKnob = !onScene && target.closest && target.closest(".widget-slider, select, input");
      const onStep = onKnob && target.closest(".cnnlib-step");
      const by = CNNLIB_STEP_KEYS[event.key];
      if (by && (onScene || onStep || !event.key.startsWith("Arrow"))) {
        go(current() + by);
      } else if ((event.key === "Home" || event.key === "End") && (onScene || onStep)) {
        go(event.key === "Home" ? 1 : count());
      } else if (event.key === " " && !(target.closest && target.closest("button,select,input"))) {
        model.set("playing", !model.get("playing"));
        model.save_changes();
      } else {
        return;
      }
      event.preventDefault();                 // no page scroll on Space or PageDown
      event.stopPropagation();
    };
    // The whole explorer listens (once it is on the page): a click on Play or on the
    // picture leaves the focus inside it, and the clicker's keys still step.
    const attach = () => {
      const box = el.closest(".cnnlib-explorer") || el;
      box.addEventListener("keydown", onKey, true);
      box.dataset.lmSuppressShortcuts = "true";
      nameControls(box);
      // Watch the control rows only: the picture redraws at every step and needs no names.
      const watch = new MutationObserver(() => nameControls(box));
      watch.observe(box, {childList: true});
      for (const row of box.children) {
        if (!row.contains(el)) watch.observe(row, {childList: true, subtree: true});
      }
      return () => {
        box.removeEventListener("keydown", onKey, true);
        watch.disconnect();
      };
    };
    let detach = null;
    // ipywidgets puts the picture into the explorer's box a few frames after rendering it
    const tryAttach = (frames) => {
      if (el.closest(".cnnlib-explorer") || frames > 120) detach = attach();
      else requestAnimationFrame(() => tryAttach(frames + 1));
    };
    tryAttach(0);
    model.on("change:scene_json", load);
    model.on("change:step", draw);
    load();
    showTables();
    return () => detach && detach();
  },
};
"""
    _css = """
.cnnlib-explorer .widget-label, .cnnlib-explorer .widget-readout,
.cnnlib-explorer select, .cnnlib-explorer .widget-html-content, .cnnlib-explorer button {
  font-size: 15px !important; }
.cnnlib-explorer .widget-html-content { line-height: 1.4; }
.cnnlib-scene:focus-visible, .cnnlib-explorer :focus-visible {
  outline: 3px solid #1a5fb4; outline-offset: 2px; }
.cnnlib-scene { padding: 3px; }
.cnnlib-live { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; }
""" + GRID_TABLE_CSS
    # JSON text rather than a Dict: ipywidgets would walk every nested list looking for
    # binary buffers, which costs more than building the scene.
    scene_json = traitlets.Unicode("").tag(sync=True)
    step = traitlets.Int(1).tag(sync=True)
    playing = traitlets.Bool(False).tag(sync=True)     # linked to the Play button
    tables = traitlets.Bool(False).tag(sync=True)      # the grids as tables, under the picture


# ---- default examples (small integers, as on the slides) ------------------------------


def example_input(shape, seed=478, low=-2, high=3):
    """Small integers in low..high: the top-left corner of one fixed 12x12 array per seed,
    so a bigger input keeps the numbers of the smaller one (1-D: its first row). The
    first 9x9 are drawn first, so they stay what they were when 9 was the limit."""
    if any(n > 12 for n in shape):
        raise ValueError(f"example_input: at most 12 cells per axis; got shape {shape}")
    rng = np.random.default_rng(seed)
    square = np.zeros((12, 12))
    square[:9, :9] = rng.integers(low, high + 1, size=(9, 9))
    rest = rng.integers(low, high + 1, size=(12, 12))
    square[9:, :] = rest[9:, :]
    square[:9, 9:] = rest[:9, 9:]
    return square[0, :shape[0]] if len(shape) == 1 else square[:shape[0], :shape[1]]


def pool_input(shape):
    """0..9, as after a ReLU; in the default 4x4 the four 2x2 windows have four different
    maxima, each once, so the pooled map shows which cell won where."""
    return example_input(shape, seed=22, low=0, high=9)


def edge_kernel(k, ndim=2):
    """A horizontal-edge detector of size k: +1 rows above the middle, -1 rows below
    (in 1-D: +1 then -1, a step detector). k = 1 gives [1]."""
    if k == 1:
        return np.ones((1,) * ndim)
    column = np.sign((k - 1) / 2 - np.arange(k))
    return column if ndim == 1 else np.repeat(column[:, None], k, axis=1)


def _shape(n, ndim):
    return (n,) if ndim == 1 else (n, n)


# ---- the explorer frame ---------------------------------------------------------------


def _in_range(description, value, low, high):
    """A knob's starting value: an int in low..high, refused (not clamped) otherwise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{description} must be an int; got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{description} must be in {low}..{high} in this explorer; "
                         f"got {value}")


KNOB_WIDTH = "185px"     # four knobs a row in the 800 px JupyterLab leaves at 1280x720


def _slider(description, value, low, high):
    """An integer knob."""
    _in_range(description, value, low, high)
    return W.IntSlider(value=value, min=low, max=high, description=description,
                       continuous_update=False, style={"description_width": "initial"},
                       layout=W.Layout(width=KNOB_WIDTH))


def _dropdown(description, value, options):
    return W.Dropdown(value=value, options=options, description=description,
                      style={"description_width": "initial"}, layout=W.Layout(width=KNOB_WIDTH))


class Explorer:
    """Knobs + Play/step controls + the drawing. `build(**knob values) -> scene` makes the
    scene; a knob change rebuilds it, and any error shows in the status line."""

    def __init__(self, name, knobs, build, recipe=None):
        self.name = name
        self.recipe = recipe
        self.knobs = knobs
        self._build = build
        self.view = SceneView()
        self.play = W.Play(value=1, min=1, max=1, interval=900, description="play",
                           show_repeat=False)
        self.slider = W.IntSlider(value=1, min=1, max=1, description="step",
                                  layout=W.Layout(width="230px"))
        self.slider.add_class("cnnlib-step")
        W.jslink((self.play, "value"), (self.slider, "value"))
        W.jslink((self.slider, "value"), (self.view, "step"))
        W.jslink((self.play, "playing"), (self.view, "playing"))    # Space plays and pauses
        self.tables = W.ToggleButton(value=False, description="numbers as tables",
                                     tooltip="show the grids of this step as tables",
                                     layout=W.Layout(width="auto"))
        W.jslink((self.tables, "value"), (self.view, "tables"))
        self.status = W.HTML(layout=W.Layout(margin="0 0 0 12px"))
        self.error = None
        for knob in knobs.values():
            knob.observe(self._on_knob, names="value")
        self.rebuild(raise_errors=True)
        wrap = W.Layout(flex_flow="row wrap")
        self.widget = W.VBox([W.HBox(list(knobs.values()), layout=wrap),
                              W.HBox([self.play, self.slider, self.tables, self.status],
                                     layout=wrap),
                              self.view])
        self.widget.add_class("cnnlib-explorer")

    @property
    def values(self):
        return {key: knob.value for key, knob in self.knobs.items()}

    @property
    def scene(self):
        """The scene on show (plain data: panels and steps)."""
        return self._scene

    @property
    def steps(self):
        return len(self._scene["steps"])

    def rebuild(self, raise_errors=False):
        """Recompute the scene from the knobs; on a bad combination keep the last picture
        and say why in the status line."""
        try:
            scene = scenes.fitting(self._build(**self.values))
        except (ValueError, TypeError) as error:
            if raise_errors:
                raise
            self.error = str(error)
            self.status.value = (f"<span style='color:#c5221f'>⚠ {html.escape(str(error))}"
                                 f"</span>")
            return
        self.error = None
        self.play.playing = False
        self._scene = scene
        steps = max(1, len(scene["steps"]))
        step = self.slider.value if self.slider.value <= steps else 1   # keep it if it exists
        self.play.max = self.slider.max = steps
        self.play.value = self.slider.value = self.view.step = step
        self.view.scene_json = json.dumps(scene, separators=(",", ":"))
        note = f"<i>{html.escape(scene['note'])}</i>" if "note" in scene else ""
        self.status.value = note

    def _on_knob(self, change):
        try:
            self.rebuild()
        except Exception as error:   # never let a callback fail silently
            self.status.value = (f"<span style='color:#c5221f'>⚠ {type(error).__name__}: "
                                 f"{html.escape(str(error))}</span>")
            raise

    def show_step(self, step):
        """Move to `step`, counted from 1 (what Play and the slider do in the browser)."""
        self.slider.value = self.view.step = step

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{self.name} ({self.steps} steps; press play or move 'step')"
        # How to make this explorer again: a static export (make site) turns it into a
        # kernel-less animation. nbval does not compare metadata.
        return bundle, {RECIPE_KEY: self.recipe} if self.recipe else {}


def _dims_knob(ndim):
    if ndim not in (1, 2):
        raise ValueError(f"dims must be 1 or 2; got {ndim!r}")
    return _dropdown("dims", ndim, [("1-D", 1), ("2-D", 2)])


def _conv_knobs(x, w, n, k, stride, padding, dilation, dims, largest):
    """Knobs of a conv explorer; sizes only for the arrays the caller did not give.
    largest: the top of each slider's range, {knob: int}."""
    knobs = {} if x is not None else {"n": _slider("input size", n, 2, largest["n"])}
    if w is None:
        knobs["k"] = _slider("kernel size", k, 1, largest["k"])
    knobs |= {"padding": _slider("padding", padding, 0, largest["padding"]),
              "stride": _slider("stride", stride, 1, 3),
              "dilation": _slider("dilation", dilation, 1, largest["dilation"])}
    if x is None and w is None:
        knobs["dims"] = _dims_knob(dims)
    return knobs


def _pool_knobs(x, kind, n, size, stride, dims):
    """Knobs of a pool explorer: max/avg, sizes, stride ("= window" is stride None)."""
    if kind not in ("max", "avg"):
        raise ValueError(f"kind must be 'max' or 'avg'; got {kind!r}")
    knobs = {"kind": _dropdown("pooling", kind, [("max", "max"), ("average", "avg")])}
    if x is None:
        knobs["n"] = _slider("input size", n, 2, 8)
    if stride is not None:
        _in_range("stride", stride, 1, 4)
    strides = [("= window", 0)] + [(str(s), s) for s in range(1, 5)]
    knobs |= {"size": _slider("window", size, 1, 4),
              "stride": W.SelectionSlider(options=strides, value=stride or 0,
                                          description="stride", layout=W.Layout(width="210px"),
                                          style={"description_width": "initial"})}
    if x is None:
        knobs["dims"] = _dims_knob(dims)
    return knobs


def _upstream(dy, out_shape, seed):
    """The caller's dy wherever it still fits the output, small integers in the cells it
    does not reach, and a note that says which is which."""
    out_shape = tuple(out_shape)
    made_up = example_input(out_shape, seed=seed)
    if dy is None:
        return made_up, {}
    dy = np.asarray(dy, dtype=float)
    if dy.shape == out_shape:
        return dy, {}
    if dy.ndim != len(out_shape):
        return made_up, {"note": f"your dy {dy.shape} cannot fit this output {out_shape}: "
                                 f"showing a dy of small integers"}
    kept = tuple(slice(0, min(a, b)) for a, b in zip(dy.shape, out_shape))
    made_up[kept] = dy[kept]
    size = "x".join(str(min(a, b)) for a, b in zip(dy.shape, out_shape))
    part = f"top-left {size}" if dy.ndim == 2 else f"first {size}"
    extra = made_up.size - made_up[kept].size
    rest = f"; the other {extra} cells are made-up small integers" if extra else ""
    return made_up, {"note": f"this output is {out_shape}, your dy {dy.shape}: showing the "
                             f"{part} of your dy{rest}"}


# ---- the four explorers ---------------------------------------------------------------


def conv_explorer(x=None, w=None, b=0.0, n=5, k=3, stride=1, padding=0, dilation=1, dims=2):
    """Watch the kernel slide: the window on the (padded) input, the products, the sum.

    Defaults: a 5x5 input of small integers and a 3x3 horizontal-edge kernel. Pass x
    ((L,) or (H, W)) and/or w to use your own arrays (their sizes are then fixed).
    Knobs: input size, kernel size, padding, stride, dilation, 1-D/2-D.
    """
    knobs = _conv_knobs(x, w, n, k, stride, padding, dilation, dims,
                        largest=dict(n=9, k=5, padding=3, dilation=3))

    def build(n=None, k=None, padding=0, stride=1, dilation=1, dims=2):
        xs = x if x is not None else example_input(_shape(n, dims))
        ws = w if w is not None else edge_kernel(k, np.ndim(xs))
        return scenes.conv_forward_scene(fr.conv_forward(xs, ws, b, stride, padding, dilation))

    return Explorer("convolution explorer", knobs, build, _recipe(
        "conv_explorer", x=x, w=w, b=b, n=n, k=k, stride=stride, padding=padding,
        dilation=dilation, dims=dims))


def conv_backprop_explorer(x=None, w=None, dy=None, n=4, k=2, stride=1, padding=0,
                           dilation=1, dims=2, view="scatter"):
    """Watch the gradients flow back through a convolution.

    view "scatter": step through dy; each dy cell sends dy·w to dx's window, dy·x to dw,
    dy to db. view "gather": step through dx; each dx cell is a window of the
    zero-padded (and stride-spread) dy times the kernel rotated by 180 degrees.
    Defaults: the slide's 4x4 input and 2x2 kernel; dy of small integers.
    """
    knobs = {"view": _dropdown("view", scenes.check_view(view), [("scatter (by dy)", "scatter"),
                                               ("gather (by dx)", "gather")])}
    knobs |= _conv_knobs(x, w, n, k, stride, padding, dilation, dims,
                         largest=dict(n=8, k=4, padding=2, dilation=2))

    def build(view="scatter", n=None, k=None, padding=0, stride=1, dilation=1, dims=2):
        xs = x if x is not None else example_input(_shape(n, dims))
        ws = w if w is not None else example_input(_shape(k, np.ndim(xs)), seed=2)
        out_shape = fr.conv_geometry(xs, ws, stride, padding, dilation).out_shape
        dys, note = _upstream(dy, out_shape, seed=3)
        back = fr.conv_backward(xs, ws, dys, stride, padding, dilation)
        scene = scenes.conv_backward_scene(back, view)
        return scene | note

    return Explorer("convolution backprop explorer", knobs, build, _recipe(
        "conv_backprop_explorer", x=x, w=w, dy=dy, n=n, k=k, stride=stride, padding=padding,
        dilation=dilation, dims=dims, view=view))


def pool_explorer(x=None, size=2, stride=None, kind="max", n=4, dims=2):
    """Watch the pooling window: which cells it reads, the winner (max) or the mean.

    Defaults: a 4x4 input of small integers, 2x2 max pooling. Knobs: max/average,
    input size, window size, stride (None, "= window" on the knob: the window size), 1-D/2-D.
    """
    knobs = _pool_knobs(x, kind, n, size, stride, dims)

    def build(kind="max", n=None, size=2, stride=0, dims=2):
        xs = x if x is not None else pool_input(_shape(n, dims))
        return scenes.pool_forward_scene(fr.pool_forward(xs, size, stride or None, kind))

    return Explorer("pooling explorer", knobs, build, _recipe(
        "pool_explorer", x=x, size=size, stride=stride, kind=kind, n=n, dims=dims))


def pool_backprop_explorer(x=None, dy=None, size=2, stride=None, kind="max", n=4, dims=2):
    """Watch the pooling gradient: max sends each dy to its window's winner only;
    average shares it equally, dy / (window size). Knobs as in pool_explorer."""
    knobs = _pool_knobs(x, kind, n, size, stride, dims)

    def build(kind="max", n=None, size=2, stride=0, dims=2):
        xs = x if x is not None else pool_input(_shape(n, dims))
        out_shape = fr.pool_geometry(xs, size, stride or None).out_shape
        dys, note = _upstream(dy, out_shape, seed=5)
        scene = scenes.pool_backward_scene(fr.pool_backward(xs, dys, size, stride or None, kind))
        return scene | note

    return Explorer("pooling backprop explorer", knobs, build, _recipe(
        "pool_backprop_explorer", x=x, dy=dy, size=size, stride=stride, kind=kind, n=n,
        dims=dims))


# The explorers of notebooks 08 and 09 live in their own module; here too, so that
# rebuild() finds them by name.
from .explorers_beyond import conv_transpose_explorer, receptive_field_explorer  # noqa: E402, F401
