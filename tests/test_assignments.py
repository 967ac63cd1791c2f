"""nbgrader end to end: build an assignment from a course notebook, hand in two students'
work (one right, one with a classic mistake in one exercise), autograde, and read the
grades CSV: full marks for one, partial for the other. Also: the release hides the
solutions and the hidden tests, and the source's solutions are cnnlib's worked ones."""

import csv
import inspect
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from cnnlib.exercises import EXERCISES, reference

pytest.importorskip("nbgrader", reason="pip install nbgrader (make installs it)")
ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "assignments.py"
NAME = "04_backprop_1d"                   # conv1d (3 points) and conv1d_backward (5 points)

# A student's conv1d_backward whose dx forgets to flip the kernel.
NO_FLIP = '''def conv1d_backward(dy, x, w):
    k = len(w)
    padded = np.pad(dy, k - 1)
    dx = np.array([np.sum(padded[i:i + k] * w) for i in range(len(x))])
    dw = np.array([np.sum(x[l:l + len(dy)] * dy) for l in range(k)])
    return dx, dw, np.sum(dy)'''


def _tool(*args):
    done = subprocess.run([sys.executable, str(TOOL), *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def _hand_in(release, course, student, answers):
    """The release notebook with each exercise's stub replaced by the student's code."""
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("_solution"):
            cell.source = answers[grade_id.removesuffix("_solution")]
    folder = course / "submitted" / student / NAME
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{NAME}.ipynb")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    _tool("build", NAME, "--course", str(course))
    return course


def test_the_release_hides_solutions_and_hidden_tests(course):
    release = (course / "release" / NAME / f"{NAME}.ipynb").read_text()
    source = (course / "source" / NAME / f"{NAME}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" in source and "HIDDEN" not in release
    assert "BEGIN SOLUTION" in source and "BEGIN SOLUTION" not in release
    solved = "dx[i] = np.sum(dy_padded[i:i + k] * w_flipped)"
    assert solved in source and solved not in release
    assert 'solution(\\"conv1d' not in release            # no worked-solution tips either


def test_the_source_holds_cnnlibs_worked_solutions(course):
    nb = nbformat.read(course / "source" / NAME / f"{NAME}.ipynb", as_version=4)
    points = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            name = meta["grade_id"].removesuffix("_solution")
            body = inspect.getsource(getattr(reference, name)).split("\n", 1)[1].rstrip()
            assert body in cell.source
        if meta.get("grade"):
            points[meta["grade_id"].removesuffix("_tests")] = meta["points"]
    assert points == {n: EXERCISES[n].max_score for n in ("conv1d", "conv1d_backward")}


def test_autograde_gives_full_and_partial_marks(course):
    release = course / "release" / NAME / f"{NAME}.ipynb"
    right = {n: inspect.getsource(getattr(reference, n)) for n in ("conv1d", "conv1d_backward")}
    _hand_in(release, course, "ada", right)
    _hand_in(release, course, "bob", {**right, "conv1d_backward": NO_FLIP})
    _tool("autograde", "--course", str(course))
    with open(course / "grades.csv", newline="") as f:
        rows = {row["student_id"]: row for row in csv.DictReader(f)}
    full = EXERCISES["conv1d"].max_score + EXERCISES["conv1d_backward"].max_score
    assert float(rows["ada"]["score"]) == float(rows["ada"]["max_score"]) == full
    assert EXERCISES["conv1d"].max_score < float(rows["bob"]["score"]) < full
    feedback = (course / "autograded" / "bob" / NAME / f"{NAME}.ipynb").read_text()
    assert "without flipping the kernel" in feedback
