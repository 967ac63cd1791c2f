"""cnnlib.nn against PyTorch: the MNIST-1D CNN with the same weights gives the same loss,
the same gradients and, after optimizer steps, the same weights."""

import numpy as np
import pytest
from networks import mnist1d_cnn

from cnnlib import nn

torch = pytest.importorskip(
    "torch", reason="PyTorch is optional; `make torch` installs the CPU build these tests need")

FLOAT64 = dict(rtol=1e-10, atol=1e-12)


def theirs(model):
    """The same network in PyTorch, holding copies of our weights (same names)."""
    t = torch.nn.Sequential(
        torch.nn.Conv1d(1, 25, 5, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.Conv1d(25, 25, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.Conv1d(25, 25, 3, stride=2, padding=1), torch.nn.ReLU(),
        torch.nn.Flatten(), torch.nn.Linear(125, 10))
    dtype = torch.float64 if model[0].weight.dtype == np.float64 else torch.float32
    t = t.to(dtype)
    with torch.no_grad():
        for (name, value, _), (t_name, param) in zip(model.parameters(), t.named_parameters()):
            assert name == t_name
            param.copy_(torch.from_numpy(value))
    return t


def batch(dtype, n=100):
    rng = np.random.default_rng(8)
    return rng.standard_normal((n, 1, 40)).astype(dtype), rng.integers(0, 10, n)


@pytest.mark.parametrize("dtype, tol", [(np.float64, FLOAT64),
                                        (np.float32, dict(rtol=1e-4, atol=1e-5))])
def test_one_training_step_matches_torch(dtype, tol):
    model = mnist1d_cnn(rng=7, dtype=dtype)
    twin = theirs(model)
    x, y = batch(dtype)

    loss, dlogits = nn.softmax_cross_entropy(model.forward(x), y)
    model.backward(dlogits)

    t_loss = torch.nn.functional.cross_entropy(twin(torch.from_numpy(x)), torch.from_numpy(y))
    t_loss.backward()
    assert loss == pytest.approx(t_loss.item(), rel=tol["rtol"])
    grads = dict(twin.named_parameters())
    for name, _, grad in model.parameters():
        np.testing.assert_allclose(grad, grads[name].grad.numpy(), **tol, err_msg=name)


@pytest.mark.parametrize("make_ours, make_theirs", [
    (lambda m: nn.SGD(m, lr=0.05, momentum=0.9),
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
    (lambda m: nn.Adam(m, lr=1e-2), lambda p: torch.optim.Adam(p, lr=1e-2)),
    (lambda m: nn.SGD(m, lr=0.05, momentum=0.5, weight_decay=1e-2),
     lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.5, weight_decay=1e-2)),
    (lambda m: nn.Adam(m, lr=1e-2, weight_decay=1e-3),
     lambda p: torch.optim.Adam(p, lr=1e-2, weight_decay=1e-3)),
], ids=["SGD-momentum", "Adam", "SGD-weight-decay", "Adam-weight-decay"])
def test_three_optimizer_steps_match_torch(make_ours, make_theirs):
    model = mnist1d_cnn(rng=7, dtype=np.float64)
    twin = theirs(model)
    opt, t_opt = make_ours(model), make_theirs(twin.parameters())
    for step in range(3):
        x, y = batch(np.float64, n=20 + step)
        opt.zero_grad()
        _, dlogits = nn.softmax_cross_entropy(model.forward(x), y)
        model.backward(dlogits)
        opt.step()
        t_opt.zero_grad()
        torch.nn.functional.cross_entropy(twin(torch.from_numpy(x)),
                                          torch.from_numpy(y)).backward()
        t_opt.step()
    weights = dict(twin.named_parameters())
    for name, value, _ in model.parameters():
        np.testing.assert_allclose(value, weights[name].detach().numpy(), rtol=1e-9,
                                   atol=1e-12, err_msg=name)
