"""nbgrader assignments from the course notebooks, and their autograding.

    python tools/assignments.py build     [--course DIR] [NOTEBOOK ...]   (make assignments)
    python tools/assignments.py autograde [--course DIR]                  (make autograde)

build: every notebook with coding exercises becomes an assignment named after it, in nbgrader's
course layout under DIR (default: course/): source/<name>/<name>.ipynb is the instructor's
version, release/<name>/<name>.ipynb what students get (nbgrader generate_assignment).
In the source, each exercise's stub holds the worked solution between nbgrader's solution
markers, taken from cnnlib.exercises.reference (one place, never copied by hand), and its
grading cell becomes an autograded test worth the exercise's points: it calls
cnnlib.exercises.grade, shows the feedback and leaves the score as the cell's value, which
nbgrader reads as partial credit. A hidden test (removed from the release) grades on more
random cases, with a seed the students do not see.

autograde: grades what is in DIR/submitted/<student>/<assignment>/<name>.ipynb, the layout
nbgrader expects, and writes DIR/grades.csv (nbgrader export).
"""

import argparse
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat

from cnnlib.exercises import EXERCISES, reference

ROOT = Path(__file__).resolve().parent.parent
HIDDEN_SEED = 97_2026           # the hidden tests' cases; only the source notebooks show it
CONFIG = """\
c = get_config()  # noqa: F821 (nbgrader's config loader provides it)
c.CourseDirectory.course_id = "ecen478-cnn"
c.ExecutePreprocessor.timeout = 300
"""


def _nbgrader(course, *args):
    """Run nbgrader in the course folder with this Python (its own venv's nbgrader)."""
    command = [sys.executable, "-m", "nbgrader", *args]
    # nbgrader runs its database migrations with the `alembic` command: the venv's own
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent),
                                                  os.environ.get("PATH", "")])}
    done = subprocess.run(command, cwd=course, capture_output=True, text=True, env=env)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done


def _meta(grade_id, solution, grade, points=None):
    meta = {"grade": grade, "solution": solution, "locked": not solution,
            "grade_id": grade_id, "schema_version": 3, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _solution_cell(cell, name):
    """The stub's signature and docstring, then the worked solution between the markers."""
    head = cell.source.split("    # your code here")[0].rstrip()
    body = inspect.getsource(getattr(reference, name)).split("\n", 1)[1].rstrip()
    cell.source = f"{head}\n    ### BEGIN SOLUTION\n{body}\n    ### END SOLUTION"
    cell.metadata = _meta(f"{name}_solution", solution=True, grade=False)


def _test_cell(cell, name):
    cell.source = "\n".join([
        f'result = grade("{name}", {name})',
        "### BEGIN HIDDEN TESTS",
        f'result = grade("{name}", {name}, seed={HIDDEN_SEED}, extra=2)',
        "### END HIDDEN TESTS",
        "display(result)",
        "result.score   # nbgrader reads this number as the points earned"])
    cell.metadata = _meta(f"{name}_tests", solution=False, grade=True,
                          points=EXERCISES[name].max_score)


SOLUTION_TIP = re.compile(r"\s*\*Stuck after a real try\?\*[^\n]*")


def source_notebook(path):
    """The nbgrader source version of a course notebook, or None if it has no coding exercise."""
    nb = nbformat.read(path, as_version=4)
    exercises = 0
    for cell in nb.cells:
        role = cell.metadata.get("cnnlib", {})
        if role.get("role") == "stub":
            _solution_cell(cell, role["exercise"])
            exercises += 1
        elif role.get("role") == "grade":
            _test_cell(cell, role["exercise"])
        elif cell.cell_type == "markdown":
            cell.source = SOLUTION_TIP.sub("", cell.source)     # no worked solutions here
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb if exercises else None


def build(course, names):
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG)
    paths = [ROOT / "notebooks" / f"{n}.ipynb" for n in names] if names else \
        sorted((ROOT / "notebooks").glob("*.ipynb"))
    built = []
    for path in paths:
        nb = source_notebook(path)
        if nb is None:
            continue
        folder = course / "source" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, folder / path.name)
        _nbgrader(course, "generate_assignment", path.stem, "--force")
        built.append(path.stem)
        print(f"{path.stem}: source/{path.stem}/ and release/{path.stem}/")
    return built


def autograde(course):
    submitted = sorted({p.parent.name for p in (course / "submitted").glob("*/*/*.ipynb")})
    if not submitted:
        sys.exit(f"nothing to grade: put submissions in {course}/submitted/<student>/"
                 f"<assignment>/<notebook>.ipynb")
    for assignment in submitted:
        _nbgrader(course, "autograde", assignment, "--force")
        print(f"autograded {assignment}")
    _nbgrader(course, "export", "--to", "grades.csv")
    print(f"grades: {course / 'grades.csv'}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=["build", "autograde"])
    parser.add_argument("notebooks", nargs="*", help="notebook names, e.g. 04_backprop_1d")
    parser.add_argument("--course", type=Path, default=ROOT / "course")
    args = parser.parse_intermixed_args()
    course = args.course.resolve()
    if args.command == "build":
        build(course, args.notebooks)
    else:
        autograde(course)


if __name__ == "__main__":
    main()
