"""cnnlib.nn: every layer's backward against numerical gradients (float64), whole networks
end to end, the loss, one step of each optimizer by hand, parameter counts and
initialisation, bad arguments, and a short training run."""

import numpy as np
import pytest
from networks import mnist1d_cnn

from cnnlib import nn
from cnnlib.gradcheck import numerical_gradient, rel_error

F64 = np.float64


def normal(shape, seed=0):
    return np.random.default_rng(seed).standard_normal(shape)


def away_from_zero(shape, seed=0):
    """Normals pushed at least 0.1 away from 0, so that ReLU's kink is never crossed."""
    x = normal(shape, seed)
    return x + 0.1 * np.sign(x)


def with_value(value, run):
    """A function of v: put v into the array value (in place), return run(), put back."""
    def f(v):
        saved = value.copy()
        value[...] = v
        out = run()
        value[...] = saved
        return out
    return f


def check_layer(layer, x):
    """The layer's dx and parameter gradients against central differences of sum(y * dy)."""
    y = layer.forward(x)
    dy = normal(y.shape, seed=1)
    dx = layer.backward(dy)
    assert dx.shape == x.shape
    assert rel_error(dx, numerical_gradient(layer.forward, x, dy)) <= 1e-7
    for name, value, grad in layer.parameters():
        assert grad.shape == value.shape
        numeric = numerical_gradient(with_value(value, lambda: layer.forward(x)), value, dy)
        assert rel_error(grad, numeric) <= 1e-7, name


LAYERS = [
    pytest.param(lambda: nn.Conv1d(2, 3, 3, rng=0, dtype=F64), (2, 2, 9), id="Conv1d"),
    pytest.param(lambda: nn.Conv1d(2, 3, 4, stride=2, padding=1, rng=0, dtype=F64),
                 (2, 2, 9), id="Conv1d-stride-padding"),
    pytest.param(lambda: nn.Conv2d(2, 3, 3, rng=0, dtype=F64), (2, 2, 5, 5), id="Conv2d"),
    pytest.param(lambda: nn.Conv2d(2, 2, (2, 3), stride=(1, 2), padding=(1, 0), rng=0,
                                   dtype=F64), (2, 2, 5, 6), id="Conv2d-pairs"),
    pytest.param(lambda: nn.MaxPool1d(2), (2, 3, 8), id="MaxPool1d"),
    pytest.param(lambda: nn.MaxPool1d(3, stride=2), (2, 3, 9), id="MaxPool1d-overlap"),
    pytest.param(lambda: nn.AvgPool1d(2), (2, 3, 8), id="AvgPool1d"),
    pytest.param(lambda: nn.MaxPool2d(2), (2, 3, 6, 6), id="MaxPool2d"),
    pytest.param(lambda: nn.AvgPool2d((2, 3), stride=1), (2, 3, 5, 6), id="AvgPool2d"),
    pytest.param(lambda: nn.ReLU(), (3, 4, 5), id="ReLU"),
    pytest.param(lambda: nn.Flatten(), (3, 2, 4, 5), id="Flatten"),
    pytest.param(lambda: nn.Linear(6, 4, rng=0, dtype=F64), (5, 6), id="Linear"),
]


@pytest.mark.parametrize("make, shape", LAYERS)
def test_layer_backward_matches_numerical_gradient(make, shape):
    check_layer(make(), away_from_zero(shape, seed=2))


def softmax_loss(model, x, labels):
    return nn.softmax_cross_entropy(model.forward(x), labels)[0]


def check_network(model, x, labels, names=None):
    """dx and the gradients of the named parameters (default: all) of the softmax
    cross-entropy loss against numerical gradients."""
    _, dlogits = nn.softmax_cross_entropy(model.forward(x), labels)
    dx = model.backward(dlogits)
    assert rel_error(dx, numerical_gradient(lambda v: softmax_loss(model, v, labels), x)) <= 1e-7
    params = {name: (value, grad) for name, value, grad in model.parameters()}
    for name in params if names is None else names:
        value, grad = params[name]
        loss_of_value = with_value(value, lambda: softmax_loss(model, x, labels))
        assert rel_error(grad, numerical_gradient(loss_of_value, value)) <= 1e-7, name


