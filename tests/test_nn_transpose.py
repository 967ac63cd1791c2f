"""nn.ConvTranspose2d: its backward against numerical gradients (alone and inside a small
encoder-decoder), PyTorch's initialisation bounds and layout, torch.nn.ConvTranspose2d
with the same weights, and bad arguments."""

import numpy as np
import pytest
from test_nn import away_from_zero, check_layer, check_network, normal

from cnnlib import nn

F64 = np.float64


@pytest.mark.parametrize("make, shape", [
    (lambda: nn.ConvTranspose2d(2, 3, 3, rng=0, dtype=F64), (2, 2, 4, 4)),
    (lambda: nn.ConvTranspose2d(3, 2, 4, stride=2, padding=1, rng=0, dtype=F64), (2, 3, 3, 4)),
    (lambda: nn.ConvTranspose2d(2, 2, (2, 3), stride=(2, 3), padding=(0, 1),
                                output_padding=(1, 2), rng=0, dtype=F64), (1, 2, 3, 3)),
], ids=["plain", "upsample-by-2", "pairs"])
def test_backward_matches_numerical_gradient(make, shape):
    check_layer(make(), away_from_zero(shape, seed=2))


def test_encoder_decoder_gradient_through_the_loss():
    """Conv2d halves the 6x6 image, ConvTranspose2d brings it back to 6x6, then a linear
    classifier: every parameter's gradient and dx against central differences."""
    rng = np.random.default_rng(3)
    model = nn.Sequential(
        nn.Conv2d(1, 3, 3, stride=2, padding=1, rng=rng, dtype=F64), nn.ReLU(),
        nn.ConvTranspose2d(3, 2, 3, stride=2, padding=1, output_padding=1, rng=rng, dtype=F64),
        nn.Flatten(), nn.Linear(2 * 6 * 6, 4, rng=rng, dtype=F64))
    x = normal((2, 1, 6, 6), seed=4)
    assert model[2].forward(model[1].forward(model[0].forward(x))).shape == (2, 2, 6, 6)
    check_network(model, x, np.array([0, 3]))


def test_weight_layout_and_pytorch_like_init():
    """weight (C_in, C_out, KH, KW) and bias (C_out,), both uniform within 1/sqrt(fan_in)
    where PyTorch counts fan_in = C_out * KH * KW for a transposed conv; repeatable."""
    layer = nn.ConvTranspose2d(16, 4, (3, 2), rng=0)
    assert layer.weight.shape == (16, 4, 3, 2) and layer.bias.shape == (4,)
    assert layer.weight.dtype == np.float32
    bound = 1 / np.sqrt(4 * 3 * 2)
    assert np.abs(layer.weight).max() <= bound and np.abs(layer.weight).max() > 0.9 * bound
    assert np.abs(layer.bias).max() <= bound
    again = nn.ConvTranspose2d(16, 4, (3, 2), rng=0)
    np.testing.assert_array_equal(layer.weight, again.weight)
    assert [name for name, _, _ in layer.parameters()] == ["weight", "bias"]


def test_repr_and_output_size():
    layer = nn.ConvTranspose2d(8, 4, 4, stride=2, padding=1)
    assert repr(layer) == "ConvTranspose2d(8, 4, kernel_size=4, stride=2, padding=1, " \
        "output_padding=0)"
    assert layer.forward(np.zeros((1, 8, 7, 5), np.float32)).shape == (1, 4, 14, 10)


@pytest.mark.parametrize("make, error, words", [
    (lambda: nn.ConvTranspose2d(0, 3, 3), ValueError, "in_channels"),
    (lambda: nn.ConvTranspose2d(1, 3, "3"), TypeError, "kernel_size"),
    (lambda: nn.ConvTranspose2d(1, 3, 3, output_padding=-1), ValueError, "output_padding"),
    (lambda: nn.ConvTranspose2d(1, 3, 3, stride=2, output_padding=2), ValueError,
     "output_padding must be smaller than stride 2; got 2"),
    (lambda: nn.ConvTranspose2d(1, 3, 3, stride=(2, 1), output_padding=(1, 1)), ValueError,
     r"stride \(2, 1\); got 1"),
    (lambda: nn.ConvTranspose2d(1, 3, 3, dtype=np.int32), ValueError, "dtype"),
])
def test_bad_constructor_arguments(make, error, words):
    with pytest.raises(error, match="ConvTranspose2d: .*" + words):
        make()


def test_bad_forward_and_backward_calls():
    layer = nn.ConvTranspose2d(3, 2, 3)
    with pytest.raises(ValueError, match="conv_transpose2d: w .* C_in=3 .* C_in=2"):
        layer.forward(np.zeros((1, 2, 4, 4)))
    with pytest.raises(RuntimeError, match="ConvTranspose2d.backward: call forward first"):
        layer.backward(np.zeros((1, 2, 6, 6)))
    layer.forward(np.zeros((1, 3, 4, 4)))
    with pytest.raises(ValueError, match=r"dy must have shape \(1, 2, 6, 6\)"):
        layer.backward(np.zeros((1, 2, 4, 4)))


# ---- PyTorch -------------------------------------------------------------------------


@pytest.mark.parametrize("dtype, tol", [(np.float64, dict(rtol=1e-10, atol=1e-12)),
                                        (np.float32, dict(rtol=1e-5, atol=1e-6))],
                         ids=["float64", "float32"])
@pytest.mark.parametrize("hyper", [dict(), dict(stride=2, padding=1, output_padding=1),
                                   dict(stride=(3, 1), padding=(1, 0), output_padding=(2, 0))],
                         ids=["plain", "upsample-by-2", "pairs"])
def test_matches_torch_conv_transpose2d_layer(dtype, tol, hyper):
    """Same weights in torch.nn.ConvTranspose2d: same output, dx and parameter gradients."""
    torch = pytest.importorskip(
        "torch", reason="PyTorch is optional; `make torch` installs the CPU build")
    ours = nn.ConvTranspose2d(3, 2, (3, 2), rng=5, dtype=dtype, **hyper)
    theirs = torch.nn.ConvTranspose2d(3, 2, (3, 2), **hyper).to(getattr(torch, dtype.__name__))
    with torch.no_grad():
        for name, value, _ in ours.parameters():
            assert getattr(theirs, name).shape == value.shape
            getattr(theirs, name).copy_(torch.from_numpy(value))
    x = normal((2, 3, 4, 5), seed=6).astype(dtype)
    y = ours.forward(x)
    dy = normal(y.shape, seed=7).astype(dtype)
    dx = ours.backward(dy)
    x_t = torch.from_numpy(x).requires_grad_(True)
    y_t = theirs(x_t)
    y_t.backward(torch.from_numpy(dy))
    np.testing.assert_allclose(y, y_t.detach().numpy(), **tol)
    np.testing.assert_allclose(dx, x_t.grad.numpy(), **tol)
    for name, _, grad in ours.parameters():
        np.testing.assert_allclose(grad, getattr(theirs, name).grad.numpy(), **tol,
                                   err_msg=name)
