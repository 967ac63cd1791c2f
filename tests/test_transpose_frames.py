"""The transposed-convolution frames as data: both readings (stamps and windows) give the
backward pass of a convolution (dx with dy = x), PyTorch's conv_transpose and cnnlib's;
and their scenes and the two new explorers of notebooks 08 and 09."""

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnnlib
from cnnlib import frames, widgets
from cnnlib.plot import draw_scene, receptive_scenes, scenes, transpose_scenes

BACKWARD = {1: cnnlib.conv1d_backward, 2: cnnlib.conv2d_backward}


@st.composite
def transpose_cases(draw, nd, op_below_stride=False):
    """x, w and hyper-parameters of a transposed convolution whose output is not empty.
    op_below_stride: output_padding < stride, where a conv of the output has x's size (with
    a larger dilation PyTorch allows more, and the output is then a bigger conv's input)."""
    shape, kernel, hyper = [], [], dict(stride=[], padding=[], output_padding=[], dilation=[])
    for _ in range(nd):
        n, k = draw(st.integers(1, 4)), draw(st.integers(1, 4))
        s, d = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        op = draw(st.integers(0, (s if op_below_stride else max(s, d)) - 1))
        full = (n - 1) * s + d * (k - 1) + 1 + op
        p = draw(st.integers(0, (full - 1) // 2))
        shape.append(n)
        kernel.append(k)
        for key, value in zip(hyper, (s, p, op, d)):
            hyper[key].append(value)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    hyper = {k: v[0] if nd == 1 else tuple(v) for k, v in hyper.items()}
    return rng.standard_normal(shape), rng.standard_normal(kernel), hyper


def as_backward(x, w, hyper, out_shape):
    """conv_transpose(x, w) computed as the backward pass of conv(., w): dx with dy = x."""
    nd = x.ndim
    forward_input = np.zeros((1, 1) + out_shape)
    conv_hyper = {k: hyper[k] for k in ("stride", "padding", "dilation")}
    return BACKWARD[nd](x[None, None], forward_input, w[None, None], **conv_hyper)[0][0, 0]


@pytest.mark.parametrize("nd", [1, 2])
@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_both_readings_are_the_conv_backward_pass(nd, data):
    x, w, hyper = data.draw(transpose_cases(nd, op_below_stride=True))
    t = frames.conv_transpose(x, w, 0.25, **hyper)
    dx = as_backward(x, w, hyper, t.out_shape)
    np.testing.assert_allclose(t.y, dx + 0.25, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(t.y_from_windows(), dx + 0.25, rtol=1e-12, atol=1e-12)
    assert len(t.stamps) == x.size and len(t.windows) == dx.size
    # every window is its cells of the spread input times rot180(w)
    for step in t.windows:
        total = sum(t.spread[c] * np.flip(w)[k] for c, k in zip(step.cells,
                                                                 np.ndindex(*w.shape)))
        assert total + 0.25 == pytest.approx(step.total, abs=1e-12)
    # the spread grid holds x's cells, stride apart, and zeros elsewhere
    assert np.count_nonzero(~t.spread_is_zero) <= x.size
    assert not t.spread[t.spread_is_zero].any()


@pytest.mark.parametrize("nd", [1, 2])
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_frames_match_torch(nd, data):
    torch = pytest.importorskip("torch")
    x, w, hyper = data.draw(transpose_cases(nd))
    t = frames.conv_transpose(x, w, -0.5, **hyper)
    function = torch.nn.functional.conv_transpose1d if nd == 1 else \
        torch.nn.functional.conv_transpose2d
    ref = function(torch.tensor(x)[None, None], torch.tensor(w)[None, None],
                   torch.tensor([-0.5]), hyper["stride"], hyper["padding"],
                   hyper["output_padding"], 1, hyper["dilation"])[0, 0].numpy()
    np.testing.assert_allclose(t.y, ref, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("nd", [1, 2])
def test_frames_match_cnnlib_conv_transpose(nd):
    name = f"conv_transpose{nd}d"
    if not hasattr(cnnlib, name):
        pytest.skip(f"cnnlib.{name} is not there yet")
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((3,) * nd), rng.standard_normal((3,) * nd)
    t = frames.conv_transpose(x, w, 1.0, stride=2, padding=1, output_padding=1)
    y = getattr(cnnlib, name)(x[None, None], w[None, None], np.array([1.0]), stride=2,
                              padding=1, output_padding=1)[0, 0]
    np.testing.assert_allclose(t.y, y, rtol=1e-12, atol=1e-12)


def test_the_textbook_example():
    """2x2 input, 3x3 kernel of ones, stride 2: stamps overlap on the middle row/column."""
    t = frames.conv_transpose(np.array([[1.0, 2.0], [3.0, 4.0]]), np.ones((3, 3)), stride=2)
    assert t.out_shape == t.full_shape == (5, 5)
    np.testing.assert_array_equal(t.y[2], [4, 4, 10, 6, 6])
    assert t.stamps[1].cells[0] == (0, 2)                 # x[0, 1] stamps at column 1·2
    cropped = frames.conv_transpose(t.x, t.w, stride=2, padding=1, output_padding=1)
    assert cropped.full_shape == (6, 6) and cropped.out_shape == (4, 4)
    np.testing.assert_array_equal(cropped.y, cropped.full_output()[1:5, 1:5])
    assert cropped.spread_is_zero[0].all()               # (k-1)·d - p = 1 row of zeros


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(x=np.ones((2, 2)), w=np.ones(2)), ValueError, "w must have as many dimensions"),
    (dict(x=np.ones(3), w=np.ones(2), stride=2, output_padding=2), ValueError,
     "output_padding must be smaller than stride or dilation"),
    (dict(x=np.ones(2), w=np.ones(2), padding=2), ValueError, "padding 2 crops the whole"),
    (dict(x=np.ones(2), w=np.ones(2), stride=0), ValueError, "stride must be >= 1"),
    (dict(x=np.ones(2), w=np.ones(2), dilation=1.5), TypeError, "dilation must be an int"),
    (dict(x="x", w=np.ones(2)), TypeError, "x must be"),
])
def test_bad_arguments_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        frames.conv_transpose(**kwargs)


# ---- scenes ----------------------------------------------------------------------------


def scene_numbers(scene, key_panel, step=-1):
    """The texts of a panel's cells at a step (the step's cells over the panel's own)."""
    p = next(i for i, panel in enumerate(scene["panels"]) if panel["title"].startswith(key_panel))
    panel = scene["panels"][p]
    texts = [c[0] for c in panel["cells"]]
    for q, r, c, text, _ in scene["steps"][step]["cells"]:
        if q == p:
            texts[r * panel["cols"] + c] = text
    return np.array(texts).reshape(panel["rows"], panel["cols"])


@pytest.mark.parametrize("view", transpose_scenes.VIEWS)
def test_transpose_scenes_end_on_the_output(view):
    x = np.array([[1.0, 2.0], [3.0, -1.0]])
    t = frames.conv_transpose(x, np.arange(9.0).reshape(3, 3), 0.5, stride=2, padding=1,
                              output_padding=1)
    scene = transpose_scenes.conv_transpose_scene(t, view)
    assert len(scene["steps"]) == (x.size if view == "stamp" else t.y.size)
    assert scene["steps"][0]["caption"].startswith("step 1/")
    expected = np.vectorize(lambda v: transpose_scenes.fmt(v))(t.y)
    np.testing.assert_array_equal(scene_numbers(scene, "output y"), expected)
    json.dumps(scene)


def test_stamp_scene_marks_the_cropped_border():
    t = frames.conv_transpose(np.ones((2, 2)), np.ones((3, 3)), stride=2, padding=1)
    scene = transpose_scenes.stamp_scene(t)
    full = next(p for p in scene["panels"] if p["title"].startswith("full output"))
    styles = np.array([c[2] for c in full["cells"]]).reshape(full["rows"], full["cols"])
    assert (styles[0] == "pad").all() and (styles[1:-1, 1:-1] == "").all()
    assert "cropped" in full["title"]
    assert "1 cell is cropped from every edge" in scene["title"].replace("\n", " ")
    with pytest.raises(ValueError, match="view must be 'stamp' or 'window'"):
        transpose_scenes.conv_transpose_scene(t, "scatter")


def test_receptive_scene_counts_paths():
    from cnnlib import receptive as rf

    layers = [rf.layer(3), rf.layer(2, 2), rf.layer(3)]
    scene = receptive_scenes.receptive_field_scene(layers, 16)
    assert len(scene["steps"]) == 5                       # 16 -> 14 -> 7 -> 5
    assert scene["panels"][0]["rows"] == 1 and scene["panels"][-1]["title"].startswith("input")
    counts = scene_numbers(scene, "input x", step=2)[0]
    expected = rf.paths(layers, 16, 2)
    assert [int(t) if t else 0 for t in counts] == expected.tolist()
    assert "sees 8 input cells" in scene["steps"][2]["caption"]
    unread = [c for c in scene["panels"][-1]["cells"] if c[2] == "unread"]
    assert len(unread) == 0                               # every input cell is seen
    scene2 = receptive_scenes.receptive_field_scene([rf.layer(3, 3)], 8)
    assert sum(c[2] == "unread" for c in scene2["panels"][-1]["cells"]) == 2   # 6, 7 unseen
    for step in scene2["steps"]:                          # and they stay yellow, with their 0
        unseen = [c for c in step["cells"] if c[0] == 1 and c[2] in (6, 7)]
        assert [c[3:] for c in unseen] == [["0", scenes.UNREAD_FILL]] * 2


# ---- explorers -------------------------------------------------------------------------


def test_conv_transpose_explorer():
    explorer = widgets.conv_transpose_explorer()
    assert explorer.steps == 9 and explorer.error is None
    before = json.dumps(explorer.scene)
    explorer.knobs["output_padding"].value = 1
    assert explorer.error is None and json.dumps(explorer.scene) != before
    explorer.knobs["stride"].value = 1                    # output padding 1 >= stride 1
    assert "output_padding must be smaller" in explorer.error
    explorer.knobs["output_padding"].value = 0
    explorer.knobs["view"].value = "window"
    assert explorer.error is None and explorer.steps == 9     # 3x3 -> 3x3 at stride 1
    explorer.knobs["dims"].value = 1
    assert explorer.scene["panels"][0]["rows"] == 1
    bundle, metadata = explorer._repr_mimebundle_()
    assert widgets.rebuild(metadata[widgets.RECIPE_KEY]).steps == 9


def test_conv_transpose_explorer_takes_arrays():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    explorer = widgets.conv_transpose_explorer(x=x, w=np.ones((2, 2)), view="window")
    assert "n" not in explorer.knobs and "k" not in explorer.knobs
    t = frames.conv_transpose(x, np.ones((2, 2)), stride=2, padding=1)
    assert explorer.steps == t.y.size
    recipe = explorer._repr_mimebundle_()[1][widgets.RECIPE_KEY]
    assert json.dumps(widgets.rebuild(recipe).scene) == json.dumps(explorer.scene)
    with pytest.raises(ValueError, match="view must be 'stamp' or 'window'"):
        widgets.conv_transpose_explorer(view="gather")


def test_receptive_field_explorer():
    explorer = widgets.receptive_field_explorer()
    assert explorer.steps == 5 and explorer.error is None
    assert len(explorer.widget.children) == 4 + 2         # 4 rows of knobs, play row, view
    explorer.knobs["stride1"].value = 2                   # 16 -> 7 -> 3 -> 1
    assert explorer.steps == 1
    explorer.knobs["kernel3"].value = 5                   # no longer fits: says why
    assert "larger than" in explorer.error and explorer.steps == 1
    explorer.knobs["kernel3"].value = 1
    explorer.knobs["dims"].value = 2                      # 16x16: too big for a projector
    assert "too big to read on a projector" in explorer.error
    explorer.knobs["n"].value = 8
    explorer.knobs["dims"].value = 1
    explorer.knobs["dims"].value = 2                      # 8x8 -> 3x3 -> 1x1 -> 1x1
    assert explorer.error is None and explorer.steps == 1
    recipe = explorer._repr_mimebundle_()[1][widgets.RECIPE_KEY]
    assert widgets.rebuild(recipe).steps == 5             # the recipe is the starting point
    with pytest.raises(ValueError, match="three layer dicts"):
        widgets.receptive_field_explorer(layers=[{"kernel": 3}])


@pytest.mark.parametrize("scene", [
    lambda: widgets.conv_transpose_explorer().scene,
    lambda: widgets.conv_transpose_explorer(view="window").scene,
    lambda: widgets.receptive_field_explorer().scene,
    lambda: widgets.receptive_field_explorer(dims=2, n=8).scene,
], ids=["stamp", "window", "field-1d", "field-2d"])
def test_scenes_draw_at_most_600_px_tall(scene):
    import matplotlib.pyplot as plt

    scene = scene()
    for step in range(min(2, len(scene["steps"]))):
        fig = draw_scene(scene, step)
        assert fig.get_size_inches()[1] <= 6.5
        plt.close(fig)


def test_step_drawings():
    import matplotlib.pyplot as plt

    from cnnlib import receptive as rf
    from cnnlib.plot.describe import description
    from cnnlib.plot.receptive_scenes import receptive_field_step
    from cnnlib.plot.transpose_scenes import conv_transpose_step

    fig = conv_transpose_step(np.ones((2, 2)), np.ones((3, 3)), stride=2, padding=1, step=3)
    assert "step 4 of 4" in description(fig).lower() and fig.get_size_inches()[1] <= 6
    plt.close(fig)
    fig = receptive_field_step([rf.layer(3), rf.layer(2, 2)], 12, step=1)
    assert "out[1] sees 4 input cells" in description(fig)
    plt.close(fig)
    with pytest.raises(ValueError, match="conv_transpose_step: step must be in 0..3"):
        conv_transpose_step(np.ones((2, 2)), np.ones((3, 3)), step=9)
    with pytest.raises(ValueError, match="receptive_field_step: step must be in 0..4"):
        receptive_field_step([rf.layer(3), rf.layer(2, 2)], 12, step=5)
