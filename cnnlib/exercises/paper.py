"""The self-check of the paper exercises: "correct", or what is off, never the answer.

    check(answer, expected, hint="...", mistakes={"forgot the bias": value, ...})

Beyond "wrong", it says which entry is off and names the classic mistake when the answer is
exactly what that mistake gives: the wrong values come from the notebook (computed with
cnnlib, never typed in), and two mistakes are recognised on their own: the right numbers in
the wrong order, and a shape written channels-last.
"""

import numbers

import numpy as np

PLACEHOLDER = "fill in your answer (replace the ...), then run this cell again"


def _as_numbers(answer):
    """answer as a float array, or the reason it cannot be one."""
    if isinstance(answer, (str, bytes)):
        return None, (f"the answer must be a number or numbers, not text: write 112, "
                      f"not '112' (got {answer!r})")
    if isinstance(answer, (bool, np.bool_)) or isinstance(answer, numbers.Complex) and not \
            isinstance(answer, numbers.Real):
        return None, f"the answer must be a real number; got {answer!r}"
    try:
        got = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return None, (f"the answer must be a number, a tuple of numbers or an array of numbers; "
                      f"got {type(answer).__name__}")
    return got, None


def _ordinal(i):
    suffix = "th" if 10 <= i % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(i % 10, "th")
    return f"{i}{suffix}"


def _which(off):
    """Which entries are off, by position: 'the 2nd number of 3 is off' or
    'entries [0, 1] and [1, 1] of 4 are off'."""
    where = [tuple(int(i) for i in index) for index in np.argwhere(off)]
    if off.ndim == 1:
        names = [f"the {_ordinal(i + 1)}" for (i,) in where[:3]]
    else:
        names = [f"[{', '.join(map(str, index))}]" for index in where[:3]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    listed += f" and {len(where) - 3} more" if len(where) > 3 else ""
    one = len(where) == 1
    if off.ndim == 1:
        noun = "number" if one else "numbers"
        return f"{listed} {noun} of {off.size} {'is' if one else 'are'} off"
    return f"{'entry' if one else 'entries'} {listed} of {off.size} {'is' if one else 'are'} off"


def _size(a):
    return "one number" if a.ndim == 0 else f"shape {a.shape}"


def _matches(got, value, tol):
    value = np.asarray(value, dtype=float)
    return got.shape == value.shape and bool(np.all(np.abs(got - value) <= tol))


def _order_mistake(got, want, tol):
    """The right numbers in another order: a shape written channels-last, or a swap."""
    if want.ndim != 1 or got.shape != want.shape or want.size < 2:
        return None
    if want.size == 3 and _matches(got, want[[1, 2, 0]], tol):
        return ("this is the shape channels-last; here shapes are written channels first: "
                "(channels, height, width)")
    if _matches(np.sort(got), np.sort(want), tol):
        return "the right numbers in the wrong order: check which one comes first"
    return None


def diagnose(answer, expected, mistakes=None, tol=1e-6):
    """(True, "") when answer equals expected, else (False, what is off): not answered, the
    wrong type, the named mistake it matches, the wrong shape, or which entries are off."""
    if answer is None or answer is Ellipsis:
        return False, f"not answered yet: {PLACEHOLDER}"
    got, refused = _as_numbers(answer)
    if refused:
        return False, refused
    want = np.asarray(expected, dtype=float)
    if _matches(got, want, tol):
        return True, ""
    for name, value in (mistakes or {}).items():
        if _matches(got, value, tol):
            return False, name
    order = _order_mistake(got, want, tol)
    if order:
        return False, order
    if got.shape != want.shape:
        return False, f"your answer has {_size(got)}; the answer has {_size(want)}"
    if want.ndim == 0:
        return False, "the number is off"
    return False, _which(np.abs(got - want) > tol)


def check(answer, expected, hint="", mistakes=None, tol=1e-6):
    """Compare a student's answer with the expected one and print a verdict.

    answer: a number, a tuple of numbers or an array (Ellipsis or None: not answered);
    expected: the same kind of thing, computed by the notebook (never typed in);
    hint: what to think about when the answer is off;
    mistakes: {what the mistake is: the value it gives}, for the exercise's classic mistakes;
    tol: absolute tolerance. Returns True when the answer is right.
    """
    right, what = diagnose(answer, expected, mistakes, tol)
    if right:
        print("✓ correct")
        return True
    if what.startswith("not answered"):
        print(f"✗ {what}")
    else:
        print(f"✗ not yet: {what}. {hint}".rstrip())
    return False
