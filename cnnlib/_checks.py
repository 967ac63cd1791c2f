"""Argument checks shared by every public function.

Each check raises TypeError (wrong kind of thing) or ValueError (right kind, wrong
value) with a message that names the function, the argument, what was expected and
what came, so that a student never meets an IndexError from deep inside NumPy.
"""

import numbers
from typing import NamedTuple

import numpy as np


def _describe(value):
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape} and dtype {value.dtype}"
    text = repr(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"{text} ({type(value).__name__})"


def as_array(value, name, func, dims=None):
    """`value` as a numeric ndarray (bool and int stay as they are, caller picks the dtype).

    dims: the expected layout such as "(N, C, H, W)"; its number of letters is the
    number of dimensions required.
    """
    if isinstance(value, (str, bytes)) or value is None:
        raise TypeError(f"{func}: {name} must be a NumPy array of numbers{_layout(dims)}; "
                        f"got {_describe(value)}")
    try:
        array = np.asarray(value)
    except ValueError as error:  # ragged nested lists
        raise TypeError(f"{func}: {name} must be a NumPy array of numbers{_layout(dims)}; "
                        f"got {_describe(value)} that is not rectangular ({error})") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{func}: {name} must hold real numbers (int or float); "
                        f"got dtype {array.dtype} from {_describe(value)}")
    if dims is not None:
        ndim = len([d for d in dims.strip("()").split(",") if d.strip()])
        if array.ndim != ndim:
            plural = "s" if ndim != 1 else ""
            raise ValueError(f"{func}: {name} must have {ndim} dimension{plural} {dims}; "
                             f"got shape {array.shape}")
    return array


def as_plane(value, name, func, dims=("(L,)", "(H, W)")):
    """A non-empty 1-D or 2-D array of numbers: one channel, no batch. dims: the 1-D and
    2-D layouts to name in the error."""
    array = as_array(value, name, func)
    if array.ndim not in (1, 2) or array.size == 0:
        raise ValueError(f"{func}: {name} must be a non-empty 1-D {dims[0]} or 2-D {dims[1]} "
                         f"array (one channel, no batch); got shape {array.shape}")
    return array


def _layout(dims):
    return f" with shape {dims}" if dims else ""


def float_dtype(*arrays):
    """The dtype to compute in: the floats' common dtype, float64 when none is float."""
    floats = [a.dtype for a in arrays if a is not None and a.dtype.kind == "f"]
    return np.result_type(*floats) if floats else np.dtype(np.float64)


def _scalar(value):
    """np.array(2) is just 2."""
    return value.item() if isinstance(value, np.ndarray) and value.ndim == 0 else value


def as_int(value, name, func, minimum):
    """A plain int >= minimum; bools and floats are refused."""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{func}: {name} must be an int; got {_describe(value)}")
    if value < minimum:
        raise ValueError(f"{func}: {name} must be >= {minimum}; got {value}")
    return int(value)


def as_tuple(value, name, func, minimum, n):
    """An int or a sequence of n ints, each >= minimum, as a tuple of n ints."""
    kind = "an int" if n == 1 else "an int or a pair of ints"
    value = _scalar(value)
    if isinstance(value, (tuple, list, np.ndarray)):
        items = list(value)
        if len(items) != n:
            raise ValueError(f"{func}: {name} must be {kind}; "
                             f"got {_describe(value)} with {len(items)} entries")
    else:
        items = [value] * n
    for item in items:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Integral):
            raise TypeError(f"{func}: {name} must be {kind}; got {_describe(value)}")
        if item < minimum:
            raise ValueError(f"{func}: {name} must be >= {minimum}; got {value!r}")
    return tuple(int(item) for item in items)


def output_length(func, axis, n, k, stride, padding, dilation, source="k"):
    """Floor-mode output length along one axis, or a ValueError saying why nothing fits.
    source: the argument the window size comes from (for the message)."""
    span = dilation * (k - 1) + 1
    padded = n + 2 * padding
    if span > padded:
        dil = f", dilation {dilation} spreads it over {span}" if dilation > 1 else ""
        dil = f" (from {source}{dil})"
        where = f"padded input {axis} {padded} ({n} + 2*padding {padding})" if padding \
            else f"input {axis} {n}"
        raise ValueError(f"{func}: the window of {axis} {k}{dil} is larger than the {where}")
    return (padded - span) // stride + 1


def check_shape(array, expected, name, func, meaning):
    if array.shape != tuple(expected):
        raise ValueError(f"{func}: {name} must have shape {tuple(expected)} {meaning}; "
                         f"got {array.shape}")


