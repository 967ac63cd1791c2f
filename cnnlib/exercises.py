"""Self-check for the notebooks' exercises: says "correct", or what is off, without
giving the answer away.

    check(answer, expected, hint="...")   ->  True / False, and prints a verdict
"""

import numpy as np

PLACEHOLDER = "fill in your answer (replace the ...), then run this cell again"


def check(answer, expected, hint="", tol=1e-6):
    """Compare a student's answer with the expected one and print a verdict.

    answer: a number, a tuple of numbers or an array (Ellipsis or None: not answered);
    expected: the same kind of thing, computed by the notebook (never typed in);
    hint: what to think about when the answer is off; tol: absolute tolerance.
    Returns True when the answer is right.
    """
    if answer is None or answer is Ellipsis:
        print(f"✗ not answered yet: {PLACEHOLDER}")
        return False
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        print(f"✗ not yet: the answer must be a number or an array of numbers; "
              f"got {type(answer).__name__}")
        return False
    want = np.asarray(expected, dtype=float)
    if got.shape != want.shape:
        print(f"✗ not yet: your answer has shape {got.shape}, the answer has shape "
              f"{want.shape}. {hint}".rstrip())
        return False
    off = np.abs(got - want) > tol
    if not off.any():
        print("✓ correct")
        return True
    where = f" ({int(off.sum())} of {off.size} entries are off)" if want.ndim else ""
    print(f"✗ not yet{where}. {hint}".rstrip())
    return False


def solution(name, **data):
    """Print the worked solution of an exercise, e.g. solution("02.1"); see
    cnnlib.solutions.SOLUTIONS for the names and the data each one needs."""
    from .solutions import solution as worked  # imported late: it needs cnnlib.frames

    worked(name, **data)
