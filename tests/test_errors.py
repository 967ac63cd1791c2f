"""Bad inputs get clear errors; good but unusual inputs are accepted.

The rule: every public function checks its arguments and raises ValueError (TypeError for
the wrong kind of thing) with a message that starts with the function's name, names the
argument, and says what was expected and what came. Never an IndexError or a NumPy
broadcasting error from deep inside, never a silently wrong answer.

Each test is one rule, parametrized over every function it applies to: the layers in
`cnnlib` and their loop twins in `cnnlib.naive`, then `correlate` / `convolve`,
`output_size` and `cnnlib.gradcheck`. The last section holds the inputs that must work.
"""

import re

import numpy as np
import pytest

import cnnlib
from cnnlib import gradcheck, naive

# ---- the layers, and valid arguments for each ------------------------------------------

N, C, F = 2, 3, 4                    # batch, input channels, filters
SPATIAL = {1: (5,), 2: (5, 6)}       # input length, or (height, width)
KERNEL = {1: (3,), 2: (3, 2)}        # conv kernel; the pools use size=2
FIRST_AXIS = {1: "length", 2: "height"}

LAYER_NAMES = [f"{op}{d}d{suffix}" for op in ("conv", "maxpool", "avgpool")
               for d in (1, 2) for suffix in ("", "_backward")]


class Layer:
    """One conv or pool function, fast or naive, with a factory of valid arguments."""

    def __init__(self, module, name):
        self.func = getattr(module, name)
        self.label = name if module is cnnlib else f"naive.{name}"   # how its errors begin
        self.forward = getattr(cnnlib, name.removesuffix("_backward"))
        self.is_conv = name.startswith("conv")
        self.is_backward = name.endswith("_backward")
        self.ndim = 2 if "2d" in name else 1
        self.arrays = (("dy",) if self.is_backward else ()) + ("x",) \
            + (("w",) if self.is_conv else ()) \
            + (("b",) if self.is_conv and not self.is_backward else ())
        self.ints = ("stride", "padding", "dilation") if self.is_conv else ("size", "stride")

    def __repr__(self):
        return self.label

    def kwargs(self, dtype=np.float64, hyper=None, **changes):
        """Valid keyword arguments: random arrays of `dtype`, the hyper-parameters `hyper`
        (defaults if None), dy shaped like the forward output; then `changes` on top."""
        rng = np.random.default_rng(0)
        args = {"x": rng.standard_normal((N, C) + SPATIAL[self.ndim]).astype(dtype)}
        if self.is_conv:
            args["w"] = rng.standard_normal((F, C) + KERNEL[self.ndim]).astype(dtype)
        else:
            args["size"] = 2
        args.update(hyper or {})
        if self.is_backward:
            args["dy"] = rng.standard_normal(self.forward(**args).shape).astype(dtype)
        elif self.is_conv:
            args["b"] = rng.standard_normal(F).astype(dtype)
        args.update(changes)
        return args

    def __call__(self, **changes):
        """The function on valid arguments but for `changes`."""
        return self.func(**self.kwargs(**changes))


LAYERS = [Layer(module, name) for module in (cnnlib, naive) for name in LAYER_NAMES]
CONV = [layer for layer in LAYERS if layer.is_conv]
CONV_FORWARD = [layer for layer in CONV if not layer.is_backward]
BACKWARD = [layer for layer in LAYERS if layer.is_backward]
LAYERS_2D = [layer for layer in LAYERS if layer.ndim == 2]


def says(func, names="", *quoted):
    """A `match=` regex: the message starts with "func:", has each word of `names` as a
    whole word (so "x" is not found inside "max"), and each of `quoted` verbatim."""
    ahead = [rf"(?=.*\b{re.escape(name)}\b)" for name in names.split()]
    ahead += [f"(?=.*{re.escape(str(text))})" for text in quoted]
    return "(?s)^" + re.escape(f"{func}:") + "".join(ahead)


