"""Exercises: the paper exercises' self-check, the coding exercises' grader, and the worked
solutions, on request. One engine serves the notebooks' check cells, their grading cells
and the nbgrader assignments built from them.

    check(answer, expected, hint="...", mistakes={...})   paper exercises: True / False, and
                                                           a verdict that names the mistake
    grade("conv2d", conv2d)      coding exercises: a Result (score, max_score, feedback)
                                 that shows itself in a notebook; never shows the answer
    solution("conv2d")           the worked solution (code, or the reasoning on paper)
    mistakes("output_size", 224, 7, stride=2, padding=3)   what each classic mistake gives
"""

from .catalog import EXERCISES, mistakes
from .grading import Result, grade
from .paper import PLACEHOLDER, check

__all__ = ["check", "grade", "solution", "mistakes", "Result", "EXERCISES", "PLACEHOLDER"]


def solution(name, **data):
    """Print the worked solution of an exercise: solution("conv2d") shows the code of a
    coding exercise; solution("02.1") the reasoning of a paper one (see
    cnnlib.solutions.SOLUTIONS for those names and the data each one needs)."""
    if name in EXERCISES:
        print(EXERCISES[name].solution_code())
        return
    from ..solutions import solution as worked  # imported late: it needs cnnlib.frames

    worked(name, **data)