class LayerArgs:
    """Checked arguments of one conv or pool call: arrays in the compute dtype, every
    hyper-parameter as a tuple with one entry per spatial axis, and the output size."""

    def __init__(self, **fields):
        self.__dict__.update(fields)


_SPATIAL = {1: ("length",), 2: ("height", "width")}
_X_DIMS = {1: "(N, C, L)", 2: "(N, C, H, W)"}
_W_DIMS = {1: "(F, C, K)", 2: "(F, C, KH, KW)"}
_Y_DIMS = {1: "(N, F, L')", 2: "(N, F, H', W')"}
_POOLED_DIMS = {1: "(N, C, L')", 2: "(N, C, H', W')"}


def _nonempty(array, name, func):
    if 0 in array.shape:
        raise ValueError(f"{func}: {name} must not be empty; got shape {array.shape}")


def window_args(func, in_shape, kernel, stride, padding, dilation, source="k"):
    """Checked stride, padding, dilation (tuples, one entry per axis of in_shape) and the
    output shape of windows of size `kernel`; `source` names where the kernel came from."""
    ndim = len(in_shape)
    stride = as_tuple(stride, "stride", func, 1, ndim)
    padding = as_tuple(padding, "padding", func, 0, ndim)
    dilation = as_tuple(dilation, "dilation", func, 1, ndim)
    out = tuple(output_length(func, axis, n, k, s, p, d, source) for axis, n, k, s, p, d in
                zip(_SPATIAL[ndim], in_shape, kernel, stride, padding, dilation))
    return stride, padding, dilation, out


def window_1d(func, n, k, stride, padding, dilation):
    """Checked ints for one axis (n, k, stride, padding, dilation) and its output length."""
    n, k = as_int(n, "n", func, 1), as_int(k, "k", func, 1)
    stride = as_int(stride, "stride", func, 1)
    padding = as_int(padding, "padding", func, 0)
    dilation = as_int(dilation, "dilation", func, 1)
    out = output_length(func, "length", n, k, stride, padding, dilation)
    return n, k, stride, padding, dilation, out


def pool_window(func, in_shape, size, stride):
    """Checked pooling window: size as a tuple, and window_args with stride None = size."""
    size = as_tuple(size, "size", func, 1, len(in_shape))
    return size, window_args(func, in_shape, size, size if stride is None else stride, 0, 1,
                             source="size")


def _cast(dtype, *arrays):
    return [None if a is None else a.astype(dtype, copy=False) for a in arrays]


def _upstream(dy, func, dims):
    """A backward's dy (every function named *_backward needs one); None for forwards."""
    if not func.endswith("_backward"):
        return None
    if dy is None:
        raise TypeError(f"{func}: dy must be the upstream gradient, an array with shape "
                        f"{dims}; got None")
    return as_array(dy, "dy", func, dims)


class _KernelLayout(NamedTuple):
    """Where a layer's kernel keeps its channels, and the names its messages use."""
    x: dict             # ndim -> layout of x, such as "(N, C, H, W)"
    w: dict             # ndim -> layout of w
    y: dict             # ndim -> layout of the forward output
    c_in: str           # the letter of the input channels
    w_in: int           # w's axis of input channels
    c_out: str          # the letter of the output channels
    w_out: int          # w's axis of output channels
    one_out: str        # what one output channel is called


_CONV = _KernelLayout(_X_DIMS, _W_DIMS, _Y_DIMS, "C", 1, "F", 0, "filter")


def _data_kernel_bias(func, ndim, layout, x, w, b):
    """x, w and b (None: no bias) as arrays: the layouts, nothing empty, as many input
    channels in w as in x, and one bias per output channel."""
    x = as_array(x, "x", func, layout.x[ndim])
    w = as_array(w, "w", func, layout.w[ndim])
    _nonempty(x, "x", func)
    _nonempty(w, "w", func)
    c, channels = layout.c_in, w.shape[layout.w_in]
    if channels != x.shape[1]:
        raise ValueError(f"{func}: w {layout.w[ndim]} has {c}={channels} input channels but "
                         f"x {layout.x[ndim]} has {c}={x.shape[1]}; they must be equal "
                         f"(w.shape={w.shape}, x.shape={x.shape})")
    if b is not None:
        f, axis = layout.c_out, layout.w_out
        b = as_array(b, "b", func, f"({f},)")
        check_shape(b, (w.shape[axis],), "b", func,
                    f"(one bias per {layout.one_out}, {f} = w.shape[{axis}])")
    return x, w, b


