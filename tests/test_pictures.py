"""Plots, explorers and exported animations, without a browser."""

import json

import matplotlib.pyplot as plt
import numpy as np
import pytest
from figures import render_alone

from cnnlib import animate, frames, plot, widgets
from cnnlib.plot import scenes

X = widgets.example_input((5, 5))
W3 = widgets.edge_kernel(3)
DY = widgets.example_input((3, 3), seed=3)

FIGURES = {
    "conv": lambda step: plot.conv_step(X, W3, step=step),
    "conv padded": lambda step: plot.conv_step(X, W3, padding=1, stride=2, step=step),
    "conv 1-D": lambda step: plot.conv_step(X[0], W3[0], b=1.0, step=step),
    "scatter": lambda step: plot.conv_backward_step(X, W3, DY, step=step),
    "gather": lambda step: plot.conv_backward_step(X, W3, DY, step=step, view="gather"),
    "max pool": lambda step: plot.pool_step(X[:4, :4], 2, step=step),
    "avg pool back": lambda step: plot.pool_backward_step(X[:4, :4], DY[:2, :2], 2,
                                                          kind="avg", step=step),
}


@pytest.mark.parametrize("name", FIGURES)
def test_figures_render_without_warnings_or_leaks(name, tmp_path):
    fig = render_alone(lambda: FIGURES[name](1), tmp_path / "step.png")
    plt.close(fig)
    assert (tmp_path / "step.png").stat().st_size > 1000


def test_numbers_are_projector_sized():
    fig = plot.conv_step(X, W3)
    sizes = {t.get_fontsize() for t in fig.axes[0].texts}
    plt.close(fig)
    assert min(sizes) >= 12


def test_step_out_of_range_is_refused():
    with pytest.raises(ValueError, match="step must be in 0..8"):
        plot.conv_step(X, W3, step=9)
    assert plt.get_fignums() == []


def test_scene_marks_follow_the_frames():
    f = frames.conv_forward(X, W3, stride=2, padding=1)
    scene = scenes.conv_forward_scene(f)
    assert len(scene["steps"]) == len(f.steps) == 9
    x_panel = 0
    for step, frame in zip(scene["steps"], f.steps):
        read = {(r, c) for p, r, c, colour in step["marks"]
                if p == x_panel and colour == scenes.READ}
        assert read == set(frame.reads)
    assert sum(cell[2] == "pad" for cell in scene["panels"][x_panel]["cells"]) == 7 * 7 - 25


def test_cell_text():
    assert [scenes.fmt(v) for v in (3.0, -2.0, 0.25, -0.25, 2 / 3, -1e-4, 0.125, -0.125,
                                    12.345)] == \
        ["3", "-2", ".25", "-.25", ".667", "0", ".125", "-.125", "12.35"]


# ---- explorers -------------------------------------------------------------------------

EXPLORERS = [widgets.conv_explorer, widgets.conv_backprop_explorer, widgets.pool_explorer,
             widgets.pool_backprop_explorer]


@pytest.mark.parametrize("make", EXPLORERS, ids=lambda f: f.__name__)
def test_explorer_builds_with_defaults_and_reacts_to_knobs(make):
    explorer = make()
    assert explorer.steps >= 4 and explorer.error is None
    assert explorer.slider.max == explorer.play.max == explorer.steps    # counted from 1
    before = json.dumps(explorer.scene)
    explorer.knobs["n"].value += 1                     # a bigger input: more steps
    assert json.dumps(explorer.scene) != before
    explorer.knobs["dims"].value = 1
    assert explorer.scene["panels"][0]["rows"] == 1    # 1-D: drawn as one row
    bundle, metadata = explorer._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "steps" in bundle["text/plain"] and "0x" not in bundle["text/plain"]


