"""Every exercise in notebooks 01-03: the right answer passes its check cell, a wrong one
does not, and the stored notebook is unanswered.

The check cells run exactly as stored in the notebook (with the imports cell before
them), so the expected values are computed the notebook's way; the right answers below
are the lecture's numbers, worked out by hand.
"""

import pytest
from notebook_cells import code_cells, run_cell, stored_stdout

RIGHT = {
    "01_receptive_fields": [
        # 6 kernels of 3x5x5 weights + 6 biases; 32 - 5 + 1 = 28
        {"answer_parameters": 6 * 3 * 5 * 5 + 6, "answer_shape": (6, 28, 28)},
    ],
    "02_padding_stride": [
        {"answer": (224 + 2 * 3 - 7) // 2 + 1},    # 112, ResNet's first layer
        {"answer": 1},                              # padded 9 = 3 windows of 3 at stride 3
        {"answer": 4},                              # span 2 * (5 - 1) + 1 = 9, (9 - 1) / 2
    ],
    "03_pooling": [
        {"answer": (28 * 28 * 100 + 100, 20 * 5 * 5 + 20)},   # (78500, 520)
        {"answer": (20, 12, 12)},
    ],
}


def _wrong(value):
    """An answer that is off by one in its first number."""
    if isinstance(value, tuple):
        return (value[0] + 1,) + value[1:]
    return value + 1


def _exercises(name):
    """(imports cell, [(answer cell, check cell), ...]) of a notebook, as stored."""
    code = code_cells(name)
    pairs = [(cell, code[i + 1]) for i, cell in enumerate(code)
             if cell.source.lstrip().startswith("answer")]
    return code[0], pairs


def _run(name, answers):
    """Run the imports, then each exercise's check cell with the given answers; return
    what each check cell printed."""
    imports, pairs = _exercises(name)
    namespace = {}
    run_cell(imports.source, namespace)
    printed = []
    for (answer_cell, check_cell), values in zip(pairs, answers, strict=True):
        assert set(values) <= set(_assigned(answer_cell.source)), answer_cell.source
        namespace.update(values)
        printed.append(run_cell(check_cell.source, namespace))
    return printed


def _assigned(source):
    return [line.split("=")[0].strip() for line in source.splitlines() if "= ..." in line]


@pytest.mark.parametrize("name", RIGHT)
def test_stored_notebook_leaves_every_exercise_unanswered(name):
    _, pairs = _exercises(name)
    assert len(pairs) == len(RIGHT[name])
    for answer_cell, check_cell in pairs:
        assert _assigned(answer_cell.source), answer_cell.source       # answer = ...
        printed = stored_stdout(check_cell)
        assert printed.count("not answered yet") == check_cell.source.count("check(")


@pytest.mark.parametrize("name", RIGHT)
def test_right_answers_pass(name):
    for printed in _run(name, RIGHT[name]):
        assert "not" not in printed and printed.count("✓ correct") >= 1, printed


@pytest.mark.parametrize("name", RIGHT)
def test_wrong_answers_fail_without_giving_the_answer_away(name):
    for i, values in enumerate(RIGHT[name]):
        for key, right in values.items():           # one wrong answer at a time
            answers = [dict(v) for v in RIGHT[name]]
            answers[i][key] = _wrong(right)
            printed = _run(name, answers)
            assert "✗ not yet" in printed[i], printed[i]
            assert str(right) not in printed[i]
            assert all("✗" not in p for j, p in enumerate(printed) if j != i)
