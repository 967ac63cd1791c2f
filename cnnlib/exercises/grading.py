"""grade(name, fn): run a student's function on the lecture's example and on random cases,
score each part of what it returns, and name the classic mistake it makes.

The student's code may do anything: raise, loop for ever, print, return None, a list, the
wrong shape, NaN, its gradients in the wrong order, or change its inputs. The grader never
crashes on it and never shows an expected value: it says which case and which entries are
off, and what the mistake looks like, by comparing the output with what each classic
mistake of the exercise (catalog.py) computes.
"""

import contextlib
import html
import io
import itertools
import numbers
import signal
import threading
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..gradcheck import rel_error
from .catalog import EXERCISES

SECONDS = 10            # per call: far more than a loop over a 7x7 input needs
_OURS = (str(Path(np.__file__).parent), str(Path(__file__).resolve().parent.parent))


class _TimeLimit(BaseException):
    """Raised in the student's code when time is up (not an Exception, so that a bare
    `except Exception` in their code cannot swallow it)."""


@contextlib.contextmanager
def _time_limit(seconds):
    """SIGALRM where there is one (Unix, main thread, as in a notebook); elsewhere, none."""
    if not hasattr(signal, "setitimer") or threading.current_thread() != threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _TimeLimit

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _where(error):
    """The line of the student's own code that raised (no file names: they hold paths)."""
    frames = [f for f in traceback.extract_tb(error.__traceback__)
              if not f.filename.startswith(_OURS) and f.line]
    return f" at `{frames[-1].line.strip()}`" if frames else ""


def _call(fn, case):
    """fn(*case.args, **case.kwargs) on copies, quietly, in limited time.
    Returns (output, problem or None, notes)."""
    args = [np.array(a) if isinstance(a, np.ndarray) else a for a in case.args]
    notes = []
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()), \
                warnings.catch_warnings(), np.errstate(all="ignore"), _time_limit(SECONDS):
            warnings.simplefilter("ignore")
            output = fn(*args, **case.kwargs)
    except NotImplementedError:
        return None, "not implemented", notes
    except _TimeLimit:
        return None, f"took longer than {SECONDS} s: is there a loop that never ends?", notes
    except (Exception, SystemExit) as error:
        message = str(error).splitlines()[0][:120] if str(error) else ""
        text = f"{type(error).__name__}: {message}" if message else type(error).__name__
        return None, f"raised {text}{_where(error)}", notes
    for name, before, after in zip(("first", "second", "third"), case.args, args):
        if isinstance(before, np.ndarray) and not np.array_equal(before, after, equal_nan=True):
            notes.append(f"your function changed its {name} argument in place; work on a copy")
    return output, None, notes


def _kind(value):
    return "None" if value is None else type(value).__name__


def _as_number(value, part):
    """A number (or a size-1 array), or why it is not one."""
    if isinstance(value, (bool, np.bool_)) or isinstance(value, (str, bytes)):
        return None, f"{part} should be a number; got {_kind(value)}"
    try:
        array = np.asarray(value, dtype=float)
    except Exception:
        return None, f"{part} should be a number; got {_kind(value)}"
    if array.size != 1:
        return None, f"{part} should be one number; got an array of shape {array.shape}"
    return float(array.reshape(())), None


def _as_array(value, part):
    if value is None:
        return None, f"{part} is None: is the `return` missing?"
    if isinstance(value, (str, bytes, dict, set)):
        return None, f"{part} should be a NumPy array; got {_kind(value)}"
    try:
        return np.asarray(value, dtype=float), None
    except Exception:
        return None, f"{part} should be a NumPy array of numbers; got {_kind(value)}"


def _index(index):
    return "[" + ", ".join(str(int(i)) for i in index) + "]"