def test_sequential_end_to_end_gradient_through_the_loss():
    rng = np.random.default_rng(3)
    model = nn.Sequential(nn.Conv2d(1, 3, 3, padding=1, rng=rng, dtype=F64), nn.ReLU(),
                          nn.MaxPool2d(2), nn.Conv2d(3, 2, 2, rng=rng, dtype=F64),
                          nn.AvgPool2d(2, stride=1), nn.Flatten(), nn.Linear(2, 4, rng=rng,
                                                                              dtype=F64))
    check_network(model, normal((3, 1, 6, 6), seed=4), np.array([0, 3, 1]))


def test_mnist1d_cnn_gradient_in_float64():
    # the first conv's weight only (all 5,210 parameters: ~10,000 forward passes)
    check_network(mnist1d_cnn(dtype=F64), normal((4, 1, 40), seed=5), np.array([1, 7, 7, 0]),
                  names=["0.weight"])


def test_gradients_add_up_until_zero_grad():
    model = nn.Sequential(nn.Linear(3, 2, rng=0, dtype=F64))
    x, dy = normal((4, 3)), normal((4, 2), seed=1)
    model.forward(x)
    model.backward(dy)
    once = model[0].weight_grad.copy()
    model.backward(dy)
    np.testing.assert_allclose(model[0].weight_grad, 2 * once)
    nn.SGD(model, lr=0.1).zero_grad()
    assert all(not grad.any() for _, _, grad in model.parameters())


# ---- loss ------------------------------------------------------------------------------

def test_softmax_cross_entropy_matches_the_direct_formula():
    logits, labels = normal((5, 4)), np.array([0, 3, 2, 2, 1])
    loss, dlogits = nn.softmax_cross_entropy(logits, labels)
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    assert loss == pytest.approx(-np.mean(np.log(p[np.arange(5), labels])), rel=1e-12)
    np.testing.assert_allclose(dlogits, (p - np.eye(4)[labels]) / 5, rtol=1e-12, atol=1e-15)
    numeric = numerical_gradient(lambda z: nn.softmax_cross_entropy(z, labels)[0], logits)
    assert rel_error(dlogits, numeric) <= 1e-7


def test_softmax_cross_entropy_is_stable_for_huge_logits():
    logits = np.array([[1e4, 0.0, -1e4], [1e4, 1e4 - 2.0, 0.0]])
    labels = np.array([1, 0])
    loss, dlogits = nn.softmax_cross_entropy(logits, labels)
    # row 0: log(e^1e4 + ...) - 0 = 1e4; row 1: log(1 + e^-2)
    assert loss == pytest.approx((1e4 + np.log1p(np.exp(-2.0))) / 2, rel=1e-12)
    assert np.all(np.isfinite(dlogits))
    np.testing.assert_allclose(dlogits.sum(axis=1), 0, atol=1e-15)


def test_softmax_cross_entropy_keeps_float32():
    loss, dlogits = nn.softmax_cross_entropy(np.zeros((2, 3), np.float32), np.array([0, 1]))
    assert dlogits.dtype == np.float32
    assert loss == pytest.approx(np.log(3), rel=1e-6)


# ---- optimizers --------------------------------------------------------------------------

def one_linear_with_grad(grad_weight, grad_bias):
    model = nn.Linear(2, 1, rng=0, dtype=F64)
    model.weight[...] = [[1.0, -2.0]]
    model.bias[...] = [0.5]
    model.weight_grad[...] = grad_weight
    model.bias_grad[...] = grad_bias
    return model


def test_sgd_step_by_hand():
    model = one_linear_with_grad([[0.2, -0.4]], [1.0])
    nn.SGD(model, lr=0.1).step()
    np.testing.assert_allclose(model.weight, [[1.0 - 0.02, -2.0 + 0.04]])
    np.testing.assert_allclose(model.bias, [0.5 - 0.1])


def test_sgd_momentum_two_steps_by_hand():
    model = one_linear_with_grad([[1.0, 0.0]], [0.0])
    opt = nn.SGD(model, lr=0.1, momentum=0.9)
    opt.step()                                  # v = 1,             w = 1 - 0.1
    model.weight_grad[...] = [[2.0, 0.0]]
    opt.step()                                  # v = 0.9 * 1 + 2,  w = 0.9 - 0.29
    np.testing.assert_allclose(model.weight[0, 0], 1.0 - 0.1 - 0.1 * 2.9)