def test_conv_explorer_knobs_change_the_numbers():
    explorer = widgets.conv_explorer()
    assert explorer.steps == 9
    explorer.knobs["padding"].value = 1
    assert explorer.steps == 25
    explorer.knobs["stride"].value = 2
    assert explorer.steps == 9
    assert "padding 1, stride 2" in explorer.scene["title"]
    explorer.show_step(4)
    assert explorer.view.step == 4


def test_impossible_knob_combination_shows_an_error_and_keeps_the_picture():
    explorer = widgets.conv_explorer()
    scene = explorer.scene
    explorer.knobs["k"].value = 5
    explorer.knobs["n"].value = 2
    assert "larger than" in explorer.error
    assert "larger than" in explorer.status.value
    assert explorer.scene == scene or explorer.scene["panels"]
    explorer.knobs["n"].value = 6                     # fits again: the error clears
    assert explorer.error is None


def test_backprop_views():
    explorer = widgets.conv_backprop_explorer()
    assert explorer.steps == 9 and "scatter" in explorer.scene["title"]
    explorer.knobs["view"].value = "gather"
    assert explorer.steps == 16 and "gather" in explorer.scene["title"]


def test_explorers_take_arrays():
    x = np.arange(6.0)
    explorer = widgets.conv_explorer(x=x, w=np.array([1.0, -1.0]))
    assert "n" not in explorer.knobs and explorer.steps == 5
    assert widgets.pool_explorer(x=np.ones((4, 6)), size=2).steps == 6


@pytest.mark.parametrize("call, message", [
    (lambda: widgets.conv_explorer(padding=7), "padding must be in 0..3"),
    (lambda: widgets.conv_explorer(k=1.5), "must be an int"),
    (lambda: widgets.conv_explorer(n=2, k=4), "larger than"),
    (lambda: widgets.conv_backprop_explorer(view="sideways"), "view must be"),
    (lambda: widgets.pool_explorer(kind="median"), "kind must be"),
    (lambda: widgets.pool_explorer(dims=3), "dims must be"),
])
def test_bad_knob_values_are_refused(call, message):
    with pytest.raises((ValueError, TypeError), match=message):
        call()


def test_edge_kernel():
    np.testing.assert_array_equal(widgets.edge_kernel(3), [[1, 1, 1], [0, 0, 0], [-1, -1, -1]])
    np.testing.assert_array_equal(widgets.edge_kernel(2, ndim=1), [1, -1])


# ---- exported animations --------------------------------------------------------------


def test_html_is_self_contained_and_deterministic(tmp_path):
    scene = widgets.conv_explorer().scene
    text = str(animate.html(scene))
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text and "<script src" not in text
    assert "cnnlibDrawScene" in text and text.count("<script>") == 1
    again = str(animate.html(scene))
    assert again.split('id="')[1][:22] == text.split('id="')[1][:22]   # same content hash
    path = animate.save_html(scene, tmp_path / "a.html")
    assert path.read_text().startswith("<!doctype html>")


def test_gif_has_one_frame_per_step(tmp_path):
    from PIL import Image
    scene = widgets.pool_explorer().scene
    assert animate.save_gif(scene, tmp_path / "a.gif") == len(scene["steps"]) == 4
    with Image.open(tmp_path / "a.gif") as gif:
        assert gif.n_frames == 4
    assert plt.get_fignums() == []


def test_animate_refuses_what_is_not_a_scene():
    with pytest.raises(TypeError, match="scene must be"):
        animate.html(np.ones(3))


def test_grids_and_kernels_and_maps(tmp_path):
    fig = plot.grids({"x": X, "w": W3}, title="x and w", marks={"x": [(0, 0)]})
    fig.savefig(tmp_path / "g.png")
    plt.close(fig)
    maps = [np.ones((3, 3)), -np.ones((3, 3))]
    fig = plot.kernels_and_maps(X, [W3, W3.T], maps, ["rows", "columns"])
    fig.savefig(tmp_path / "k.png")
    plt.close(fig)
    assert plt.get_fignums() == []
    with pytest.raises(ValueError, match="same length"):
        plot.kernels_and_maps(X, [W3], maps)
    with pytest.raises(TypeError, match="arrays must be"):
        plot.grids([X])