def _compare(got, want, part):
    """None when got equals want (to round-off), else what is off, without want's values."""
    if np.ndim(want) == 0:
        whole = isinstance(want, numbers.Integral)
        number, problem = _as_number(got, part)
        if problem:
            return problem
        if not np.isfinite(number):
            return f"{part} is {number}"
        if abs(number - want) <= 1e-9 * max(1.0, abs(want)):
            return None
        return f"{part} is off" + (" (and not a whole number)" if whole and number % 1 else "")
    array, problem = _as_array(got, part)
    if problem:
        return problem
    if array.shape != np.shape(want):
        return f"{part} has shape {array.shape}, not the shape it should have"
    bad = ~np.isfinite(array)
    if bad.any():
        return f"{part} holds NaN or inf, e.g. at {part}{_index(np.argwhere(bad)[0])}"
    off = ~np.isclose(array, want, rtol=1e-7, atol=1e-9)
    if not off.any():
        return None
    return (f"{int(off.sum())} of {off.size} entries of {part} are off, e.g. "
            f"{part}{_index(np.argwhere(off)[0])}")


def _same(got, value):
    """got equals value: same shape, same numbers (to round-off)."""
    try:
        a, b = np.asarray(got, dtype=float), np.asarray(value, dtype=float)
    except Exception:
        return False
    if a.size == 1 and b.size == 1:
        a, b = a.reshape(()), b.reshape(())
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-7, atol=1e-9))


def _split(output, names):
    """The parts of fn's output, by name, or the reason they cannot be read."""
    if len(names) == 1:
        return {names[0]: output}, None
    if not isinstance(output, (tuple, list)) or len(output) != len(names):
        got = (f"{len(output)} things" if isinstance(output, (tuple, list))
               else f"a {_kind(output)}")
        return None, f"should return {len(names)} things, ({', '.join(names)}); got {got}"
    return dict(zip(names, output)), None


def _wrong_order(output, want, names):
    """The right parts in another order (a tuple that is a permutation of the answer)."""
    if len(names) == 1 or not isinstance(output, (tuple, list)) or len(output) != len(names):
        return False
    return any(all(_same(output[i], want[p]) for i, p in enumerate(order))
               for order in itertools.permutations(range(len(names)))
               if list(order) != sorted(order))


@dataclass
class Result:
    """What grade() found: score of max_score points, and feedback lines to read."""

    name: str
    score: float
    max_score: float
    feedback: list = field(default_factory=list)
    mistakes: list = field(default_factory=list)     # the names of the mistakes recognised

    @property
    def passed(self):
        return self.score == self.max_score

    def _title(self):
        return f"{self.name}: {self.score:g} of {self.max_score:g} points"

    def __str__(self):
        return "\n".join([self._title()] + [f"  {line}" for line in self.feedback])

    def __repr__(self):
        return str(self)

    def _repr_pretty_(self, printer, cycle):
        printer.text(str(self))

    def _repr_html_(self):
        """A list a screen reader can walk; pass and fail are said in words, not colour."""
        items = "".join(f"<li>{html.escape(line)}</li>" for line in self.feedback)
        return (f'<section aria-label="Grade of {html.escape(self.name)}" '
                f'style="font-size:15px;line-height:1.5">'
                f"<p><strong>{html.escape(self._title())}</strong></p>"
                f'<ul style="list-style:none;padding-left:0.5em;margin:0">{items}</ul></section>')


def _numerical_check(exercise, cases, outputs):
    """The student's gradients against numerical ones, on the first case without ties."""
    for case, output in zip(cases, outputs):
        if case.ties or output is None or exercise.gradients is None:
            continue
        parts, problem = _split(output, list(exercise.parts))
        if problem:
            return None
        numeric = exercise.gradients(*case.args)
        checks = []
        for part, value in numeric.items():
            got, problem = _as_array(parts[part], part)
            if problem or got.size != np.size(value):
                continue
            error = rel_error(got.reshape(np.shape(value)), value)
            # a pass prints a bound, not the round-off digits, which differ between CPUs
            checks.append(f"{part} < 1e-6 (passed)" if error < 1e-6 else
                          f"{part} {error:.1g} (failed)")
        if checks:
            return (f"numerical gradient check on {case.label}: relative error "
                    + ", ".join(checks))
        return None
    return None


