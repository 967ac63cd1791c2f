"""Train networks built from the cnnlib layers: PyTorch-style layers, a loss, two
optimizers and a training loop.

Each layer is a small class. `forward(x)` calls a cnnlib function and keeps exactly what
the matching `*_backward` needs; `backward(dy)` returns dx and adds the parameter
gradients to the arrays that `parameters()` hands out as (name, value, grad). As in
PyTorch, gradients add up until `zero_grad()` clears them, and optimizers change the
values in place.

Layers compute in float32 by default (fast); pass dtype=np.float64 for gradient checks.
`rng` (a np.random.Generator or an int seed) makes the initial weights repeatable.
"""

import contextlib
import numbers

import numpy as np

from . import conv, pool, transpose
from ._checks import as_array, as_int, as_tuple, check_shape, float_dtype
from ._rng import as_generator

__all__ = [
    "Layer", "Conv1d", "Conv2d", "ConvTranspose2d", "MaxPool1d", "AvgPool1d", "MaxPool2d",
    "AvgPool2d", "ReLU", "Flatten", "Linear", "Sequential",
    "softmax_cross_entropy", "SGD", "Adam", "fit", "accuracy",
]


# ---- the base classes ------------------------------------------------------------------

class Layer:
    """A layer: forward(x) -> y, backward(dy) -> dx, parameters() -> [(name, value, grad)]."""

    def __call__(self, x):
        return self.forward(x)

    def parameters(self):
        return []

    def _saved(self, what):
        """What forward kept for backward, or a clear error when forward has not run."""
        value = getattr(self, what, None)
        if value is None:
            raise RuntimeError(f"{type(self).__name__}.backward: call forward first "
                               f"(backward needs what forward keeps)")
        return value

    def __repr__(self):
        return f"{type(self).__name__}({self._describe()})"

    def _describe(self):
        return ""


def _float_dtype(dtype, func):
    try:
        dtype = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{func}: dtype must be np.float32 or np.float64; got {dtype!r}") from None
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"{func}: dtype must be np.float32 or np.float64; got {dtype}")
    return dtype


class _Weighted(Layer):
    """A layer with a weight and a bias, initialised as PyTorch does: both uniform in
    [-1/sqrt(fan_in), 1/sqrt(fan_in)] (kaiming_uniform with a = sqrt(5) for the weight),
    where fan_in is the number of inputs that feed one output (for a transposed conv,
    PyTorch counts weight.shape[1] * kernel cells). One bias per weight.shape[0], or per
    bias_size when given."""

    def _init_parameters(self, weight_shape, fan_in, rng, dtype, bias_size=None):
        func = type(self).__name__
        rng = as_generator(rng, func)
        dtype = _float_dtype(dtype, func)
        bound = 1.0 / np.sqrt(fan_in)
        self.weight = rng.uniform(-bound, bound, size=weight_shape).astype(dtype)
        self.bias = rng.uniform(-bound, bound, size=bias_size or weight_shape[0]).astype(dtype)
        self.weight_grad = np.zeros_like(self.weight)
        self.bias_grad = np.zeros_like(self.bias)

    def parameters(self):
        return [("weight", self.weight, self.weight_grad), ("bias", self.bias, self.bias_grad)]

    def _add_grads(self, dw, db):
        self.weight_grad += dw
        self.bias_grad += db


def _size_text(value):
    """(5,) or (3, 3) as 5 or 3, like a student would write them; (3, 5) stays a pair."""
    return str(value[0]) if len(set(value)) == 1 else str(value)


# ---- convolution -----------------------------------------------------------------------

