"""Every explorer's caption writes its arithmetic out term by term (the numbers a student
can check on paper), and titles wrap only between phrases."""

import numpy as np

from cnnlib import frames
from cnnlib.plot import scenes

X = np.array([[1.0, 2.0, 0.0, -1.0], [3.0, -1.0, 2.0, 1.0], [0.0, 1.0, -2.0, 2.0],
              [2.0, 0.0, 1.0, 3.0]])
W = np.array([[1.0, 2.0], [3.0, 4.0]])
DY = np.array([[2.0, -2.0, -1.0], [-1.0, -1.0, 2.0], [3.0, 1.0, -2.0]])


def test_gather_caption_is_the_sum_of_products():
    scene = scenes.conv_backward_scene(frames.conv_backward(X, W, DY), "gather")
    caption = " ".join(scene["steps"][5]["caption"].split())
    assert caption.endswith("dx[1, 1] = window ⊙ rot180(w) = 2·4 + (-2)·3 + (-1)·2 + (-1)·1 = -1")


def test_scatter_caption_lists_what_one_dy_sends():
    scene = scenes.conv_backward_scene(frames.conv_backward(X, W, DY), "scatter")
    caption = " ".join(scene["steps"][0]["caption"].split())
    assert "dx[window] += 2·w = 2·1, 2·2, 2·3, 2·4;" in caption
    assert "dw += 2·x[window] = 2·1, 2·2, 2·3, 2·(-1);" in caption
    assert caption.endswith("db += 2")


def test_a_title_keeps_its_phrases_whole():
    f = frames.conv_forward(np.zeros((7, 7)), np.ones((3, 3)), stride=2)
    title = scenes.conv_forward_scene(f)["title"]
    assert all(not line.endswith("->") and not line.startswith("output")
               for line in title.split("\n"))
    assert "-> 3x3 output" in title
