"""The exercises of notebooks 04-06 (backprop through conv and pooling): the stored notebook
is unanswered, the right answer passes its check cell and a wrong one does not.

Each notebook's code cells run here, in order, in one namespace (figures go to the Agg
backend and are closed, explorers are built but never shown). At each exercise cell,
`answer_* = ...` is replaced by a value and the check cell that follows is run.
The right answers are worked out by hand below, not taken from cnnlib.
"""

import re

import numpy as np
import pytest
from notebook_cells import code_cells, run_cell, stored_stdout

ANSWER = re.compile(r"^(answer_\w+) = \.\.\.", re.MULTILINE)

# notebook -> {answer variable: the right answer, worked out on paper}
RIGHT = {
    "04_backprop_1d": {
        # [0, 1, 0, -1, 0] * [w2, w1] = [0, 1, 0, -1, 0] * [3, 2]
        "answer_dx": [2.0, 3.0, -2.0, -3.0],
    },
    "05_backprop_2d": {
        # dy_new[0:2, 1:3] * rot180(w) = [[2, -1], [1, 3]] * [[4, 3], [2, 1]] = 8 - 3 + 2 + 3
        "answer_dx12": 10.0,
        # x[1:4, 0:3] * dy_new = (3 - 2 - 2) + (0 + 1 - 6) + (4 + 0 + 1)
        "answer_dw10": -1.0,
    },
    "06_pooling_gradients": {
        # winners of [1,3] [3,2] [2,5] [5,4]: 3, 3, 5, 5 -> 1 + 2 at x2, 3 + 4 at x4
        "answer_max": [0.0, 3.0, 0.0, 7.0, 0.0],
        # shares dy / 2 = 2, 4, 6 added over the windows each cell is in
        "answer_avg": [2.0, 6.0, 10.0, 6.0],
    },
}


@pytest.fixture(scope="module", params=sorted(RIGHT))
def exercises(request):
    """Run the notebook; for each exercise: (answer name, namespace before it, check cell)."""
    name = request.param
    cells = code_cells(name)
    namespace, found = {"__name__": "__notebook__"}, []
    for i, cell in enumerate(cells):
        source = cell.source
        match = ANSWER.search(source)
        if match:
            setup = ANSWER.sub(r"\1 = None", source)          # the exercise's own data
            run_cell(setup, namespace)
            found.append((match.group(1), dict(namespace), cells[i + 1].source))
            continue
        run_cell(source, namespace)
    return name, found


def test_every_exercise_has_a_worked_answer(exercises):
    name, found = exercises
    assert sorted(n for n, _, _ in found) == sorted(RIGHT[name])


def test_right_answers_pass_and_wrong_ones_fail(exercises):
    name, found = exercises
    for answer, namespace, check_cell in found:
        assert re.search(rf"check\(\s*{answer},", check_cell), check_cell
        right = RIGHT[name][answer]
        out = run_cell(check_cell, dict(namespace, **{answer: right}))
        assert "✓ correct" in out, (name, answer, out)
        assert run_cell(check_cell, dict(namespace, **{answer: np.asarray(right) + 1})).count("✗")
        if np.ndim(right):
            flipped = list(right)[::-1]          # right numbers in the wrong places
            assert "✗ not yet" in run_cell(check_cell, dict(namespace, **{answer: flipped}))
        assert "✗ not answered yet" in run_cell(check_cell, dict(namespace, **{answer: ...}))


@pytest.mark.parametrize("name", sorted(RIGHT))
def test_stored_notebook_is_unanswered(name):
    cells = code_cells(name)
    answers = [i for i, c in enumerate(cells) if ANSWER.search(c.source)]
    assert len(answers) == len(RIGHT[name])
    for i in answers:
        assert "✗ not answered yet" in stored_stdout(cells[i + 1])


def test_explorers_start_on_the_notebooks_dy():
    """04, 05 and 06 say their backprop explorers start on the worked example's x and dy:
    every such call passes dy=dy, and the explorer it builds draws that dy (no "does not
    fit" note), its numbers in the "upstream dy" panel."""
    for name in ("04_backprop_1d", "05_backprop_2d", "06_pooling_gradients"):
        cells = [c.source for c in code_cells(name)]
        calls = [s.strip() for s in cells if re.match(r"\s*widgets\.\w+_backprop_explorer\(", s)]
        assert calls and all("dy=dy" in call for call in calls), (name, calls)
        namespace = {"__name__": "__notebook__"}
        dy_cell = next(s for s in cells if re.search(r"^dy = np\.array", s, re.MULTILINE))
        run_cell(dy_cell, namespace)
        dy = namespace["dy"]
        for call in calls:
            explorer = eval(call, namespace)
            assert "note" not in explorer.scene, (name, call, explorer.scene["note"])
            assert explorer.recipe["args"]["dy"] == dy.tolist(), (name, call)
            panel = next((p for p in explorer.scene["panels"] if p["title"] == "upstream dy"), None)
            if panel is not None:                      # the gather view shows dy padded
                assert [c[0] for c in panel["cells"]] == [f"{v:g}" for v in dy.ravel()], call