def test_key_gifs_have_one_frame_per_step(tmp_path):
    import importlib.util
    from pathlib import Path

    from PIL import Image
    spec = importlib.util.spec_from_file_location(
        "make_gifs", Path(__file__).resolve().parent.parent / "tools" / "make_gifs.py")
    make_gifs = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_gifs)
    make_gifs.main(tmp_path)
    for stem, scene in make_gifs.key_scenes().items():
        with Image.open(tmp_path / f"{stem}.gif") as gif:
            assert gif.n_frames == len(scene["steps"]), stem


@pytest.mark.parametrize("make", [
    lambda: widgets.conv_explorer(x=np.arange(6.0), w=np.array([1.0, -1.0]), stride=2),
    lambda: widgets.conv_backprop_explorer(view="gather", padding=1),
    lambda: widgets.pool_explorer(size=3, stride=1, kind="avg"),
    lambda: widgets.pool_backprop_explorer(x=np.ones((4, 6)), dy=np.ones((2, 3)))])
def test_stored_recipe_rebuilds_the_same_explorer(make):
    explorer = make()
    data, metadata = explorer._repr_mimebundle_()
    recipe = json.loads(json.dumps(metadata[widgets.RECIPE_KEY]))    # as stored in a notebook
    assert widgets.rebuild(recipe).scene == explorer.scene


def test_given_dy_that_stops_fitting_falls_back_with_a_note():
    explorer = widgets.conv_backprop_explorer(x=np.ones((4, 4)), w=np.ones((2, 2)),
                                              dy=np.ones((3, 3)))
    assert explorer.error is None and "note" not in explorer.scene
    explorer.knobs["stride"].value = 2
    assert explorer.steps == 4 and "showing the top-left 2x2 of your dy" in explorer.status.value
    explorer.knobs["stride"].value = 1
    assert "showing your dy" not in explorer.status.value


def test_pool_stride_knob():
    explorer = widgets.pool_explorer()
    stride = explorer.knobs["stride"]
    assert stride.value == 0 and stride.options[0] == ("= window", 0) and explorer.steps == 4
    explorer.knobs["stride"].value = 1
    assert explorer.steps == 9
    with pytest.raises(ValueError, match="stride must be in 1..4"):
        widgets.pool_explorer(stride=7)


def test_cells_no_window_reads_are_marked():
    """7x7, 3x3 kernel, stride 3: the last row and column (13 cells) are never read."""
    scene = scenes.conv_forward_scene(frames.conv_forward(np.ones((7, 7)), W3, stride=3))
    styles = [cell[2] for cell in scene["panels"][0]["cells"]]
    assert styles.count("unread") == 13 and "never read" in scene["panels"][0]["title"]
    scene = scenes.conv_forward_scene(frames.conv_forward(np.ones((7, 7)), W3, stride=2))
    assert "never read" not in scene["panels"][0]["title"]


def test_explorers_refuse_pictures_a_projector_cannot_show():
    """n 8, kernel 1, padding 2 would be a 12x12 dy: refused at the start, and from a knob
    the explorer says why and keeps the last picture."""
    with pytest.raises(ValueError, match="too big to read on a projector"):
        widgets.conv_backprop_explorer(n=8, k=1, padding=2)
    explorer = widgets.conv_backprop_explorer(n=7, k=1)
    assert explorer.error is None and explorer.steps == 49
    explorer.knobs["padding"].value = 1
    assert "too big to read on a projector" in explorer.error and explorer.steps == 49
    assert "make the input, padding or kernel smaller" in explorer.status.value
    np.testing.assert_array_equal(widgets.example_input((9, 9)),
                                  widgets.example_input((12, 12))[:9, :9])
