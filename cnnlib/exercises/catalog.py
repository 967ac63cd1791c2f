"""The coding exercises as data: for each, the cases it is graded on, the right answer
(computed by cnnlib's layers, never typed in), and the classic mistakes with what each one
computes, so that the grader can recognise a mistake by the numbers it produces.

Single channel, no batch; b and db are numbers; pools are k x k with stride k.
"""

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .. import conv, pool, sizes
from ..correlation import correlate
from ..gradcheck import numerical_gradient
from . import reference


@dataclass(frozen=True)
class Case:
    label: str          # what the student reads: "random case 3 (x 5x7, w 2x3)"
    args: tuple
    kwargs: dict = field(default_factory=dict)
    ties: bool = False  # a max-pool window holds its maximum twice


@dataclass(frozen=True)
class Mistake:
    part: str                       # which output it is about: "y", "dx", "dw", "db"
    name: str                       # what the student reads: the mistake, named
    hint: str                       # the idea to go back to
    compute: Callable               # args -> what this mistake gives for that part


@dataclass(frozen=True)
class Exercise:
    name: str
    signature: str
    parts: dict                     # output part -> points, in the order fn returns them
    answer: Callable                # args -> tuple of the right parts
    cases: Callable                 # rng -> list of Case (the lecture's example first)
    mistakes: tuple
    hint: str                       # the general hint when no mistake is recognised
    gradients: Callable = None      # args -> {part: numerical gradient}, for backward passes

    @property
    def max_score(self):
        return sum(self.parts.values())

    def solution_code(self):
        return inspect.getsource(getattr(reference, self.name))


# ---- the right answers, from the fast layers ------------------------------------------

def _batch(a):
    return np.asarray(a, dtype=float)[None, None]


def _conv2d(x, w, b):
    return (conv.conv2d(_batch(x), _batch(w), np.array([b], dtype=float))[0, 0],)


def _conv1d(x, w, b):
    return (conv.conv1d(_batch(x), _batch(w), np.array([b], dtype=float))[0, 0],)


def _conv_backward(layer):
    def answer(dy, x, w):
        dx, dw, db = layer(_batch(dy), _batch(x), _batch(w))
        return dx[0, 0], dw[0, 0], float(db[0])
    return answer


def _conv_gradients(forward):
    """Central differences of sum(y * dy) with respect to x, w and b."""
    def gradients(dy, x, w):
        def run(x, w, b):
            return forward(_batch(x), _batch(w), np.reshape(b, (1,)))[0, 0]
        return {"dx": numerical_gradient(lambda a: run(a, w, 0.0), x, dy),
                "dw": numerical_gradient(lambda a: run(x, a, 0.0), w, dy),
                "db": numerical_gradient(lambda a: run(x, w, a), np.array(0.0), dy)}
    return gradients


def _pool_gradients(forward):
    def gradients(dy, x, k):
        return {"dx": numerical_gradient(lambda a: forward(_batch(a), k)[0, 0], x, dy)}
    return gradients


def _pool_backward(layer):
    return lambda dy, x, k: (layer(_batch(dy), _batch(x), k)[0, 0],)


# ---- the lecture's examples -------------------------------------------------------------

X_1D, W_1D, B_1D, DY_1D = [1.0, 2.0, -1.0, 3.0], [2.0, 3.0], 1.0, [2.0, -2.0, -1.0]
X_2D = [[1.0, 2.0, 0.0, -1.0], [3.0, -1.0, 2.0, 1.0], [0.0, 1.0, -2.0, 2.0], [2.0, 0.0, 1.0, 3.0]]
W_2D, B_2D = [[1.0, 2.0], [3.0, 4.0]], 1.0
DY_2D = [[2.0, -2.0, -1.0], [-1.0, -1.0, 2.0], [3.0, 1.0, -2.0]]
X_POOL = [[1.0, 5.0, 2.0, 0.0], [3.0, 2.0, 4.0, 6.0], [0.0, 7.0, 1.0, 2.0], [4.0, 1.0, 3.0, 8.0]]
DY_POOL = [[4.0, 8.0], [-4.0, 12.0]]


