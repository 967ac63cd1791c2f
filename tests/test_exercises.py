"""The exercises' self-check: right answers pass, wrong ones say what is off."""

import numpy as np

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
    assert not check([1, 2, 3], [1, 2, 4])
    assert "1 of 3 entries" in capsys.readouterr().out
    assert not check(..., 5)
    assert "not answered" in capsys.readouterr().out
    assert not check("five", 5)
    assert "must be a number" in capsys.readouterr().out
