"""The paper exercises' self-check: right answers pass; wrong ones say which entry is off and
name the classic mistake, never the answer; text and other wrong types are refused."""

import numpy as np
import pytest

from cnnlib.exercises import check


def test_right_and_wrong_numbers(capsys):
    assert check(2, 2) is True
    assert "correct" in capsys.readouterr().out
    assert check(3, 2, hint="think about padding") is False
    out = capsys.readouterr().out
    assert "not yet" in out and "think about padding" in out and "2" not in out


def test_arrays_shapes_and_placeholders(capsys):
    assert check(np.ones((2, 2)), np.ones((2, 2)) + 1e-9)
    assert not check(np.ones((2, 2)), np.ones((3, 3)))
    assert "shape (2, 2)" in capsys.readouterr().out
    assert not check(..., 5)
    assert "not answered" in capsys.readouterr().out


def test_says_which_entry_is_off(capsys):
    assert not check([1, 2, 3], [1, 2, 4])
    assert "the 3rd number of 3 is off" in capsys.readouterr().out
    assert not check([[1, 2], [3, 4]], [[1, 0], [3, 0]])
    assert "entries [0, 1] and [1, 1] of 4 are off" in capsys.readouterr().out
    assert not check(np.arange(10), np.arange(10) + 1)
    assert "and 7 more" in capsys.readouterr().out


@pytest.mark.parametrize("answer, words", [
    ("five", "not text"), ("112", "not text"), (True, "real number"), (2 + 1j, "real number"),
    ({"dx": 1}, "got dict"), ([[1, 2], [3]], "got list"), (print, "got builtin_function"),
])
def test_refuses_wrong_types_clearly(capsys, answer, words):
    assert not check(answer, 5)
    assert words in capsys.readouterr().out


def test_names_the_mistakes_it_is_given(capsys):
    dx = np.array([4.0, 2.0, -7.0, -3.0])
    no_flip = np.array([6.0, -2.0, -7.0, -2.0])
    assert not check(no_flip, dx, hint="flip the kernel",
                     mistakes={"this is what you get without flipping the kernel": no_flip})
    out = capsys.readouterr().out
    assert "without flipping the kernel" in out and "flip the kernel" in out
    assert "4" not in out and "-3" not in out


def test_recognises_swapped_order_and_channels_last(capsys):
    assert not check((520, 78500), (78500, 520))
    assert "wrong order" in capsys.readouterr().out
    assert not check((28, 28, 6), (6, 28, 28))
    assert "channels-last" in capsys.readouterr().out