def _size(shape):
    return "x".join(map(str, shape)) if len(shape) > 1 else str(shape[0])


def _arrays(*arrays):
    return tuple(np.array(a, dtype=float) for a in arrays)


def _conv_cases(ndim, backward):
    """The lecture's example, then random inputs: odd and even sizes, non-square kernels."""
    shapes = ([(7, 2), (8, 3), (6, 5), (9, 1)] if ndim == 1 else
              [((5, 5), (3, 3)), ((6, 7), (2, 3)), ((7, 4), (3, 2)), ((3, 3), (3, 3))])

    def cases(rng):
        x, w, dy = (X_1D, W_1D, DY_1D) if ndim == 1 else (X_2D, W_2D, DY_2D)
        first = f"the lecture's example (x {_size(np.shape(x))}, w {_size(np.shape(w))})"
        b = B_1D if ndim == 1 else B_2D
        out = [Case(first, _arrays(dy, x, w) if backward else _arrays(x, w) + (b,))]
        for i, (xs, ws) in enumerate(shapes, start=2):
            xs, ws = (xs,) if ndim == 1 else xs, (ws,) if ndim == 1 else ws
            x, w = rng.standard_normal(xs), rng.standard_normal(ws)
            label = f"random case {i} (x {_size(xs)}, w {_size(ws)})"
            if backward:
                ys = tuple(a - k + 1 for a, k in zip(xs, ws))
                out.append(Case(label, (rng.standard_normal(ys), x, w)))
            else:
                out.append(Case(label, (x, w, float(np.round(rng.uniform(0.5, 2), 2)))))
        return out
    return cases