def params(pairs, rows):
    """pytest.params (layer, arg, *values) for every (layer, arg) of `pairs` and every row
    (id, *values) of rows(layer, arg); the test ids read "layer-arg-id"."""
    return [pytest.param(layer, arg, *values, id=f"{layer}-{arg}-{row_id}")
            for layer, arg in pairs for row_id, *values in rows(layer, arg)]


def ragged(array):
    """array as nested lists, but with the first entry nested one level deeper."""
    rows = array.tolist()
    rows[0] = [rows[0], rows[0]]
    return rows


def not_arrays(layer, arg):
    """(id, make a bad value from the valid array, what the message must quote) rows."""
    rows = [("string", lambda a: "abc", "'abc'"),
            ("complex", lambda a: a.astype(complex), "complex128"),
            ("object", lambda a: a.astype(object), "object"),
            ("ragged", ragged, "list")]
    if arg != "b":                                     # b=None means "no bias"
        rows.append(("None", lambda a: None, "None"))
    return rows


# ---- conv and pool layers: the arrays ----------------------------------------------------

ARRAY_ARGS = [(layer, arg) for layer in LAYERS for arg in layer.arrays]


@pytest.mark.parametrize("change", [lambda a: a[0], lambda a: a[..., None]],
                         ids=["one_fewer_dim", "one_more_dim"])
@pytest.mark.parametrize("layer, arg", [pytest.param(layer, arg, id=f"{layer}-{arg}")
                                        for layer, arg in ARRAY_ARGS])
def test_wrong_number_of_dimensions(layer, arg, change):
    bad = change(layer.kwargs()[arg])
    want = "1 dimension" if arg == "b" else f"{layer.ndim + 2} dimensions"
    with pytest.raises(ValueError, match=says(layer.label, arg, want,
                                              f"got shape {bad.shape}")):
        layer(**{arg: bad})


@pytest.mark.parametrize("layer, arg, make, quoted", params(ARRAY_ARGS, not_arrays))
def test_not_an_array_of_real_numbers(layer, arg, make, quoted):
    """Strings, None (also a forgotten dy), complex and object arrays, ragged lists."""
    bad = make(layer.kwargs()[arg])
    with pytest.raises(TypeError, match=says(layer.label, arg, quoted)):
        layer(**{arg: bad})


EMPTY_PAIRS = [(layer, arg) for layer in LAYERS for arg in ("x", "w") if arg in layer.arrays]


@pytest.mark.parametrize("layer, arg, axis", params(
    EMPTY_PAIRS, lambda layer, arg: [("first_axis", 0), ("last_axis", -1)]))
def test_empty_array(layer, arg, axis):
    """No images (or filters), and no pixels (or kernel taps)."""
    bad = np.moveaxis(np.moveaxis(layer.kwargs()[arg], axis, 0)[:0], 0, axis)
    with pytest.raises(ValueError, match=says(layer.label, arg, "empty", bad.shape)):
        layer(**{arg: bad})


@pytest.mark.parametrize("layer", CONV, ids=str)
def test_channel_mismatch(layer):
    w = layer.kwargs()["w"][:, :2]                     # C=2 filters for C=3 inputs
    with pytest.raises(ValueError, match=says(layer.label, "w x", "C=2", "C=3")):
        layer(w=w)


@pytest.mark.parametrize("layer", CONV_FORWARD, ids=str)
@pytest.mark.parametrize("length", [F - 1, F + 1])
def test_bias_of_wrong_length(layer, length):
    with pytest.raises(ValueError, match=says(layer.label, "b", f"({F},)", f"({length},)")):
        layer(b=np.zeros(length))


@pytest.mark.parametrize("layer, axis", [pytest.param(layer, axis, id=f"{layer}-axis{axis}")
                                         for layer in BACKWARD for axis in range(layer.ndim + 2)])
def test_dy_of_wrong_shape(layer, axis):
    right = layer.kwargs()["dy"].shape
    wrong = right[:axis] + (right[axis] + 1,) + right[axis + 1:]
    with pytest.raises(ValueError, match=says(layer.label, "dy", right, f"got {wrong}")):
        layer(dy=np.zeros(wrong))


