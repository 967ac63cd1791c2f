"""The coding exercises' grader: full marks for the worked solutions, less for each classic
mistake (named in the feedback), no crash on anything a student's code does, and never an
expected value in the feedback."""

import numpy as np
import pytest
from students import MISTAKES

from cnnlib.exercises import EXERCISES, grade, reference, solution
from cnnlib.exercises import grading as grading_module
from cnnlib.exercises.catalog import Case


def _expected_texts(name):
    """Every expected value of every case, as the feedback could print it: the fractional
    numbers in the usual formats, and ResNet's 112 for output_size."""
    exercise = EXERCISES[name]
    texts = {"112"} if name == "output_size" else set()
    for case in exercise.cases(np.random.default_rng(478)):
        for part in exercise.answer(*case.args, **case.kwargs):
            for value in np.ravel(part):
                if value % 1:
                    texts |= {f"{value:.2f}", f"{value:.3f}", f"{value:g}", repr(float(value))}
    return texts


def _assert_no_answer(name, result):
    text = "\n".join(result.feedback)
    leaked = [t for t in _expected_texts(name) if t in text]
    assert not leaked, (leaked, text)


@pytest.mark.parametrize("name", EXERCISES)
def test_the_worked_solution_gets_full_marks(name):
    result = grade(name, getattr(reference, name))
    assert result.max_score > 0 and result.score == result.max_score, str(result)
    assert result.passed and not result.mistakes
    assert all(line.startswith(("✓ passed", "numerical")) for line in result.feedback)


@pytest.mark.parametrize("name", EXERCISES)
def test_full_marks_on_hidden_cases_too(name):
    result = grade(name, getattr(reference, name), seed=2026, extra=2)
    assert result.score == result.max_score, str(result)


MISTAKE_CASES = [(name, words) for name, attempts in MISTAKES.items() for words in attempts]


@pytest.mark.parametrize("name, words", MISTAKE_CASES)
def test_each_classic_mistake_loses_marks_and_is_named(name, words):
    result = grade(name, MISTAKES[name][words])
    assert result.score < result.max_score, str(result)
    named = [line for line in result.feedback if line.startswith("Mistake:")]
    assert named and words in named[0], str(result)
    assert any(line.startswith("Hint:") for line in result.feedback)
    _assert_no_answer(name, result)


def test_a_mistake_in_one_gradient_keeps_the_marks_of_the_others():
    result = grade("conv2d_backward", MISTAKES["conv2d_backward"]["mean of dy"])
    parts = EXERCISES["conv2d_backward"].parts
    assert parts["dx"] + parts["dw"] <= result.score < result.max_score


def _returns(value):
    return lambda *args, **kwargs: value


def _raises(error):
    def fn(*args, **kwargs):
        raise error
    return fn


def _mutates(x, w, b):
    x[...] = 0
    return reference.conv2d(x, w, b)


STRANGE = {
    "raised ZeroDivisionError": _raises(ZeroDivisionError("division by zero")),
    "raised SystemExit": _raises(SystemExit(1)),
    "is None": _returns(None),
    "should be a NumPy array": _returns("y"),
    "has shape (2,)": _returns([1.0, 2.0]),
    "NaN or inf": lambda x, w, b: reference.conv2d(x, w, b) * np.nan,
    "changed its first argument": _mutates,
    "should be a function": 42,
}


@pytest.mark.parametrize("words", STRANGE)
def test_strange_code_never_crashes_the_grader(words):
    result = grade("conv2d", STRANGE[words])
    assert result.score == 0 and words in str(result), str(result)


def test_a_list_with_the_right_numbers_passes():
    result = grade("conv2d", lambda x, w, b: reference.conv2d(x, w, b).tolist())
    assert result.passed


def test_printing_and_warnings_stay_inside(capsys):
    def noisy(x, w, b):
        print("debugging", x.shape)
        np.log(-np.ones(1))                          # a RuntimeWarning
        return reference.conv2d(x, w, b)
    assert grade("conv2d", noisy).passed
    assert capsys.readouterr() == ("", "")


def test_gradients_in_the_wrong_type_or_number():
    assert "should return 3 things" in str(grade("conv1d_backward", _returns("dx")))
    assert "got 2 things" in str(grade("conv1d_backward", _returns((1, 2))))
    swapped = grade("conv1d_backward",
                    lambda dy, x, w: reference.conv1d_backward(dy, x, w)[::-1])
    assert "wrong order" in str(swapped) and swapped.score < swapped.max_score


def test_output_size_wants_a_whole_number():
    assert "should be a number" in str(grade("output_size", _returns("3")))
    assert "should be a number" in str(grade("output_size", _returns(True)))
    as_float = grade("output_size", lambda *a, **k: float(reference.output_size(*a, **k)))
    assert as_float.passed


def test_other_argument_names_are_an_error_not_a_crash():
    result = grade("output_size", lambda n, k, s=1, p=0: (n + 2 * p - k) // s + 1)
    assert result.score < result.max_score and "unexpected keyword argument" in str(result)


def test_not_implemented_yet():
    result = grade("conv2d_backward", _raises(NotImplementedError))
    assert (result.score, result.feedback) == (0, [result.feedback[0]])
    assert result.feedback[0].startswith("not implemented yet")


def test_a_loop_that_never_ends_is_stopped(monkeypatch):
    monkeypatch.setattr(grading_module, "SECONDS", 0.2)

    def forever(x, w, b):
        while True:
            pass
    result = grade("conv2d", forever)
    assert result.score == 0 and "longer than 0.2 s" in str(result)
    assert "not run" in str(result)


def test_the_result_shows_itself_in_words_and_html():
    result = grade("avgpool2d_backward", MISTAKES["avgpool2d_backward"]["divided by k, not by k·k"])
    text = str(result)
    assert text.startswith("avgpool2d_backward: 0 of 3 points") and "✗ failed" in text
    page = result._repr_html_()
    assert "<ul" in page and "failed" in page and "aria-label" in page


def test_unknown_exercise_names():
    with pytest.raises(ValueError, match="grade: name must be one of"):
        grade("conv3d", reference.conv2d)


def test_cases_cover_what_the_issue_asks():
    rng = np.random.default_rng(478)
    conv = EXERCISES["conv2d"].cases(rng)
    shapes = [(case.args[0].shape, case.args[1].shape) for case in conv]
    assert any(w[0] != w[1] for _, w in shapes)                    # non-square kernels
    assert any(x[0] % 2 for x, _ in shapes) and any(x[0] % 2 == 0 for x, _ in shapes)
    pools = EXERCISES["maxpool2d_backward"].cases(rng)
    assert any(case.ties for case in pools)
    assert any(case.args[1].shape[0] % case.args[2] for case in pools)   # k does not divide
    sizes = EXERCISES["output_size"].cases(rng)
    assert sum((n + 2 * c.kwargs.get("padding", 0) - k) % c.kwargs.get("stride", 1) != 0
               for c in sizes for n, k in [c.args]) >= 5


def test_solution_shows_the_code(capsys):
    solution("conv2d_backward")
    out = capsys.readouterr().out
    assert out.startswith("def conv2d_backward(dy, x, w):") and "w[::-1, ::-1]" in out


def test_the_case_record_is_what_the_grader_calls():
    case = Case("a case", (np.ones(3),), {"k": 1})
    assert grading_module._call(lambda a, k: a.sum() + k, case)[:2] == (4.0, None)