def test_adam_two_steps_by_hand():
    g1, g2 = np.array([0.2, -3.0]), np.array([0.1, 1.0])
    model = one_linear_with_grad([g1], [0.0])
    opt = nn.Adam(model, lr=0.01)
    opt.step()
    # step 1: m_hat = g, v_hat = g^2, so each weight moves by lr * g / (|g| + eps)
    np.testing.assert_allclose(model.weight[0], [1.0, -2.0] - 0.01 * g1 / (np.abs(g1) + 1e-8))
    model.weight_grad[...] = [g2]
    opt.step()
    m = 0.9 * 0.1 * g1 + 0.1 * g2
    v = 0.999 * 0.001 * g1**2 + 0.001 * g2**2
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    expected = [1.0, -2.0] - 0.01 * g1 / (np.abs(g1) + 1e-8) - 0.01 * m_hat / (
        np.sqrt(v_hat) + 1e-8)
    np.testing.assert_allclose(model.weight[0], expected, rtol=1e-12)
    assert model.bias[0] == 0.5                 # zero gradient: Adam leaves it


def test_weight_decay_adds_to_the_gradient_by_hand():
    model = one_linear_with_grad([[0.2, -0.4]], [1.0])
    nn.SGD(model, lr=0.1, weight_decay=0.5).step()      # grad + 0.5 * value
    np.testing.assert_allclose(model.weight, [[1.0 - 0.1 * (0.2 + 0.5),
                                               -2.0 - 0.1 * (-0.4 - 1.0)]])
    np.testing.assert_allclose(model.weight_grad, [[0.2, -0.4]])   # the gradient is kept


# ---- parameters and initialisation ---------------------------------------------------------

def count(model):
    return sum(value.size for _, value, _ in model.parameters())


def test_parameter_counts_and_names():
    model = mnist1d_cnn()
    # 25*1*5 + 25, 25*25*3 + 25 (twice), 125*10 + 10
    assert [count(layer) for layer in model] == [150, 0, 1900, 0, 1900, 0, 0, 1260]
    assert count(model) == 5210
    assert [name for name, _, _ in model.parameters()] == [
        "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias", "7.weight", "7.bias"]
    assert count(nn.Conv2d(3, 20, 5)) == 20 * 3 * 5 * 5 + 20
    assert count(nn.Linear(784, 100)) == 78500


def test_init_is_pytorch_like_and_repeatable():
    layer = nn.Conv1d(25, 25, 3, rng=0)
    bound = 1 / np.sqrt(25 * 3)
    assert layer.weight.dtype == np.float32 and layer.bias.dtype == np.float32
    assert np.abs(layer.weight).max() <= bound and np.abs(layer.bias).max() <= bound
    assert np.abs(layer.weight).max() > 0.9 * bound          # uniform over the whole range
    np.testing.assert_array_equal(layer.weight, nn.Conv1d(25, 25, 3, rng=0).weight)
    assert not np.array_equal(layer.weight, nn.Conv1d(25, 25, 3, rng=1).weight)
    gen = np.random.default_rng(0)                           # a shared generator advances
    assert not np.array_equal(nn.Linear(4, 4, rng=gen).weight, nn.Linear(4, 4, rng=gen).weight)
    assert nn.Linear(4, 4, dtype=np.float64).weight.dtype == np.float64


def test_float32_network_stays_float32():
    model = mnist1d_cnn()
    x = normal((3, 1, 40)).astype(np.float32)
    logits = model.forward(x)
    assert logits.dtype == np.float32
    _, dlogits = nn.softmax_cross_entropy(logits, np.array([0, 1, 2]))
    assert model.backward(dlogits).dtype == np.float32
    assert all(grad.dtype == np.float32 for _, _, grad in model.parameters())