class _Conv(_Weighted):
    ndim = None               # 1 or 2, set by the subclasses
    function = None           # cnnlib.conv1d or conv2d, and its backward
    function_backward = None

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 rng=None, dtype=np.float32):
        func = type(self).__name__
        self.in_channels = as_int(in_channels, "in_channels", func, 1)
        self.out_channels = as_int(out_channels, "out_channels", func, 1)
        self.kernel_size = as_tuple(kernel_size, "kernel_size", func, 1, self.ndim)
        self.stride = as_tuple(stride, "stride", func, 1, self.ndim)
        self.padding = as_tuple(padding, "padding", func, 0, self.ndim)
        fan_in = self.in_channels * int(np.prod(self.kernel_size))
        self._init_parameters((self.out_channels, self.in_channels) + self.kernel_size,
                              fan_in, rng, dtype)
        self.x = None

    def forward(self, x):
        self.x = x                                      # dw = x * dy needs the input
        return type(self).function(x, self.weight, self.bias, self.stride, self.padding)

    def backward(self, dy):
        dx, dw, db = type(self).function_backward(dy, self._saved("x"), self.weight,
                                                  self.stride, self.padding)
        self._add_grads(dw, db)
        return dx

    def _describe(self):
        return (f"{self.in_channels}, {self.out_channels}, "
                f"kernel_size={_size_text(self.kernel_size)}, "
                f"stride={_size_text(self.stride)}, padding={_size_text(self.padding)}")


class Conv1d(_Conv):
    """1-D convolution layer (cross-correlation), built on cnnlib.conv1d.

    Conv1d(in_channels, out_channels, kernel_size, stride=1, padding=0, rng=None,
           dtype=np.float32)
    - weight: (F, C, K) = (out_channels, in_channels, kernel_size); bias: (F,)
    forward:  x (N, C, L) -> y (N, F, L'), L' = floor((L + 2*padding - K) / stride) + 1
    backward: dy (N, F, L') -> dx (N, C, L); adds dL/dweight, dL/dbias to the grads
    """

    ndim = 1
    function = staticmethod(conv.conv1d)
    function_backward = staticmethod(conv.conv1d_backward)


class Conv2d(_Conv):
    """2-D convolution layer (cross-correlation), built on cnnlib.conv2d.

    Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, rng=None,
           dtype=np.float32); kernel_size, stride, padding: int or pair (h, w)
    - weight: (F, C, KH, KW); bias: (F,)
    forward:  x (N, C, H, W) -> y (N, F, H', W')
    backward: dy (N, F, H', W') -> dx (N, C, H, W); adds dL/dweight, dL/dbias to the grads
    """

    ndim = 2
    function = staticmethod(conv.conv2d)
    function_backward = staticmethod(conv.conv2d_backward)