def grade(name, fn, seed=478, extra=0):
    """Grade the student's function `fn` for coding exercise `name`.

    name: one of cnnlib.exercises.EXERCISES ("conv2d", "output_size", "conv1d",
    "conv1d_backward", "conv2d_backward", "maxpool2d_backward", "avgpool2d_backward");
    fn: the student's function, with that exercise's signature;
    seed: the random cases' seed (the notebooks use the default; hidden tests another);
    extra: how many more random cases to add to the usual ones.
    Returns a Result (score, max_score, feedback); it shows itself in a notebook.
    """
    if name not in EXERCISES:
        raise ValueError(f"grade: name must be one of {sorted(EXERCISES)}; got {name!r}")
    exercise = EXERCISES[name]
    names = list(exercise.parts)
    if not callable(fn):
        return Result(name, 0, exercise.max_score,
                      [f"{name} should be a function, {exercise.signature}; got {_kind(fn)}"])
    rng = np.random.default_rng(seed)
    cases = exercise.cases(rng)
    for _ in range(extra):
        cases += exercise.cases(rng)[1:]
    passed = dict.fromkeys(names, 0)
    lines, notes, seen, outputs = [], [], {}, []
    for case in cases:
        output, problem, case_notes = _call(fn, case)
        outputs.append(output)
        notes += [n for n in case_notes if n not in notes]
        if problem == "not implemented":
            return Result(name, 0, exercise.max_score, [
                f"not implemented yet: write the body of {exercise.signature.split(' ->')[0]} "
                "in place of `raise NotImplementedError`, run that cell, then this one"])
        want = exercise.answer(*case.args, **case.kwargs)
        parts, problem = (None, problem) if problem else _split(output, names)
        if problem:
            lines.append(f"✗ failed: {case.label}: {name} {problem}")
            if problem.startswith("took longer"):
                lines.append("the other cases were not run")
                break
            continue
        if _wrong_order(output, want, names):
            seen.setdefault(("order", f"the parts are returned in the wrong order: return "
                             f"({', '.join(names)})", "Return them in the order of the "
                             "signature."), []).append(case)
        failures = []
        for part, right in zip(names, want):
            off = _compare(parts[part], right, part)
            if off is None:
                passed[part] += 1
                continue
            failures.append(off)
            for mistake in exercise.mistakes:
                if mistake.part == part and _matches(mistake, case, parts[part], right):
                    seen.setdefault((part, mistake.name, mistake.hint), []).append(case)
        if failures:
            lines.append(f"✗ failed: {case.label}: " + "; ".join(failures))
        else:
            lines.append(f"✓ passed: {case.label}")
    score = round(sum(exercise.parts[p] * passed[p] / len(cases) for p in names), 2)
    feedback = lines + notes
    numeric = _numerical_check(exercise, cases, outputs)
    if numeric:
        feedback.append(numeric)
    ranked = sorted(seen.items(), key=lambda item: -len(item[1]))
    for (_, mistake, _), where in ranked[:2]:
        feedback.append(f"Mistake: {mistake} (in {len(where)} of {len(cases)} cases)")
    if score < exercise.max_score:
        feedback.append("Hint: " + (ranked[0][0][2] if ranked else exercise.hint))
    return Result(name, score, exercise.max_score, feedback, [m for (_, m, _), _ in ranked])


def _matches(mistake, case, got, right):
    """The student's part is what this mistake computes, and that differs from the answer."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = mistake.compute(*case.args, **case.kwargs)
    except Exception:        # the mistake does not apply to this case (e.g. a shape)
        return False
    return _same(got, value) and not _same(right, value)