def test_repr_reads_like_pytorch():
    assert repr(nn.Conv1d(1, 25, 5, stride=2, padding=1)) == \
        "Conv1d(1, 25, kernel_size=5, stride=2, padding=1)"
    assert repr(nn.MaxPool2d(2)) == "MaxPool2d(size=2, stride=2)"
    assert "(1): ReLU()" in repr(nn.Sequential(nn.Flatten(), nn.ReLU()))


# ---- bad arguments -------------------------------------------------------------------------

@pytest.mark.parametrize("make, error, words", [
    (lambda: nn.Conv1d(0, 3, 3), ValueError, "in_channels"),
    (lambda: nn.Conv2d(1, 3, "3"), TypeError, "kernel_size"),
    (lambda: nn.Conv2d(1, 3, (3, 3, 3)), ValueError, "kernel_size"),
    (lambda: nn.Conv1d(1, 3, 3, padding=-1), ValueError, "padding"),
    (lambda: nn.Linear(4, 2.5), TypeError, "out_features"),
    (lambda: nn.Linear(4, 2, rng="seed"), TypeError, "rng"),
    (lambda: nn.Linear(4, 2, dtype=np.int32), ValueError, "dtype"),
    (lambda: nn.MaxPool2d(0), ValueError, "size"),
    (lambda: nn.AvgPool1d(2, stride=0), ValueError, "stride"),
    (lambda: nn.Sequential(nn.ReLU(), np.zeros(3)), TypeError, "layer 1"),
    (lambda: nn.SGD(nn.Linear(2, 2), lr=-0.1), ValueError, "lr"),
    (lambda: nn.SGD(nn.Linear(2, 2), lr=0.1, momentum=-1), ValueError, "momentum"),
    (lambda: nn.Adam(nn.Linear(2, 2), betas=(0.9, 1.0)), ValueError, "betas"),
    (lambda: nn.Adam("model"), TypeError, "model"),
    (lambda: nn.Adam(nn.Linear(2, 2), weight_decay=-1e-3), ValueError, "weight_decay"),
])
def test_bad_constructor_arguments(make, error, words):
    with pytest.raises(error, match=words):
        make()


def test_bad_forward_and_backward_calls():
    with pytest.raises(ValueError, match="Flatten"):
        nn.Linear(40, 10).forward(np.zeros((2, 1, 40)))
    with pytest.raises(ValueError, match="in_features=40"):
        nn.Linear(40, 10).forward(np.zeros((2, 39)))
    with pytest.raises(ValueError, match="C=1 input channels"):
        nn.Conv1d(1, 2, 3).forward(np.zeros((2, 3, 10)))
    with pytest.raises(RuntimeError, match="forward first"):
        nn.ReLU().backward(np.zeros(3))
    with pytest.raises(RuntimeError, match="forward first"):
        nn.Conv2d(1, 1, 2).backward(np.zeros((1, 1, 2, 2)))
    relu = nn.ReLU()
    relu.forward(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"ReLU.backward: dy must have shape \(2, 3\) "
                                         r"\(forward's output\); got \(3, 2\)"):
        relu.backward(np.zeros((3, 2)))


@pytest.mark.parametrize("labels, error, words", [
    (np.array([0, 3]), ValueError, r"labels must be in 0\.\.2"),
    (np.array([0.0, 1.0]), TypeError, "labels must be integers"),
    (np.array([0, 1, 2]), ValueError, "one entry per example"),
])
def test_bad_labels(labels, error, words):
    with pytest.raises(error, match=words):
        nn.softmax_cross_entropy(np.zeros((2, 3)), labels)


def test_bad_fit_arguments():
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 3))
    opt = nn.SGD(model, lr=0.1)
    x, y = np.zeros((6, 4), np.float32), np.zeros(6, dtype=int)
    with pytest.raises(ValueError, match="y must have one entry per example"):
        nn.fit(model, x, y[:5], opt, 1, 2, progress=False)
    with pytest.raises(ValueError, match="batch_size must be >= 1"):
        nn.fit(model, x, y, opt, 1, 0, progress=False)
    with pytest.raises(ValueError, match="x_val and y_val"):
        nn.fit(model, x, y, opt, 1, 2, x_val=x, progress=False)
    with pytest.raises(ValueError, match="y_val must have one entry"):
        nn.fit(model, x, y, opt, 1, 2, x_val=x, y_val=y[:2], progress=False)
    with pytest.raises(TypeError, match="optimizer"):
        nn.fit(model, x, y, "adam", 1, 2, progress=False)
    with pytest.raises(ValueError, match=r"average_from must be an epoch before the last, 0\.\.2"):
        nn.fit(model, x, y, opt, 3, 2, average_from=3, progress=False)