class ConvTranspose2d(_Weighted):
    """2-D transposed convolution layer (upsamples), built on cnnlib.conv_transpose2d: the
    backward pass of a Conv2d(out_channels, in_channels, ...) used as a layer.

    ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
                    output_padding=0, rng=None, dtype=np.float32); all int or pair (h, w),
                    output_padding < stride
    - weight: (C_in, C_out, KH, KW) = (in_channels, out_channels, ...), PyTorch's layout;
      bias: (C_out,)
    forward:  x (N, C_in, H, W) -> y (N, C_out, H', W'),
              H' = (H - 1)*stride - 2*padding + KH + output_padding
    backward: dy (N, C_out, H', W') -> dx (N, C_in, H, W); adds dL/dweight, dL/dbias
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0,
                 output_padding=0, rng=None, dtype=np.float32):
        func = type(self).__name__
        self.in_channels = as_int(in_channels, "in_channels", func, 1)
        self.out_channels = as_int(out_channels, "out_channels", func, 1)
        self.kernel_size = as_tuple(kernel_size, "kernel_size", func, 1, 2)
        self.stride = as_tuple(stride, "stride", func, 1, 2)
        self.padding = as_tuple(padding, "padding", func, 0, 2)
        self.output_padding = as_tuple(output_padding, "output_padding", func, 0, 2)
        if any(op >= s for op, s in zip(self.output_padding, self.stride)):
            raise ValueError(f"{func}: output_padding must be smaller than stride "
                             f"{_size_text(self.stride)}; got {_size_text(self.output_padding)}")
        fan_in = self.out_channels * int(np.prod(self.kernel_size))      # as PyTorch counts
        self._init_parameters((self.in_channels, self.out_channels) + self.kernel_size,
                              fan_in, rng, dtype, bias_size=self.out_channels)
        self.x = None

    def _hyper(self):
        return self.stride, self.padding, self.output_padding

    def forward(self, x):
        y = transpose.conv_transpose2d(x, self.weight, self.bias, *self._hyper())
        self.x = x                 # dw = dy correlated with x needs it (kept once x is valid)
        return y

    def backward(self, dy):
        dx, dw, db = transpose.conv_transpose2d_backward(dy, self._saved("x"), self.weight,
                                                         *self._hyper())
        self._add_grads(dw, db)
        return dx

    def _describe(self):
        return (f"{self.in_channels}, {self.out_channels}, "
                f"kernel_size={_size_text(self.kernel_size)}, "
                f"stride={_size_text(self.stride)}, padding={_size_text(self.padding)}, "
                f"output_padding={_size_text(self.output_padding)}")


# ---- pooling ---------------------------------------------------------------------------

class _Pool(Layer):
    ndim = None
    function = None
    function_backward = None

    def __init__(self, size, stride=None):
        func = type(self).__name__
        self.size = as_tuple(size, "size", func, 1, self.ndim)
        self.stride = self.size if stride is None else as_tuple(stride, "stride", func, 1,
                                                                self.ndim)
        self.x = None

    def forward(self, x):
        self.x = self._keep(x)
        return type(self).function(x, self.size, self.stride)

    def backward(self, dy):
        return type(self).function_backward(dy, self._saved("x"), self.size, self.stride)

    def _describe(self):
        return f"size={_size_text(self.size)}, stride={_size_text(self.stride)}"


class _MaxPool(_Pool):
    @staticmethod
    def _keep(x):
        return x                          # backward must find each window's winner


class _AvgPool(_Pool):
    @staticmethod
    def _keep(x):
        # The average's gradient is dy / (window size) whatever x holds: keep only x's
        # shape and dtype, as a zero that takes no memory.
        x = np.asarray(x)
        return np.broadcast_to(np.zeros((), dtype=x.dtype), x.shape)


class MaxPool1d(_MaxPool):
    """Max pooling over windows of `size` (stride defaults to size): cnnlib.maxpool1d.
    forward: x (N, C, L) -> y (N, C, L'); backward: dy -> dx, each dy to its window's winner."""

    ndim = 1
    function = staticmethod(pool.maxpool1d)
    function_backward = staticmethod(pool.maxpool1d_backward)


class AvgPool1d(_AvgPool):
    """Average pooling over windows of `size`: cnnlib.avgpool1d.
    forward: x (N, C, L) -> y (N, C, L'); backward: dy -> dx, dy / size to every cell."""

    ndim = 1
    function = staticmethod(pool.avgpool1d)
    function_backward = staticmethod(pool.avgpool1d_backward)


class MaxPool2d(_MaxPool):
    """Max pooling over (KH, KW) windows (size: int or pair; stride defaults to size).
    forward: x (N, C, H, W) -> y (N, C, H', W'); backward: dy -> dx, to the winners only."""

    ndim = 2
    function = staticmethod(pool.maxpool2d)
    function_backward = staticmethod(pool.maxpool2d_backward)


class AvgPool2d(_AvgPool):
    """Average pooling over (KH, KW) windows: cnnlib.avgpool2d.
    forward: x (N, C, H, W) -> y (N, C, H', W'); backward: dy -> dx, dy / (KH*KW) shared."""

    ndim = 2
    function = staticmethod(pool.avgpool2d)
    function_backward = staticmethod(pool.avgpool2d_backward)


# ---- the rest of a network -------------------------------------------------------------

def _check_like(dy, shape, func):
    dy = as_array(dy, "dy", f"{func}.backward")
    check_shape(dy, shape, "dy", f"{func}.backward", "(forward's output)")
    return dy


class ReLU(Layer):
    """y = max(x, 0), any shape. backward: dx = dy where x > 0, else 0."""

    def __init__(self):
        self.positive = None

    def forward(self, x):
        x = as_array(x, "x", "ReLU")
        self.positive = x > 0             # all backward needs: where the gradient passes
        return np.maximum(x, 0)

    def backward(self, dy):
        positive = self._saved("positive")
        return _check_like(dy, positive.shape, "ReLU") * positive


class Flatten(Layer):
    """x (N, d1, d2, ...) -> y (N, d1*d2*...), the bridge from feature maps to Linear."""

    def __init__(self):
        self.shape = None

    def forward(self, x):
        x = as_array(x, "x", "Flatten")
        if x.ndim < 2:
            raise ValueError(f"Flatten: x must be (N, ...) with at least 2 dimensions; "
                             f"got shape {x.shape}")
        self.shape = x.shape
        return x.reshape(len(x), -1)

    def backward(self, dy):
        shape = self._saved("shape")
        dy = _check_like(dy, (shape[0], int(np.prod(shape[1:]))), "Flatten")
        return dy.reshape(shape)


class Linear(_Weighted):
    """Fully connected layer: y = x @ weight.T + bias.

    Linear(in_features, out_features, rng=None, dtype=np.float32)
    - weight: (out_features, in_features); bias: (out_features,)
    forward:  x (N, in_features) -> y (N, out_features)
    backward: dy (N, out_features) -> dx = dy @ weight; adds dweight = dy.T @ x and
              dbias = sum of dy over the batch to the grads
    """

    def __init__(self, in_features, out_features, rng=None, dtype=np.float32):
        self.in_features = as_int(in_features, "in_features", "Linear", 1)
        self.out_features = as_int(out_features, "out_features", "Linear", 1)
        self._init_parameters((self.out_features, self.in_features), self.in_features,
                              rng, dtype)
        self.x = None

    def forward(self, x):
        x = as_array(x, "x", "Linear")
        if x.ndim != 2 or x.shape[1] != self.in_features:
            hint = " (put a Flatten() before Linear)" if x.ndim > 2 else ""
            raise ValueError(f"Linear: x must have shape (N, in_features={self.in_features})"
                             f"; got {x.shape}{hint}")
        self.x = x                                      # dweight = dy.T @ x needs it
        return x @ self.weight.T + self.bias

    def backward(self, dy):
        x = self._saved("x")
        dy = _check_like(dy, (len(x), self.out_features), "Linear")
        self._add_grads(dy.T @ x, dy.sum(axis=0))
        return dy @ self.weight

    def _describe(self):
        return f"{self.in_features}, {self.out_features}"


class Sequential(Layer):
    """Layers in a row: forward runs them first to last, backward last to first.

    parameters() names each one by its layer's place, as PyTorch does: "0.weight", ...
    model[i] is the i-th layer.
    """

    def __init__(self, *layers):
        for i, layer in enumerate(layers):
            if not all(callable(getattr(layer, m, None))
                       for m in ("forward", "backward", "parameters")):
                raise TypeError(f"Sequential: layer {i} must be a layer (with forward, "
                                f"backward and parameters); got {layer!r}")
        self.layers = list(layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer.forward(x)
        return x

    def backward(self, dy):
        for layer in reversed(self.layers):
            dy = layer.backward(dy)
        return dy

    def parameters(self):
        return [(f"{i}.{name}", value, grad) for i, layer in enumerate(self.layers)
                for name, value, grad in layer.parameters()]

    def __getitem__(self, i):
        return self.layers[i]

    def __len__(self):
        return len(self.layers)

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self):
        rows = "".join(f"\n  ({i}): {layer!r}" for i, layer in enumerate(self.layers))
        return f"Sequential({rows}\n)"


# ---- loss ------------------------------------------------------------------------------

def _check_labels(labels, n, classes, func, name="labels"):
    labels = as_array(labels, name, func, "(N,)")
    if labels.dtype.kind not in "iu":
        raise TypeError(f"{func}: {name} must be integers (class numbers); "
                        f"got dtype {labels.dtype}")
    if len(labels) != n:
        raise ValueError(f"{func}: {name} must have one entry per example, N = {n}; "
                         f"got shape {labels.shape}")
    if classes is not None and n and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"{func}: {name} must be in 0..{classes - 1} (one per column of "
                         f"logits); got values from {labels.min()} to {labels.max()}")
    return labels


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy of softmax(logits) against integer labels, and its gradient.

    Inputs:
    - logits: (N, K) class scores z
    - labels: (N,) ints in 0..K-1
    Returns (loss, dlogits):
    - loss: float, mean over n of  log(sum_k exp z[n, k]) - z[n, labels[n]]
    - dlogits: (N, K) = (softmax(z) - one_hot(labels)) / N
    Stable for any logits: each row is shifted by its maximum before exp, which changes
    neither softmax nor the loss but keeps exp from overflowing.
    """
    logits = as_array(logits, "logits", "softmax_cross_entropy", "(N, K)")
    logits = logits.astype(float_dtype(logits), copy=False)
    n, classes = logits.shape
    labels = _check_labels(labels, n, classes, "softmax_cross_entropy")
    if n == 0:
        raise ValueError("softmax_cross_entropy: logits must hold at least one example; "
                         f"got shape {logits.shape}")
    z = logits - logits.max(axis=1, keepdims=True)
    log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))   # log softmax
    rows = np.arange(n)
    loss = -log_p[rows, labels].mean()
    dlogits = np.exp(log_p)
    dlogits[rows, labels] -= 1
    return float(loss), dlogits / n


# ---- optimizers ------------------------------------------------------------------------

def _positive(value, name, func, allow_zero=False):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{func}: {name} must be a number; got {value!r}")
    if not (value >= 0 if allow_zero else value > 0) or not np.isfinite(value):
        bound = ">= 0" if allow_zero else "> 0"
        raise ValueError(f"{func}: {name} must be a finite number {bound}; got {value}")
    return float(value)


class _Optimizer:
    def __init__(self, model, lr, weight_decay):
        func = type(self).__name__
        if not callable(getattr(model, "parameters", None)):
            raise TypeError(f"{func}: model must be a layer or Sequential (with "
                            f"parameters()); got {model!r}")
        self.model = model
        self.lr = _positive(lr, "lr", func)
        self.weight_decay = _positive(weight_decay, "weight_decay", func, allow_zero=True)
        self.state = None               # per parameter, made at the first step

    def zero_grad(self):
        """Set every gradient to 0 (backward adds to them)."""
        for _, _, grad in self.model.parameters():
            grad.fill(0)

    def step(self):
        """Move every parameter, in place, using its gradient."""
        params = self.model.parameters()
        if self.state is None:
            self.state = [self._new_state(value) for _, value, _ in params]
        for (_, value, grad), state in zip(params, self.state):
            if self.weight_decay:       # the gradient of (weight_decay / 2) * value**2
                grad = grad + self.weight_decay * value
            self._update(value, grad, state)


class SGD(_Optimizer):
    """Stochastic gradient descent, with momentum as in PyTorch:
        v = momentum * v + grad;   value -= lr * v          (v starts at 0)
    With momentum 0 this is value -= lr * grad. weight_decay > 0 adds
    weight_decay * value to every gradient first (an L2 penalty, as in PyTorch)."""

    def __init__(self, model, lr, momentum=0.0, weight_decay=0.0):
        super().__init__(model, lr, weight_decay)
        self.momentum = _positive(momentum, "momentum", "SGD", allow_zero=True)

    def _new_state(self, value):
        return np.zeros_like(value)

    def _update(self, value, grad, velocity):
        velocity *= self.momentum
        velocity += grad
        value -= self.lr * velocity


class Adam(_Optimizer):
    """Adam (Kingma & Ba 2015), as in PyTorch. At step t, for every parameter:
        m = b1 * m + (1 - b1) * grad;   v = b2 * v + (1 - b2) * grad**2
        value -= lr * (m / (1 - b1**t)) / (sqrt(v / (1 - b2**t)) + eps)
    weight_decay > 0 adds weight_decay * value to every gradient first (an L2 penalty that
    pulls unused weights towards 0, as PyTorch's Adam does).
    """

    def __init__(self, model, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0):
        super().__init__(model, lr, weight_decay)
        b1, b2 = betas
        self.betas = (_positive(b1, "betas[0]", "Adam", allow_zero=True),
                      _positive(b2, "betas[1]", "Adam", allow_zero=True))
        if max(self.betas) >= 1:
            raise ValueError(f"Adam: betas must be in [0, 1); got {betas}")
        self.eps = _positive(eps, "eps", "Adam")
        self.t = 0

    def step(self):
        self.t += 1
        super().step()

    def _new_state(self, value):
        return np.zeros_like(value), np.zeros_like(value)

    def _update(self, value, grad, state):
        m, v = state
        b1, b2 = self.betas
        m *= b1
        m += (1 - b1) * grad
        v *= b2
        v += (1 - b2) * grad * grad
        m_hat = m / (1 - b1 ** self.t)            # undo the pull towards the zero start
        v_hat = v / (1 - b2 ** self.t)
        value -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)


# ---- training --------------------------------------------------------------------------

def _check_data(x, y, func, names=("x", "y")):
    x = as_array(x, names[0], func)
    if x.ndim < 2 or len(x) == 0:
        raise ValueError(f"{func}: {names[0]} must be (N, ...) with N >= 1 examples; "
                         f"got shape {x.shape}")
    return x, _check_labels(y, len(x), None, func, names[1])


def _one_blas_thread():
    """Run matrix products on one thread. Our matrices are small: a second thread gains
    little (1.67 vs 1.73 ms per MNIST-1D CNN step here) but costs up to ten times more
    when another program shares the cores, and one thread also fixes the summation order."""
    try:
        from threadpoolctl import threadpool_limits  # comes with scikit-learn
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def accuracy(model, x, y, batch_size=1000):
    """Fraction of examples whose largest logit is the right class.

    Inputs:
    - model: a layer or Sequential whose forward gives (N, K) logits
    - x: (N, ...) inputs; y: (N,) int labels
    - batch_size: examples per forward pass (bounds the memory)
    Returns a float in [0, 1].
    """
    x, y = _check_data(x, y, "accuracy")
    batch_size = as_int(batch_size, "batch_size", "accuracy", 1)
    with _one_blas_thread():
        correct = sum(int((model.forward(x[i:i + batch_size]).argmax(axis=1)
                           == y[i:i + batch_size]).sum()) for i in range(0, len(x), batch_size))
    return correct / len(x)


@contextlib.contextmanager
def _weights_set_to(model, weights):
    """Evaluate the model with other weights for a moment (None: leave them as they are)."""
    if weights is None:
        yield
        return
    values = [value for _, value, _ in model.parameters()]
    saved = [value.copy() for value in values]
    for value, new in zip(values, weights):
        value[...] = new
    try:
        yield
    finally:
        for value, old in zip(values, saved):
            value[...] = old


def _running_mean(mean, model, count):
    """Fold the model's weights into `mean`, the mean of count - 1 earlier snapshots."""
    values = [value for _, value, _ in model.parameters()]
    if mean is None:
        return [value.copy() for value in values]
    for m, value in zip(mean, values):
        m += (value - m) / count
    return mean


def fit(model, x, y, optimizer, epochs, batch_size, x_val=None, y_val=None, seed=0,
        progress=True, average_from=None):
    """Train `model` on (x, y) with softmax cross-entropy and mini-batches.

    Every epoch visits the examples once, in a new random order drawn from `seed`; every
    batch does zero_grad, forward, loss, backward, step.

    Inputs:
    - model: a layer or Sequential that maps x (N, ...) to logits (N, K)
    - x: (N, ...) inputs; y: (N,) int labels in 0..K-1
    - optimizer: SGD or Adam made for this model
    - epochs, batch_size: ints >= 1 (the last batch of an epoch may be smaller)
    - x_val, y_val: optional held-out data, measured after every epoch
    - seed: int, the order of the batches (the same seed, the same training)
    - progress: True for a tqdm progress bar, False for none, or the tqdm-like class to use
      (cnnlib.progress.live_bar: shown while training, gone from the stored notebook)
    - average_from: None, or a number of epochs e, 0 <= e < epochs: the weights after
      each of the epochs e + 1, ..., epochs are averaged, and training ends with the model
      holding that average (epochs=150, average_from=75: the mean of the last 75). This is
      stochastic weight averaging (Izmailov et al. 2018): a noisy optimizer wanders around
      a minimum, and the centre of where it wandered generalizes better, and varies less
      from run to run, than the last point it happened to reach.
    Returns history, one entry per epoch in each list:
    - "loss": mean training loss over the epoch's batches
    - "acc": training accuracy over the epoch, counted on the batches as they were trained
    - "val_acc": accuracy on (x_val, y_val) after the epoch (of the averaged weights once
      averaging has begun); [] without validation data
    """
    from tqdm.auto import tqdm

    x, y = _check_data(x, y, "fit")
    if (x_val is None) != (y_val is None):
        raise ValueError("fit: give both x_val and y_val, or neither")
    if x_val is not None:
        x_val, y_val = _check_data(x_val, y_val, "fit", ("x_val", "y_val"))
    if not all(callable(getattr(optimizer, m, None)) for m in ("step", "zero_grad")):
        raise TypeError(f"fit: optimizer must be an SGD or Adam (with step and zero_grad); "
                        f"got {optimizer!r}")
    epochs = as_int(epochs, "epochs", "fit", 1)
    batch_size = as_int(batch_size, "batch_size", "fit", 1)
    order_rng = as_generator(as_int(seed, "seed", "fit", 0), "fit")
    if average_from is not None:
        average_from = as_int(average_from, "average_from", "fit", 0)
        if average_from >= epochs:
            raise ValueError(f"fit: average_from must be an epoch before the last, "
                             f"0..{epochs - 1}; got {average_from}")
    average, averaged = None, 0             # mean of the weights after `averaged` epochs

    history = {"loss": [], "acc": [], "val_acc": []}
    bar_class = progress if callable(progress) else tqdm
    with _one_blas_thread(), bar_class(range(epochs), desc="training", unit="epoch",
                                       disable=not progress) as bar:
        for epoch in bar:
            order = order_rng.permutation(len(x))
            total_loss, correct = 0.0, 0
            for start in range(0, len(x), batch_size):
                batch = order[start:start + batch_size]
                logits = model.forward(x[batch])
                loss, dlogits = softmax_cross_entropy(logits, y[batch])
                optimizer.zero_grad()
                model.backward(dlogits)
                optimizer.step()
                total_loss += loss * len(batch)
                correct += int((logits.argmax(axis=1) == y[batch]).sum())
            history["loss"].append(total_loss / len(x))
            history["acc"].append(correct / len(x))
            if average_from is not None and epoch >= average_from:
                averaged += 1
                average = _running_mean(average, model, averaged)
            shown = {"loss": f"{history['loss'][-1]:.3f}", "acc": f"{history['acc'][-1]:.3f}"}
            if x_val is not None:
                with _weights_set_to(model, average):
                    history["val_acc"].append(accuracy(model, x_val, y_val))
                shown["val_acc"] = f"{history['val_acc'][-1]:.3f}"
            bar.set_postfix(shown)
    if average is not None:
        for (_, value, _), mean in zip(model.parameters(), average):
            value[...] = mean
    return history