def _pool_cases(rng):
    """The lecture's example, then inputs that k does not divide and windows with ties."""
    out = [Case("the lecture's example (x 4x4, k 2)", _arrays(DY_POOL, X_POOL) + (2,))]
    for i, (shape, k) in enumerate([((5, 5), 2), ((6, 6), 3), ((7, 4), 2), ((6, 4), 2)],
                                   start=2):
        x = rng.integers(0, 3, size=shape).astype(float)       # 0, 1, 2: ties are likely
        x[0, :2] = x[1, 0] = 9.0                               # the first window ties for sure
        dy = rng.standard_normal((shape[0] // k, shape[1] // k))
        out.append(Case(f"random case {i} (x {_size(shape)}, k {k}, ties)", (dy, x, k),
                        ties=True))
    x = rng.permutation(35).reshape(5, 7).astype(float)          # no ties
    out.append(Case("random case 6 (x 5x7, k 2, no ties)",
                    (rng.standard_normal((2, 3)), x, 2)))
    return out


def _size_cases(rng):
    """The lecture's 7x7 examples, ResNet's first layer, then strides that do not divide."""
    fixed = [((7, 3), {}, "7 with a 3-wide kernel, default stride and padding"),
             ((7, 3), {"stride": 2, "padding": 0}, "7, kernel 3, stride 2"),
             ((7, 3), {"stride": 3, "padding": 0}, "7, kernel 3, stride 3"),
             ((7, 3), {"stride": 2, "padding": 1}, "7, kernel 3, stride 2, padding 1"),
             ((224, 7), {"stride": 2, "padding": 3}, "224, kernel 7, stride 2, padding 3")]
    out = [Case(f"n = {label}", args, kwargs) for args, kwargs, label in fixed]
    while len(out) < 10:
        n, k, s, p = (int(v) for v in (rng.integers(5, 40), rng.integers(1, 8),
                                       rng.integers(2, 6), rng.integers(0, 4)))
        if k <= n + 2 * p and (n + 2 * p - k) % s:
            out.append(Case(f"n = {n}, kernel {k}, stride {s}, padding {p}", (n, k),
                            {"stride": s, "padding": p}))
    return out


# ---- the classic mistakes ---------------------------------------------------------------

def _windows(x, k, oh, ow):
    """x's k x k windows at stride k as (oh, ow, k*k), row-major inside each window."""
    return x[:oh * k, :ow * k].reshape(oh, k, ow, k).transpose(0, 2, 1, 3).reshape(oh, ow, -1)


def _unwindows(parts, shape, k):
    """(oh, ow, k*k) window gradients back onto an array of x's shape (0 where none)."""
    oh, ow, _ = parts.shape
    dx = np.zeros(shape)
    dx[:oh * k, :ow * k] = parts.reshape(oh, ow, k, k).transpose(0, 2, 1, 3).reshape(
        oh * k, ow * k)
    return dx


def _to_cells(dy, x, k, chosen):
    """dy of each window sent to the window cells that `chosen` (oh, ow, k*k) marks."""
    return _unwindows(chosen * dy[:, :, None], x.shape, k)


def _max_cells(which):
    def compute(dy, x, k):
        win = _windows(x, k, *dy.shape)
        ties = win == win.max(axis=2, keepdims=True)
        if which == "every tied":
            return _to_cells(dy, x, k, ties)
        last = win.shape[2] - 1 - np.argmax(ties[:, :, ::-1], axis=2)
        return _to_cells(dy, x, k, np.arange(win.shape[2]) == last[:, :, None])
    return compute


def _spread(divisor):
    return lambda dy, x, k: _to_cells(dy / divisor(k), x, k, np.ones((1, 1, k * k)))


def _uncovered_dropped(answer):
    """The right numbers, but dx only as large as the windows reach."""
    def compute(dy, x, k):
        return answer(dy, x, k)[0][:dy.shape[0] * k, :dy.shape[1] * k]
    return compute


CONV_FORWARD_HINT = ("Go back to the slide's sum: y[j, k] = b + Σ_l Σ_m w[l, m]·x[j + l, k + m], "
                     "for every position where the whole kernel lies inside x.")


def _forward_mistakes(ndim):
    flip = (lambda w: w[::-1]) if ndim == 1 else (lambda w: w[::-1, ::-1])
    short = (lambda y: y[:-1]) if ndim == 1 else (lambda y: y[:-1, :-1])
    valid = lambda x, w, b: correlate(x, w) + b                       # noqa: E731
    mistakes = [
        Mistake("y", "the kernel is flipped: that is a true convolution, not the slides' "
                "cross-correlation", "On the slides w[l, m] multiplies x[j + l, k + m]: no "
                "flip in the forward pass.", lambda x, w, b: correlate(x, flip(w)) + b),
        Mistake("y", "the bias is missing", "Every output cell adds the shared bias b once.",
                lambda x, w, b: correlate(x, w)),
        Mistake("y", "the bias is added once per kernel cell instead of once per output",
                "Add b outside the sum over l and m.",
                lambda x, w, b: correlate(x, w) + b * w.size),
        Mistake("y", "the output is one window short", "A K-wide kernel fits in n - K + 1 "
                "positions: range(n - K + 1), not range(n - K).",
                lambda x, w, b: short(valid(x, w, b))),
        Mistake("y", "the input is padded: the slides' layer is 'valid'", "Only windows that "
                "lie wholly inside x produce an output; there is no padding here.",
                lambda x, w, b: correlate(x, w, mode="full") + b),
    ]
    if ndim == 2:
        mistakes.insert(2, Mistake(
            "y", "the kernel indices are swapped (w[m, l] where the slide has w[l, m])",
            "l counts the kernel's rows and moves down x; m counts its columns and moves "
            "along x.", lambda x, w, b: correlate(x, w.T) + b))
    return tuple(mistakes)


def _backward_mistakes(ndim, answer):
    if ndim == 1:
        flips = [("without flipping the kernel", lambda w: w)]
    else:
        flips = [("without rotating the kernel", lambda w: w),
                 ("with the kernel flipped along one axis only (up-down)", lambda w: w[::-1]),
                 ("with the kernel flipped along one axis only (left-right)",
                  lambda w: w[:, ::-1])]
    rot = (lambda a: a[::-1]) if ndim == 1 else (lambda a: a[::-1, ::-1])
    rotated = "flip(w), [w2, w1]" if ndim == 1 else "rot180(w), turned by 180°"
    reads = ("input cell i is read by kernel cell i - j of output j" if ndim == 1 else
             "input cell (r, c) is read by kernel cell (r - i, c - j) of output (i, j)")
    mistakes = [Mistake("dx", f"dx is computed {what}", f"dx = pad(dy) * {rotated}: {reads}.",
                        lambda dy, x, w, f=f: correlate(dy, f(w), mode="full"))
                for what, f in flips]
    mistakes += [
        Mistake("dx", "dy is not zero-padded before the correlation", "Pad dy with K - 1 zeros "
                "on every side, so that dx has the input's shape.",
                lambda dy, x, w: correlate(dy, rot(w))),
        Mistake("dw", "dw is flipped", "dw = x * dy is a correlation: dw[l] sums dy[j]·x[j + l], "
                "nothing is flipped.", lambda dy, x, w: rot(answer(dy, x, w)[1])),
        Mistake("db", "db is the mean of dy, not its sum", "Every output adds b once, so each "
                "dy counts once in full: db = Σ dy.", lambda dy, x, w: float(np.mean(dy))),
        Mistake("db", "db is not summed: it should be one number", "db = Σ dy: add up every "
                "entry of dy.", lambda dy, x, w: dy),
    ]
    if ndim == 2:
        mistakes.insert(-2, Mistake(
            "dw", "dw is transposed", "dw[l, m] = Σ dy[i, j]·x[i + l, j + m]: row offset l "
            "first, column offset m second.", lambda dy, x, w: answer(dy, x, w)[1].T))
    return tuple(mistakes)


_MAX_ANSWER = _pool_backward(pool.maxpool2d_backward)
_AVG_ANSWER = _pool_backward(pool.avgpool2d_backward)
_UNCOVERED = ("dx is smaller than x", "dx has x's shape: a cell that no window covers gets "
              "a zero gradient.")

MAX_MISTAKES = (
    Mistake("dx", "every cell of the window gets dy", "Only the cell that won the max moved "
            "y; the others get 0.", _spread(lambda k: 1)),
    Mistake("dx", "every tied maximum gets dy", "On a tie only the first maximum, in "
            "row-major order, counts as the winner (as PyTorch does).",
            _max_cells("every tied")),
    Mistake("dx", "the last maximum gets dy, not the first", "Take the first maximum in "
            "row-major order: np.argmax returns exactly that.", _max_cells("last")),
    Mistake("dx", "this is average pooling's gradient", "Max pooling sends dy to the winner "
            "only, undivided.", _spread(lambda k: k * k)),
    Mistake("dx", *_UNCOVERED, _uncovered_dropped(_MAX_ANSWER)),
)

AVG_MISTAKES = (
    Mistake("dx", "dy is not divided by k·k", "The window's average weighs each of its k·k "
            "cells by 1/(k·k).", _spread(lambda k: 1)),
    Mistake("dx", "dy is divided by k, not by k·k", "A k x k window has k·k cells.",
            _spread(lambda k: k)),
    Mistake("dx", "this is max pooling's gradient", "Every cell of the window was averaged "
            "in, so every cell gets its share.", lambda dy, x, k: _MAX_ANSWER(dy, x, k)[0]),
    Mistake("dx", *_UNCOVERED, _uncovered_dropped(_AVG_ANSWER)),
)


def _size_mistake(name, hint, formula):
    return Mistake("size", name, hint, lambda n, k, stride=1, padding=0: formula(
        n + 2 * padding - k, stride, n, k, padding))


SIZE_HINT = ("A window fits at 0, s, 2s, ... while it ends inside the padded input: "
             "floor((n + 2p - k) / s) + 1.")
SIZE_MISTAKES = (
    _size_mistake("the floor is missing", "Count whole steps only: use // (or math.floor).",
                  lambda room, s, *_: room / s + 1),
    _size_mistake("the division is rounded up", "A window that would stick out is dropped: "
                  "round down (floor).", lambda room, s, *_: -(-room // s) + 1),
    _size_mistake("the division is rounded to the nearest whole number",
                  "Round down (floor): a window that would stick out is dropped.",
                  lambda room, s, *_: int(np.floor(room / s + 0.5)) + 1),
    _size_mistake("the padding is counted once", "Padding adds p zeros on both sides: n + 2p.",
                  lambda room, s, n, k, p: (n + p - k) // s + 1),
    _size_mistake("the padding is left out", "Padding adds p zeros on both sides: n + 2p.",
                  lambda room, s, n, k, p: (n - k) // s + 1),
    _size_mistake("the +1 is missing", "Count the first window too: (n + 2p - k) // s "
                  "counts the steps after it.", lambda room, s, *_: room // s),
    _size_mistake("the stride is left out", "Windows start every s cells.",
                  lambda room, s, *_: room + 1),
)

EXERCISES = {e.name: e for e in (
    Exercise("conv2d", "conv2d(x, w, b) -> y", {"y": 4}, _conv2d, _conv_cases(2, False),
             _forward_mistakes(2), CONV_FORWARD_HINT),
    Exercise("output_size", "output_size(n, k, stride=1, padding=0) -> int", {"size": 3},
             lambda n, k, stride=1, padding=0: (sizes.output_size(n, k, stride, padding),),
             _size_cases, SIZE_MISTAKES, SIZE_HINT),
    Exercise("conv1d", "conv1d(x, w, b) -> y", {"y": 3}, _conv1d, _conv_cases(1, False),
             _forward_mistakes(1), CONV_FORWARD_HINT.replace("Σ_l Σ_m w[l, m]·x[j + l, k + m]",
                                                             "Σ_l w[l]·x[j + l]")),
    Exercise("conv1d_backward", "conv1d_backward(dy, x, w) -> (dx, dw, db)",
             {"dx": 2, "dw": 2, "db": 1}, _conv_backward(conv.conv1d_backward),
             _conv_cases(1, True), _backward_mistakes(1, _conv_backward(conv.conv1d_backward)),
             "db = Σ dy, dw = x * dy, dx = [0, dy, 0] * [w2, w1].", _conv_gradients(conv.conv1d)),
    Exercise("conv2d_backward", "conv2d_backward(dy, x, w) -> (dx, dw, db)",
             {"dx": 3, "dw": 2, "db": 1}, _conv_backward(conv.conv2d_backward),
             _conv_cases(2, True), _backward_mistakes(2, _conv_backward(conv.conv2d_backward)),
             "db = Σ dy, dw = x * dy, dx = zero-padded dy * rot180(w).",
             _conv_gradients(conv.conv2d)),
    Exercise("maxpool2d_backward", "maxpool2d_backward(dy, x, k) -> dx", {"dx": 4},
             _MAX_ANSWER, _pool_cases, MAX_MISTAKES,
             "Each window's dy goes to its winner, the first maximum in row-major order; "
             "every other cell gets 0.", _pool_gradients(pool.maxpool2d)),
    Exercise("avgpool2d_backward", "avgpool2d_backward(dy, x, k) -> dx", {"dx": 3},
             _AVG_ANSWER, _pool_cases, AVG_MISTAKES,
             "Each window's dy is shared equally by its k·k cells.",
             _pool_gradients(pool.avgpool2d)),
)}


def mistakes(name, *args, part=None, at=None, **kwargs):
    """{what the mistake is: the value it gives} for the classic mistakes of coding exercise
    `name` on these arguments: the paper exercises' check() uses them to name a mistake.

    part: which output ("dx", "dw", ...) when there are several; at: one entry (an index)
    instead of the whole array. Mistakes that give the same value share one description.
    """
    found = {}
    for mistake in EXERCISES[name].mistakes:
        if part not in (None, mistake.part):
            continue
        try:
            value = np.asarray(mistake.compute(*args, **kwargs), dtype=float)
            value = value[at] if at is not None else value
        except (ValueError, IndexError):           # the mistake gives another shape here
            continue
        same = [key for key, other in found.items()
                if np.shape(other) == value.shape and np.allclose(other, value)]
        if same:
            found[f"{same[0]}, or {mistake.name}"] = found.pop(same[0])
        else:
            found[mistake.name] = value
    return found
