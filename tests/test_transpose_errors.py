"""Bad arguments to the transposed convolutions (fast and naive, 1-D and 2-D, forward and
backward) get a ValueError or TypeError that starts with the function's name, names the
argument and says what was expected and what came (the rules of test_errors.py)."""

import numpy as np
import pytest
from test_errors import integer_and_float64_args, not_arrays, says

import cnnlib
from cnnlib import naive

N, C_IN, C_OUT = 2, 3, 4
SPATIAL = {1: (5,), 2: (5, 6)}
KERNEL = {1: (3,), 2: (3, 2)}
NAMES = [f"conv_transpose{d}d{suffix}" for d in (1, 2) for suffix in ("", "_backward")]


class Func:
    """One transposed-conv function, fast or naive, with a factory of valid arguments."""

    def __init__(self, module, name):
        self.func = getattr(module, name)
        self.label = name if module is cnnlib else f"naive.{name}"
        self.forward = getattr(cnnlib, name.removesuffix("_backward"))
        self.is_backward = name.endswith("_backward")
        self.ndim = 2 if "2d" in name else 1
        self.arrays = ("dy", "x", "w") if self.is_backward else ("x", "w", "b")

    def __repr__(self):
        return self.label

    def kwargs(self, dtype=np.float64, hyper=None, **changes):
        rng = np.random.default_rng(0)
        args = {"x": rng.standard_normal((N, C_IN) + SPATIAL[self.ndim]).astype(dtype),
                "w": rng.standard_normal((C_IN, C_OUT) + KERNEL[self.ndim]).astype(dtype)}
        args.update(hyper or {})
        if self.is_backward:
            args["dy"] = rng.standard_normal(self.forward(**args).shape).astype(dtype)
        else:
            args["b"] = rng.standard_normal(C_OUT).astype(dtype)
        args.update(changes)
        return args

    def __call__(self, **changes):
        return self.func(**self.kwargs(**changes))

    def results(self, func=None, **args):
        """The call's arrays as a tuple: (y,) or (dx, dw, db)."""
        out = (func or self.func)(**args)
        return out if self.is_backward else (out,)


FUNCS = [Func(module, name) for module in (cnnlib, naive) for name in NAMES]
FUNCS_2D = [f for f in FUNCS if f.ndim == 2]
FORWARDS = [f for f in FUNCS if not f.is_backward]
BACKWARDS = [f for f in FUNCS if f.is_backward]
ARRAY_ARGS = [pytest.param(f, arg, id=f"{f}-{arg}") for f in FUNCS for arg in f.arrays]
INT_ARGS = [pytest.param(f, arg, id=f"{f}-{arg}") for f in FUNCS
            for arg in ("stride", "padding", "output_padding", "dilation")]
LOWEST = {"stride": 1, "dilation": 1, "padding": 0, "output_padding": 0}


@pytest.mark.parametrize("func, arg", ARRAY_ARGS)
def test_wrong_number_of_dimensions(func, arg):
    bad = func.kwargs()[arg][..., None]
    want = "1 dimension" if arg == "b" else f"{func.ndim + 2} dimensions"
    with pytest.raises(ValueError, match=says(func.label, arg, want, f"got shape {bad.shape}")):
        func(**{arg: bad})


@pytest.mark.parametrize("func, arg, make, quoted", [
    pytest.param(p.values[0], p.values[1], make, quoted, id=f"{p.id}-{row_id}")
    for p in ARRAY_ARGS for row_id, make, quoted in not_arrays(*p.values)])
def test_not_an_array_of_real_numbers(func, arg, make, quoted):
    """Strings, complex and object arrays, ragged lists, None (but for b: no bias)."""
    with pytest.raises(TypeError, match=says(func.label, arg, quoted)):
        func(**{arg: make(func.kwargs()[arg])})


@pytest.mark.parametrize("func", FUNCS, ids=str)
@pytest.mark.parametrize("arg", ["x", "w"])
def test_empty_array(func, arg):
    bad = func.kwargs()[arg][..., :0]
    with pytest.raises(ValueError, match=says(func.label, arg, "empty", bad.shape)):
        func(**{arg: bad})


@pytest.mark.parametrize("func", FUNCS, ids=str)
def test_channel_mismatch(func):
    """w's first axis (C_in), not its second as in conv, must match x's channels."""
    w = func.kwargs()["w"][:2]
    with pytest.raises(ValueError, match=says(func.label, "w x", "C_in=2", "C_in=3")):
        func(w=w)


@pytest.mark.parametrize("func", FORWARDS, ids=str)
def test_bias_of_wrong_length(func):
    with pytest.raises(ValueError, match=says(func.label, "b", f"({C_OUT},)", f"({C_IN},)",
                                              "C_out")):
        func(b=np.zeros(C_IN))


