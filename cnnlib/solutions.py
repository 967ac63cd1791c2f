"""Worked solutions to the notebooks' exercises, printed only when asked for.

    solution("02.1")                        # no data needed
    solution("04", x=x, w=w, dy=dy)         # the exercise's arrays, as in the notebook

Every number is computed here (with cnnlib and cnnlib.frames), never typed in, and each
solution walks through the reasoning the way it would be done on paper.
"""


from . import frames
from .fields import coverage
from .sizes import output_size
from .text import fmt, signed


def _product(value, weight):
    return f"{signed(value)}·{signed(weight)}"


def _vector(values):
    return "[" + ", ".join(fmt(v) for v in values) + "]"


def _layer_01():
    c, f, k, n = 3, 6, 5, 32
    weights = f * c * k * k
    print(f"Each kernel spans all {c} colour channels: {c}x{k}x{k} = {c * k * k} weights, "
          f"plus 1 bias.")
    print(f"{f} kernels: {f} x ({c * k * k} + 1) = {weights + f} parameters.")
    side = output_size(n, k)
    print(f"Output: {f} feature maps (one per kernel), each {n} - {k} + 1 = {side} wide: "
          f"shape ({f}, {side}, {side}).")


def _resnet_02():
    n, k, s, p = 224, 7, 2, 3
    print(f"floor((n + 2p - k) / s) + 1 = floor(({n} + {2 * p} - {k}) / {s}) + 1 "
          f"= floor({(n + 2 * p - k) / s}) + 1 = {output_size(n, k, s, p)}")


def _cover_02():
    for p in range(4):
        unread = int((coverage((7, 7), 3, stride=3, padding=p) == 0).sum())
        print(f"padding {p}: windows start at padded cells 0, 3, 6, ...; "
              f"{unread} of the 49 input cells are never read")
        if unread == 0:
            print(f"-> the smallest padding is {p}")
            return


def _same_02():
    n, k, d = 32, 5, 2
    span = d * (k - 1) + 1
    p = (span - 1) // 2
    print(f"A dilated kernel spans d(k - 1) + 1 = {d}·{k - 1} + 1 = {span} cells.")
    print(f"To keep the size, pad (span - 1) / 2 = {p} on each side: "
          f"output_size({n}, {k}, padding={p}, dilation={d}) = {output_size(n, k, 1, p, d)}")


def _mnist_03():
    pixels, hidden, kernels, k = 28 * 28, 100, 20, 5
    print(f"MLP: every one of the {hidden} units sees all {pixels} pixels: "
          f"{pixels} x {hidden} + {hidden} biases = {pixels * hidden + hidden:,}")
    print(f"CNN: each of the {kernels} kernels has {k}x{k} = {k * k} shared weights and one "
          f"bias: {kernels} x ({k * k} + 1) = {kernels * (k * k + 1)}")


def _pooled_03():
    side = output_size(28, 5)
    print(f"20 feature maps of 28 - 5 + 1 = {side}; 2x2 pooling halves each side: "
          f"(20, {side // 2}, {side // 2})")


def _dx_04(x, w, dy):
    back = frames.conv_backward(x, w, dy)
    print(f"Pad dy with K - 1 = {len(w) - 1} zero on each end: {_vector(back.dy_full)}")
    print(f"Flip the kernel: [w2, w1] = {_vector(back.w_rot180)}")
    for step in back.gather:
        window = [back.dy_full[c] for c in step.window]
        terms = " + ".join(_product(v, k) for v, k in zip(window, back.w_rot180))
        print(f"dx{step.dx_index[0] + 1} = {terms} = {fmt(step.total)}")


def _dx_05(x, w, dy):
    back = frames.conv_backward(x, w, dy)
    step = next(s for s in back.gather if s.dx_index == (1, 2))
    print("x[1,2] is read by these outputs, each with the weight that sat on it:")
    for out, kernel_cell, amount in step.terms:
        print(f"  y{list(out)} used w{list(kernel_cell)}: dy·w = "
              f"{_product(back.dy[out], back.w[kernel_cell])} = {fmt(amount)}")
    print(f"dx[1,2] = {fmt(step.total)}")


def _dw_05(x, w, dy):
    back = frames.conv_backward(x, w, dy)
    terms = [(s.dy_value, cell, amount) for s in back.scatter
             for kernel_cell, cell, amount in s.dw_terms if kernel_cell == (1, 0)]
    print("dw[1,0] = sum over i, j of dy[i,j] · x[i+1, j]: dy on the window of x that starts "
          "at row 1, column 0")
    print(" + ".join(_product(g, back.x_padded[cell]) for g, cell, _ in terms)
          + f" = {fmt(sum(a for _, _, a in terms))}")


def _pool_06(kind):
    def solve(x, dy):
        back = frames.pool_backward(x, dy, 2, 1, kind)
        for step in back.steps:
            cells = [c[0] + 1 for c in step.reads]
            if kind == "max":
                winner = step.terms[0][0][0] + 1
                print(f"window {step.dy_index[0] + 1} (x{cells[0]}, x{cells[1]}): winner "
                      f"x{winner} gets dy = {fmt(step.dy_value)}")
            else:
                print(f"window {step.dy_index[0] + 1} (x{cells[0]}, x{cells[1]}): each gets "
                      f"dy / 2 = {fmt(step.dy_value / 2)}")
        print(f"add them up: dx = {_vector(back.dx())}")
    return solve


def _linear_07():
    inputs, outputs = 32 * 4 * 4, 10
    print(f"The linear layer reads 32 pooled maps of 4x4 = {inputs} numbers and has "
          f"{outputs} outputs:")
    print(f"{inputs} x {outputs} weights + {outputs} biases = {inputs * outputs + outputs:,}")


SOLUTIONS = {
    "01": (_layer_01, "01_receptive_fields: parameters and output shape of an RGB conv layer"),
    "02.1": (_resnet_02, "02_padding_stride: ResNet's first layer"),
    "02.2": (_cover_02, "02_padding_stride: the smallest padding that reads every cell"),
    "02.3": (_same_02, "02_padding_stride: 'same' padding with dilation"),
    "03.1": (_mnist_03, "03_pooling: MLP against CNN parameters on MNIST"),
    "03.2": (_pooled_03, "03_pooling: the pooled shape"),
    "04": (_dx_04, "04_backprop_1d: dx by hand (data: x, w, dy)"),
    "05.1": (_dx_05, "05_backprop_2d: dx[1,2] by hand (data: x, w, dy)"),
    "05.2": (_dw_05, "05_backprop_2d: dw[1,0] by hand (data: x, w, dy)"),
    "06.1": (_pool_06("max"), "06_pooling_gradients: max pooling, overlapping (data: x, dy)"),
    "06.2": (_pool_06("avg"), "06_pooling_gradients: average pooling, overlapping (data: x, dy)"),
    "07": (_linear_07, "07_train_a_cnn: parameters of the digits CNN's linear layer"),
}


def solution(name, **data):
    """Print the worked solution of exercise `name` (see SOLUTIONS), from `data`."""
    if name not in SOLUTIONS:
        raise ValueError(f"solution: name must be one of {sorted(SOLUTIONS)}; got {name!r}")
    SOLUTIONS[name][0](**data)