# ---- training --------------------------------------------------------------------------------

def digits_subset():
    from cnnlib import data
    x_train, y_train, x_test, y_test = data.digits()
    return x_train[:600], y_train[:600], x_test, y_test


def small_digits_cnn(seed=0):
    rng = np.random.default_rng(seed)
    return nn.Sequential(nn.Conv2d(1, 8, 3, padding=1, rng=rng), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Flatten(), nn.Linear(8 * 4 * 4, 10, rng=rng))


def test_training_learns_and_is_repeatable():
    x, y, x_test, y_test = digits_subset()
    histories = []
    for _ in range(2):
        model = small_digits_cnn()
        before = nn.accuracy(model, x_test, y_test)
        history = nn.fit(model, x, y, nn.Adam(model, lr=1e-2), epochs=10, batch_size=25,
                         x_val=x_test, y_val=y_test, progress=False)    # 240 steps
        histories.append(history)
    assert sorted(history) == ["acc", "loss", "val_acc"]
    assert all(len(v) == 10 for v in history.values())
    assert history["loss"][-1] < 0.3 * history["loss"][0]
    assert before < 0.3 and history["val_acc"][-1] > 0.85          # chance is 0.1
    assert nn.accuracy(model, x_test, y_test) == history["val_acc"][-1]
    assert histories[0] == histories[1]


def test_sgd_with_momentum_trains_too():
    x, y, x_test, y_test = digits_subset()
    model = small_digits_cnn(seed=1)
    history = nn.fit(model, x, y, nn.SGD(model, lr=0.1, momentum=0.9), epochs=5,
                     batch_size=25, progress=False)
    assert history["val_acc"] == []
    assert history["acc"][-1] > 0.8


def test_weight_averaging_leaves_the_mean_of_the_last_epochs():
    x, y, *_ = digits_subset()
    x, y = x[:50].astype(F64), y[:50]

    def model_and_optimizer():
        model = nn.Sequential(nn.Flatten(), nn.Linear(64, 10, rng=0, dtype=F64))
        return model, nn.SGD(model, lr=0.5)

    averaged, opt = model_and_optimizer()
    history = nn.fit(averaged, x, y, opt, epochs=5, batch_size=50, average_from=2,
                     x_val=x, y_val=y, progress=False)
    # by hand: full-batch steps (the order inside the batch does not matter), then the
    # mean of the weights after epochs 3, 4 and 5
    model, opt = model_and_optimizer()
    snapshots = []
    for epoch in range(5):
        nn.fit(model, x, y, opt, epochs=1, batch_size=50, progress=False)
        if epoch >= 2:
            snapshots.append(model[1].weight.copy())
    np.testing.assert_allclose(averaged[1].weight, np.mean(snapshots, axis=0), rtol=1e-10)
    assert history["val_acc"][-1] == nn.accuracy(averaged, x, y)   # measured on the mean


def test_progress_bar_only_when_asked(capsys):
    model = nn.Sequential(nn.Linear(4, 3))
    x, y = np.zeros((6, 4), np.float32), np.zeros(6, dtype=int)
    nn.fit(model, x, y, nn.SGD(model, lr=0.1), 2, 3, progress=False)
    assert capsys.readouterr().err == ""
    nn.fit(model, x, y, nn.SGD(model, lr=0.1), 2, 3, progress=True)
    assert "2/2" in capsys.readouterr().err


def test_accuracy_counts_the_largest_logit():
    model = nn.Linear(3, 3, dtype=F64)
    model.weight[...] = np.eye(3)
    model.bias[...] = 0
    x = np.array([[1.0, 0, 0], [0, 2, 1], [0, 3, 4], [5, 0, 6]])
    assert nn.accuracy(model, x, np.array([0, 1, 2, 0]), batch_size=3) == 0.75
