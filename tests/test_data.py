"""cnnlib.data: shapes, dtypes, ranges, determinism, the MNIST-1D cache, bad arguments,
and that nothing reaches for the network."""

import random
import socket

import numpy as np
import pytest

from cnnlib import data


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"cnnlib.data tried to reach the network: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture(scope="module")
def mnist1d_generated(tmp_path_factory):
    """One real generation (about a second) into a fresh cache, shared by the tests."""
    home = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(home))
        mp.setattr(socket.socket, "connect", lambda *a: pytest.fail("network"))
        state = random.getstate(), np.random.get_state()[1].copy()
        arrays = data.mnist1d()
        assert random.getstate() == state[0], "mnist1d() changed Python's global random state"
        np.testing.assert_array_equal(np.random.get_state()[1], state[1])
    return home, arrays


def test_digits_shapes_ranges_and_split():
    x_train, y_train, x_test, y_test = data.digits()
    assert x_train.shape == (1437, 1, 8, 8) and x_test.shape == (360, 1, 8, 8)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    assert x_train.min() == 0 and x_train.max() == 1
    assert set(np.unique(y_train)) == set(range(10)) == set(np.unique(y_test))
    # stratified: every digit is 20 % +- one image of its class in the test part
    counts_test, counts_all = np.bincount(y_test), np.bincount(np.r_[y_train, y_test])
    assert np.all(np.abs(counts_test - 0.2 * counts_all) <= 1)


def test_digits_is_the_same_every_time():
    for a, b in zip(data.digits(), data.digits()):
        np.testing.assert_array_equal(a, b)


def test_mnist1d_shapes_dtypes_labels(mnist1d_generated):
    _, (x_train, y_train, x_test, y_test) = mnist1d_generated
    assert x_train.shape == (4000, 1, 40) and x_test.shape == (1000, 1, 40)
    assert y_train.shape == (4000,) and y_test.shape == (1000,)
    assert x_train.dtype == np.float32 and y_train.dtype == np.int64
    assert set(np.unique(y_train)) == set(range(10))
    whole = np.concatenate([x_train, x_test])
    assert abs(whole.mean()) < 1e-3 and abs(whole.std() - 1) < 1e-3   # standardised


def test_mnist1d_is_cached_in_the_user_cache_dir(mnist1d_generated, monkeypatch):
    home, first = mnist1d_generated
    files = list((home / "cnnlib").glob("mnist1d-*.npz"))
    assert len(files) == 1
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.setattr(data, "_generate_mnist1d", lambda args: pytest.fail("regenerated"))
    for a, b in zip(first, data.mnist1d()):            # read back from the cache
        np.testing.assert_array_equal(a, b)


def test_mnist1d_generation_is_deterministic(mnist1d_generated, cache_home):
    _, first = mnist1d_generated
    for a, b in zip(first, data.mnist1d()):            # fresh cache: generated again
        np.testing.assert_array_equal(a, b)


FAKE = {"x_train": np.ones((4, 40)), "y_train": np.arange(4), "x_test": np.zeros((2, 40)),
        "y_test": np.arange(2)}


def test_mnist1d_without_a_writable_cache_still_works(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the cache directory should go")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    monkeypatch.setattr(data, "_generate_mnist1d", lambda args: FAKE)
    x_train, *_ = data.mnist1d()
    assert x_train.shape == (4, 1, 40)


def test_mnist1d_regenerates_over_a_damaged_cache(cache_home, monkeypatch):
    monkeypatch.setattr(data, "_generate_mnist1d", lambda args: FAKE)
    data.mnist1d()
    (path,) = (cache_home / "cnnlib").glob("mnist1d-*.npz")
    path.write_bytes(b"not an npz file")
    assert data.mnist1d()[0].shape == (4, 1, 40)
    assert np.load(path)["x_train"].shape == (4, 40)       # and the cache is repaired


def test_mnist1d_cache_defaults_to_home(monkeypatch, tmp_path):
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data._cache_dir() == tmp_path / ".cache" / "cnnlib"


def test_sample_image():
    rgb, gray = data.sample_image(), data.sample_image(gray=True)
    assert rgb.shape == (600, 512, 3) and gray.shape == (600, 512)
    assert rgb.dtype == np.float64
    assert rgb.min() >= 0 and rgb.max() <= 1 and rgb.max() > 0.9
    np.testing.assert_allclose(gray, rgb @ [0.299, 0.587, 0.114], atol=1e-12)
    with pytest.raises(TypeError, match="gray"):
        data.sample_image(gray="yes")


def test_shifted_peaks():
    x, positions = data.shifted_peaks(50, 30, rng=0)
    assert x.shape == (50, 30) and positions.shape == (50,)
    assert x.dtype == np.float32
    np.testing.assert_array_equal(x.argmax(axis=1), positions)
    np.testing.assert_allclose(x.max(axis=1), 1)
    assert len(np.unique(positions)) > 10                  # the peaks really move
    np.testing.assert_array_equal(x, data.shifted_peaks(50, 30, rng=0)[0])
    gen = np.random.default_rng(0)
    first, second = data.shifted_peaks(5, 30, gen)[1], data.shifted_peaks(5, 30, gen)[1]
    assert not np.array_equal(first, second)               # a Generator advances


@pytest.mark.parametrize("args, error, words", [
    ((0, 10), ValueError, "n must be >= 1"),
    ((3, 2.5), TypeError, "length must be an int"),
    ((3, 10, "seed"), TypeError, "rng"),
    ((3, 10, -1), ValueError, "rng"),
])
def test_shifted_peaks_bad_arguments(args, error, words):
    with pytest.raises(error, match=words):
        data.shifted_peaks(*args)