def window_too_big(layer):
    """(id, changes, quoted) rows whose window does not fit the (padded) input."""
    axis = FIRST_AXIS[layer.ndim]                   # length 5 (1-D) or height 5 (2-D)
    rest = KERNEL[layer.ndim][1:]

    def filters(k, *more):
        return np.ones((F, C, k) + (more or rest))

    if layer.is_conv:
        rows = [("kernel", dict(w=filters(6)), [f"{axis} 6", f"input {axis} 5"]),
                ("dilation", dict(dilation=3), [f"{axis} 3", "dilation 3", f"input {axis} 5"]),
                ("padded", dict(w=filters(8), padding=1), [f"{axis} 8", f"input {axis} 7"])]
        wide = ("width", dict(w=filters(3, 7)), ["width 7", "input width 6"])
    else:
        rows = [("size", dict(size=6), [f"{axis} 6", f"input {axis} 5"]),
                ("size_and_stride", dict(size=6, stride=1), [f"{axis} 6", f"input {axis} 5"])]
        wide = ("width", dict(size=(1, 7)), ["width 7", "input width 6"])
    return rows + ([wide] if layer.ndim == 2 else [])


@pytest.mark.parametrize("layer, changes, quoted", [
    pytest.param(layer, changes, quoted, id=f"{layer}-{row_id}")
    for layer in LAYERS for row_id, changes, quoted in window_too_big(layer)])
def test_window_larger_than_input(layer, changes, quoted):
    with pytest.raises(ValueError, match=says(layer.label, "", "larger", *quoted)):
        layer(**changes)


# ---- conv and pool layers: stride, padding, dilation, size ------------------------------

INT_ARGS = [(layer, arg) for layer in LAYERS for arg in layer.ints]
LOWEST = {"stride": 1, "size": 1, "dilation": 1, "padding": 0}


def too_small(layer, arg):
    """(id, value) rows below the minimum, as an int and (2-D) inside a pair."""
    low = LOWEST[arg]
    return [("too_low", low - 1)] + ([("in_pair", (low, low - 1))] if layer.ndim == 2 else [])


@pytest.mark.parametrize("layer, arg, value", params(INT_ARGS, too_small))
def test_hyperparameter_too_small(layer, arg, value):
    with pytest.raises(ValueError, match=says(layer.label, arg, f">= {LOWEST[arg]}",
                                              f"got {value}")):
        layer(**{arg: value})


NOT_INTS = [("float", 1.5), ("np_float", np.float64(1.0)),    # e.g. padding = (k - 1) / 2
            ("string", "2"), ("bool", True), ("None", None)]
NOT_INTS_IN_PAIR = [("float_in_pair", (1, 1.5))]


def not_ints(layer, arg):
    """(id, value) rows of the wrong type: TypeError, not ValueError."""
    rows = NOT_INTS + (NOT_INTS_IN_PAIR if layer.ndim == 2 else [])
    if arg == "stride" and not layer.is_conv:        # a pool's stride=None means stride=size
        rows = [row for row in rows if row[1] is not None]
    return rows


@pytest.mark.parametrize("layer, arg, value", params(INT_ARGS, not_ints))
def test_hyperparameter_not_an_int(layer, arg, value):
    with pytest.raises(TypeError, match=says(layer.label, arg, repr(value))):
        layer(**{arg: value})


@pytest.mark.parametrize("layer", LAYERS, ids=str)
def test_zero_dim_integer_array_is_an_int(layer):
    """np.array(2) is accepted as 2 (as output_size does), never answered with NumPy's
    "iteration over a 0-d array"; a 0-d float array is refused like a float."""
    layer.func(**layer.kwargs(hyper={"stride": np.array(2)}))
    with pytest.raises(TypeError, match=says(layer.label, "stride", "2.5")):
        layer(stride=np.array(2.5))


