"""Worked solutions: every exercise has one, and it arrives at what the check expects."""

import numpy as np
import pytest

import cnnlib
from cnnlib.exercises import solution
from cnnlib.solutions import SOLUTIONS

X1, W1 = np.array([1.0, 2.0, -1.0, 3.0]), np.array([2.0, 3.0])
X2 = np.array([[1.0, 2.0, 0.0, -1.0], [3.0, -1.0, 2.0, 1.0], [0.0, 1.0, -2.0, 2.0],
               [2.0, 0.0, 1.0, 3.0]])
W2 = np.array([[1.0, 2.0], [3.0, 4.0]])
DY2 = np.array([[1.0, 2.0, -1.0], [0.0, 1.0, 3.0], [2.0, -1.0, 1.0]])
DX2, DW2, _ = cnnlib.conv2d_backward(DY2[None, None], X2[None, None], W2[None, None])

# name: (data, what the last line must say: the answer the check cell expects)
CASES = {
    "01": ({}, "(6, 28, 28)"),
    "02.1": ({}, "= 112"),
    "02.2": ({}, "smallest padding is 1"),
    "02.3": ({}, "= 32"),
    "03.1": ({}, "= 520"),
    "03.2": ({}, "(20, 12, 12)"),
    "04": (dict(x=X1, w=W1, dy=np.array([1.0, 0.0, -1.0])), "dx4 = (-1)·3 + 0·2 = -3"),
    "05.1": (dict(x=X2, w=W2, dy=DY2), f"dx[1,2] = {DX2[0, 0, 1, 2]:g}"),
    "05.2": (dict(x=X2, w=W2, dy=DY2), f"= {DW2[0, 0, 1, 0]:g}"),
    "06.1": (dict(x=np.array([1.0, 3, 2, 5, 4]), dy=np.array([1.0, 2, 3, 4])),
             "dx = [0, 3, 0, 7, 0]"),
    "06.2": (dict(x=np.array([1.0, 3, 2, 5]), dy=np.array([4.0, 8, 12])), "dx = [2, 6, 10, 6]"),
    "07": ({}, "= 5,130"),
}


def test_every_exercise_has_a_tested_solution():
    assert set(CASES) == set(SOLUTIONS)


@pytest.mark.parametrize("name", CASES)
def test_solution_reaches_the_answer(name, capsys):
    data, answer = CASES[name]
    solution(name, **data)
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert answer in last


def test_unknown_name():
    with pytest.raises(ValueError, match="name must be one of"):
        solution("99")