@pytest.mark.parametrize("func", BACKWARDS, ids=str)
def test_dy_of_wrong_shape(func):
    right = func.kwargs()["dy"].shape
    wrong = right[:-1] + (right[-1] + 1,)
    with pytest.raises(ValueError, match=says(func.label, "dy", right, f"got {wrong}")):
        func(dy=np.zeros(wrong))


@pytest.mark.parametrize("func", FUNCS, ids=str)
@pytest.mark.parametrize("hyper, limit", [
    (dict(output_padding=1), "< 1"),                              # stride 1, dilation 1
    (dict(stride=2, output_padding=2), "< 2"),
    (dict(stride=2, dilation=3, output_padding=3), "< 3"),
], ids=["stride_1", "stride_2", "dilation_3"])
def test_output_padding_not_below_stride_or_dilation(func, hyper, limit):
    """As in PyTorch: output_padding only chooses among the sizes a strided (or dilated)
    conv maps onto x's size, so it must stay below stride or dilation."""
    with pytest.raises(ValueError, match=says(func.label, "output_padding stride dilation",
                                              limit, f"got output_padding "
                                                     f"{hyper['output_padding']}")):
        func.func(**{**func.kwargs(hyper={k: v for k, v in hyper.items()
                                          if k != "output_padding"}), **hyper})


@pytest.mark.parametrize("func", FUNCS, ids=str)
def test_padding_that_crops_the_whole_output(func):
    """x of length 1 and a 1-wide kernel give an uncropped output of 1: padding 1 leaves
    nothing (PyTorch would fail inside its kernel)."""
    shape = (N, C_IN) + (1,) * func.ndim
    args = dict(x=np.ones(shape), w=np.ones((C_IN, C_OUT) + (1,) * func.ndim), padding=1)
    if func.is_backward:
        args["dy"] = np.ones((N, C_OUT) + (1,) * func.ndim)
    with pytest.raises(ValueError, match=says(func.label, "padding", "crops", "smaller than 1",
                                              "got padding 1")):
        func.func(**args)


def too_small(func, arg):
    low = LOWEST[arg]
    return [low - 1] + ([(low, low - 1)] if func.ndim == 2 else [])


@pytest.mark.parametrize("func, arg", INT_ARGS)
def test_hyperparameter_too_small(func, arg):
    for value in too_small(func, arg):
        with pytest.raises(ValueError, match=says(func.label, arg, f">= {LOWEST[arg]}",
                                                  f"got {value}")):
            func(**{arg: value})


@pytest.mark.parametrize("func, arg", INT_ARGS)
@pytest.mark.parametrize("value", [1.5, "2", True, None, np.float64(1.0)], ids=repr)
def test_hyperparameter_not_an_int(func, arg, value):
    with pytest.raises(TypeError, match=says(func.label, arg, repr(value))):
        func(**{arg: value})


@pytest.mark.parametrize("func, arg", INT_ARGS)
def test_hyperparameter_sequence_of_wrong_length(func, arg):
    value = (1,) * (func.ndim + 1)
    with pytest.raises(ValueError, match=says(func.label, arg, repr(value))):
        func(**{arg: value})


# ---- good inputs that must be accepted ------------------------------------------------


@pytest.mark.parametrize("func", FUNCS, ids=str)
def test_output_padding_below_dilation_but_not_stride(func):
    """PyTorch allows output_padding 1 with stride 1 when dilation is 2; so do we."""
    hyper = dict(stride=1, dilation=2, output_padding=1)
    twin = getattr(naive, func.label.removeprefix("naive."))
    args = func.kwargs(hyper=hyper)
    for got, want in zip(func.results(**args), func.results(twin, **args)):
        np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("func", FUNCS_2D, ids=str)
@pytest.mark.parametrize("form", [list, np.array], ids=["list", "array"])
def test_pairs_as_lists_or_arrays_and_numpy_ints(func, form):
    hyper = dict(stride=(2, 1), padding=(1, 0), output_padding=(1, 0), dilation=(1, 2))
    args = func.kwargs(hyper=hyper)
    want = func.results(**args)
    for changed in ({k: form(v) for k, v in hyper.items()},
                    {k: tuple(np.int64(i) for i in v) for k, v in hyper.items()}):
        for got, expected in zip(func.results(**{**args, **changed}), want):
            np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("func", FUNCS, ids=str)
def test_float32_stays_float32(func):
    assert all(a.dtype == np.float32 for a in func.results(**func.kwargs(dtype=np.float32)))


@pytest.mark.parametrize("func", FUNCS, ids=str)
@pytest.mark.parametrize("form", [np.asarray, np.ndarray.tolist], ids=["int_array", "list"])
def test_integer_inputs_are_computed_in_float64(func, form):
    ints, floats = integer_and_float64_args(func, form)
    for g, w in zip(func.results(**ints), func.results(**floats)):
        assert g.dtype == np.float64
        np.testing.assert_array_equal(g, w)