@pytest.mark.parametrize("layer, arg, length", params(
    INT_ARGS, lambda layer, arg: [("empty", 0), ("one_too_many", layer.ndim + 1)]))
def test_hyperparameter_sequence_of_wrong_length(layer, arg, length):
    value = (1,) * length
    with pytest.raises(ValueError, match=says(layer.label, arg, repr(value))):
        layer(**{arg: value})


@pytest.mark.parametrize("layer", [layer for layer in LAYERS if layer.ndim == 1], ids=str)
def test_1d_layer_does_not_offer_a_pair(layer):
    """A 1-D layer takes an int; refusing stride=(1, 2) by asking for "an int or a pair of
    ints" would invite the very mistake (the TypeError already says just "an int")."""
    with pytest.raises(ValueError, match=says(layer.label, "stride", "(1, 2)")) as error:
        layer(stride=(1, 2))
    assert "pair" not in str(error.value)


# ---- correlate and convolve ---------------------------------------------------------------

CORRELATIONS = [cnnlib.correlate, cnnlib.convolve]
A1, K1 = np.arange(5.0), np.array([1.0, -2.0])
A2, K2 = np.arange(20.0).reshape(4, 5), np.ones((2, 3))

CORRELATE_BAD = [   # id, a, k, mode, names, quoted (all ValueError)
    ("a_0d", 3.0, K1, "valid", "a", ["()"]),
    ("a_3d", np.ones((2, 2, 2)), K1, "full", "a", ["(2, 2, 2)"]),
    ("k_3d", A1, np.ones((1, 1, 1)), "same", "k", ["(1, 1, 1)"]),
    ("ndim_mismatch", A2, K1, "full", "a k", ["(4, 5)", "(2,)"]),
    ("k_longer_than_a", A1, np.ones(6), "valid", "k a", ["(6,)", "(5,)", "valid"]),
    ("k_wider_than_a", A2, np.ones((2, 6)), "valid", "k a", ["(2, 6)", "(4, 5)", "valid"]),
    ("a_empty", np.ones(0), K1, "full", "a", ["empty", "(0,)"]),
    ("k_empty", A2, np.ones((2, 0)), "same", "k", ["empty", "(2, 0)"]),
]