def _upstream_and_dtype(func, ndim, layout, x, w, b, dy, out):
    """dy checked (a backward's, shaped like the forward output of spatial shape `out`),
    then the compute dtype and x, w, b, dy cast to it."""
    dy = _upstream(dy, func, layout.y[ndim])
    if dy is not None:
        check_shape(dy, (x.shape[0], w.shape[layout.w_out]) + out, "dy", func,
                    f"{layout.y[ndim]}, the shape of the forward output")
    dtype = float_dtype(x, w, b, dy)
    return (dtype, *_cast(dtype, x, w, b, dy))


def conv_args(func, ndim, x, w, b, stride, padding, dilation, dy=None):
    x, w, b = _data_kernel_bias(func, ndim, _CONV, x, w, b)
    stride, padding, dilation, out = window_args(func, x.shape[2:], w.shape[2:], stride,
                                                 padding, dilation, source="w")
    dtype, x, w, b, dy = _upstream_and_dtype(func, ndim, _CONV, x, w, b, dy, out)
    return LayerArgs(x=x, w=w, b=b, dy=dy, stride=stride,
                     padding=padding, dilation=dilation, out=out, dtype=dtype)


def pool_args(func, ndim, x, size, stride, dy=None):
    x = as_array(x, "x", func, _X_DIMS[ndim])
    _nonempty(x, "x", func)
    size, (stride, _, _, out) = pool_window(func, x.shape[2:], size, stride)
    dy = _upstream(dy, func, _POOLED_DIMS[ndim])
    if dy is not None:
        check_shape(dy, x.shape[:2] + out, "dy", func,
                    f"{_POOLED_DIMS[ndim]}, the shape of the forward output")
    dtype = float_dtype(x, dy)
    x, dy = _cast(dtype, x, dy)
    return LayerArgs(x=x, dy=dy, size=size, stride=stride, out=out, dtype=dtype)


_XT_DIMS = {1: "(N, C_in, L)", 2: "(N, C_in, H, W)"}
_WT_DIMS = {1: "(C_in, C_out, K)", 2: "(C_in, C_out, KH, KW)"}
_YT_DIMS = {1: "(N, C_out, L')", 2: "(N, C_out, H', W')"}
_CONV_TRANSPOSE = _KernelLayout(_XT_DIMS, _WT_DIMS, _YT_DIMS, "C_in", 0, "C_out", 1,
                                "output channel")


def transposed_length(func, axis, n, k, stride, padding, output_padding, dilation):
    """A transposed convolution's output length along one axis,
    (n - 1)*stride - 2*padding + dilation*(k - 1) + output_padding + 1,
    or a ValueError when output_padding is too large or padding crops everything."""
    if output_padding >= max(stride, dilation):
        raise ValueError(f"{func}: output_padding must be smaller than stride or dilation "
                         f"(on the {axis} axis: < {max(stride, dilation)}, stride {stride}, "
                         f"dilation {dilation}); got output_padding {output_padding}")
    full = (n - 1) * stride + dilation * (k - 1) + output_padding + 1
    if full - 2 * padding < 1:
        raise ValueError(f"{func}: padding crops the whole output: the uncropped {axis} "
                         f"is {full} ((n-1)*stride + dilation*(k-1) + output_padding + 1), "
                         f"so 2*padding must be smaller than {full}; got padding {padding}")
    return full - 2 * padding


def conv_transpose_args(func, ndim, x, w, b, stride, padding, output_padding, dilation,
                        dy=None):
    """Checked arguments of a transposed convolution; .out is its output's spatial shape."""
    x, w, b = _data_kernel_bias(func, ndim, _CONV_TRANSPOSE, x, w, b)
    stride = as_tuple(stride, "stride", func, 1, ndim)
    padding = as_tuple(padding, "padding", func, 0, ndim)
    output_padding = as_tuple(output_padding, "output_padding", func, 0, ndim)
    dilation = as_tuple(dilation, "dilation", func, 1, ndim)
    out = tuple(transposed_length(func, *axis) for axis in zip(
        _SPATIAL[ndim], x.shape[2:], w.shape[2:], stride, padding, output_padding, dilation))
    dtype, x, w, b, dy = _upstream_and_dtype(func, ndim, _CONV_TRANSPOSE, x, w, b, dy, out)
    return LayerArgs(x=x, w=w, b=b, dy=dy, stride=stride, padding=padding,
                     output_padding=output_padding, dilation=dilation, out=out, dtype=dtype)