@pytest.mark.parametrize("func", CORRELATIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("a, k, mode, names, quoted",
                         [pytest.param(*row[1:], id=row[0]) for row in CORRELATE_BAD])
def test_correlate_bad_arrays(func, a, k, mode, names, quoted):
    with pytest.raises(ValueError, match=says(func.__name__, names, *quoted)):
        func(a, k, mode)


@pytest.mark.parametrize("func", CORRELATIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("arg, make, quoted", [
    pytest.param(arg, make, quoted, id=f"{arg}-{row_id}")
    for arg in ("a", "k") for row_id, make, quoted in not_arrays(None, arg)])
def test_correlate_not_an_array_of_real_numbers(func, arg, make, quoted):
    args = {"a": A2, "k": K2}
    args[arg] = make(args[arg])
    with pytest.raises(TypeError, match=says(func.__name__, arg, quoted)):
        func(**args)


@pytest.mark.parametrize("func", CORRELATIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode", ["VALID", "vaild", "", None, 1])
def test_correlate_unknown_mode(func, mode):
    with pytest.raises(ValueError, match=says(func.__name__, "mode", repr(mode), "'same'")):
        func(A1, K1, mode)


# ---- output_size --------------------------------------------------------------------------

OUTPUT_SIZE_BAD = [  # id, kwargs, error, names, quoted
    ("n_0", dict(n=0, k=1), ValueError, "n", [">= 1", "got 0"]),
    ("k_0", dict(n=3, k=0), ValueError, "k", [">= 1", "got 0"]),
    ("stride_0", dict(n=3, k=1, stride=0), ValueError, "stride", [">= 1", "got 0"]),
    ("padding_negative", dict(n=3, k=1, padding=-1), ValueError, "padding", [">= 0", "-1"]),
    ("dilation_0", dict(n=3, k=1, dilation=0), ValueError, "dilation", [">= 1", "got 0"]),
    ("n_float", dict(n=3.0, k=1), TypeError, "n", ["3.0"]),
    ("k_string", dict(n=3, k="2"), TypeError, "k", ["'2'"]),
    ("stride_bool", dict(n=3, k=1, stride=True), TypeError, "stride", ["True"]),
    ("padding_None", dict(n=3, k=1, padding=None), TypeError, "padding", ["None"]),
    ("dilation_np_float", dict(n=3, k=1, dilation=np.float64(1)), TypeError, "dilation",
     ["float64"]),
    ("n_pair", dict(n=(3, 3), k=1), TypeError, "n", ["(3, 3)"]),
    ("k_larger_than_n", dict(n=3, k=5), ValueError, "", ["larger", "length 5", "length 3"]),
    ("dilated_k_larger", dict(n=3, k=2, dilation=3), ValueError, "",
     ["larger", "dilation 3", "4", "length 3"]),
    ("k_larger_than_padded_n", dict(n=3, k=8, padding=2), ValueError, "padding",
     ["larger", "length 8", "length 7"]),
]


@pytest.mark.parametrize("kwargs, error, names, quoted",
                         [pytest.param(*row[1:], id=row[0]) for row in OUTPUT_SIZE_BAD])
def test_output_size_bad(kwargs, error, names, quoted):
    with pytest.raises(error, match=says("output_size", names, *quoted)):
        cnnlib.output_size(**kwargs)


# ---- gradcheck ------------------------------------------------------------------------------


def double(v):
    return 2 * v


GRADCHECK_BAD = [  # id, call, error, function, names, quoted
    ("rel_error_shapes", lambda: gradcheck.rel_error(np.ones(3), np.ones(4)),
     ValueError, "rel_error", "a b", ["(3,)", "(4,)"]),
    ("rel_error_None", lambda: gradcheck.rel_error(None, np.ones(3)),   # backward forgot return
     TypeError, "rel_error", "a", ["None"]),
    ("rel_error_string", lambda: gradcheck.rel_error(np.ones(3), "abc"),
     TypeError, "rel_error", "b", ["'abc'"]),
    ("dy_broadcastable", lambda: gradcheck.numerical_gradient(double, np.ones(3), np.ones(1)),
     ValueError, "numerical_gradient", "dy", ["(3,)", "(1,)"]),
    ("dy_wrong_shape", lambda: gradcheck.numerical_gradient(double, np.ones(3), np.ones(4)),
     ValueError, "numerical_gradient", "dy", ["(3,)", "(4,)"]),
    ("h_0", lambda: gradcheck.numerical_gradient(double, np.ones(3), h=0),
     ValueError, "numerical_gradient", "h", ["0"]),
    ("x_None", lambda: gradcheck.numerical_gradient(double, None),
     TypeError, "numerical_gradient", "x", ["None"]),
    ("x_string", lambda: gradcheck.numerical_gradient(double, "abc"),
     TypeError, "numerical_gradient", "x", ["'abc'"]),
    ("f_not_callable", lambda: gradcheck.numerical_gradient(3, np.ones(3)),
     TypeError, "numerical_gradient", "f", ["3"]),
]


@pytest.mark.parametrize("call, error, func, names, quoted",
                         [pytest.param(*row[1:], id=row[0]) for row in GRADCHECK_BAD])
def test_gradcheck_bad(call, error, func, names, quoted):
    with pytest.raises(error, match=says(func, names, *quoted)):
        call()


# ---- good inputs that must be accepted ------------------------------------------------------


def assert_same(got, want, dtype=None):
    """Equal results (arrays or tuples of arrays), each of `dtype` if given."""
    got, want = (got, want) if isinstance(want, tuple) else ((got,), (want,))
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert dtype is None or g.dtype == dtype
        np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6)


HYPER = {"conv": {"stride": 2, "padding": 1, "dilation": 2}, "pool": {"size": 2, "stride": 1}}
HYPER_PAIRS = {"conv": {"stride": (2, 1), "padding": (1, 0), "dilation": (1, 2)},
               "pool": {"size": (2, 3), "stride": (1, 2)}}


def kind(layer):
    return "conv" if layer.is_conv else "pool"


@pytest.mark.parametrize("layer", LAYERS, ids=str)
@pytest.mark.parametrize("np_int", [np.int64, np.uint8], ids=lambda t: t.__name__)
def test_numpy_integer_hyperparameters(layer, np_int):
    args = layer.kwargs(hyper=HYPER[kind(layer)])
    want = layer.func(**args)
    got = layer.func(**{**args, **{k: np_int(v) for k, v in HYPER[kind(layer)].items()}})
    assert_same(got, want)


@pytest.mark.parametrize("layer", LAYERS_2D, ids=str)
@pytest.mark.parametrize("form", [list, np.array], ids=["list", "array"])
def test_pairs_as_lists_or_arrays(layer, form):
    args = layer.kwargs(hyper=HYPER_PAIRS[kind(layer)])
    want = layer.func(**args)
    got = layer.func(**{**args, **{k: form(v) for k, v in HYPER_PAIRS[kind(layer)].items()}})
    assert_same(got, want)


def integer_and_float64_args(case, form):
    """case's valid arguments with every array made of integers, given as `form` (an int
    array or lists), and the same arguments with those integers as float64 arrays."""
    args = case.kwargs()
    ints = {k: np.rint(3 * args[k]).astype(np.int64) for k in case.arrays}
    return ({**args, **{k: form(v) for k, v in ints.items()}},
            {**args, **{k: v.astype(np.float64) for k, v in ints.items()}})


@pytest.mark.parametrize("layer", LAYERS, ids=str)
@pytest.mark.parametrize("form", [np.asarray, np.ndarray.tolist], ids=["int_array", "list"])
def test_integer_inputs_are_computed_in_float64(layer, form):
    ints, floats = integer_and_float64_args(layer, form)
    assert_same(layer.func(**ints), layer.func(**floats), dtype=np.float64)


@pytest.mark.parametrize("layer", LAYERS, ids=str)
def test_float32_stays_float32(layer):
    args = layer.kwargs(dtype=np.float32)
    want = layer.func(**{k: v.astype(np.float64) if k in layer.arrays else v
                         for k, v in args.items()})
    assert_same(layer.func(**args), want, dtype=np.float32)


def naive_twin(layer):
    return getattr(naive, layer.label.removeprefix("naive."))


@pytest.mark.parametrize("layer", CONV, ids=str)
def test_kernel_that_fits_only_thanks_to_padding(layer):
    """Kernel 7 on an input of 5 fits once padded by 1 (the boundary of the check)."""
    w = np.ones((F, C, 7) + KERNEL[layer.ndim][1:])
    args = layer.kwargs(hyper=dict(w=w, padding=1))
    assert_same(layer.func(**args), naive_twin(layer)(**args))


@pytest.mark.parametrize("func", CORRELATIONS, ids=lambda f: f.__name__)
@pytest.mark.parametrize("mode, length", [("full", 10), ("same", 5)])
def test_correlate_kernel_longer_than_input_outside_valid_mode(func, mode, length):
    assert func(A1, np.ones(6), mode).shape == (length,)


@pytest.mark.parametrize("func", CORRELATIONS, ids=lambda f: f.__name__)
def test_correlate_integer_lists_and_float32(func):
    got = func([[1, 2, 3], [4, 5, 6]], [[1, -1]])
    assert got.dtype == np.float64
    assert_same(got, func(np.array([[1.0, 2, 3], [4, 5, 6]]), np.array([[1.0, -1]])))
    assert func(A2.astype(np.float32), K2.astype(np.float32)).dtype == np.float32


def test_output_size_accepts_numpy_integers():
    assert cnnlib.output_size(np.int64(7), np.int32(3), stride=np.uint8(2),
                              padding=np.int16(1), dilation=np.int64(1)) == 4
