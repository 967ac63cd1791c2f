"""Small real data sets and test signals for the notebooks. Nothing is downloaded.

- `digits()`: scikit-learn's bundled 8x8 handwritten digits, as images (N, 1, 8, 8).
- `mnist1d()`: MNIST-1D (Greydanus 2020), generated here by the `mnist1d` package and
  cached in a user cache directory, as signals (N, 1, 40).
- `sample_image()`: matplotlib's bundled photo of Grace Hopper.
- `load_image(path)`: your own image file (the sample photo when path is None).
- `shifted_peaks()`: 1-D signals with one peak at a random place (the lecture's opening
  example of why an MLP is a poor fit for patterns that move).

The training sets come as float32 (what `cnnlib.nn` trains in) with int64 labels.
"""

import hashlib
import json
import os
import random
import tempfile
from pathlib import Path

import numpy as np

from ._checks import as_int
from ._rng import as_generator

__all__ = ["digits", "mnist1d", "sample_image", "load_image", "shifted_peaks"]

DIGITS_TEST_FRACTION = 0.2
DIGITS_SPLIT_SEED = 0


def digits():
    """scikit-learn's 8x8 handwritten digits (1797 images), split 80 / 20 by class.

    Returns (x_train, y_train, x_test, y_test):
    - x_train: (1437, 1, 8, 8) float32 in [0, 1]   (the raw 0..16 ink levels / 16)
    - y_train: (1437,) int64 labels 0..9
    - x_test: (360, 1, 8, 8), y_test: (360,)
    The split is stratified (each digit in the same proportion in both parts) and fixed:
    every call returns the same arrays.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    bunch = load_digits()
    x = (bunch.images / 16.0).astype(np.float32)[:, None]      # (N, 1, 8, 8)
    y = bunch.target.astype(np.int64)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=DIGITS_TEST_FRACTION, stratify=y, random_state=DIGITS_SPLIT_SEED)
    return x_train, y_train, x_test, y_test


def _cache_dir():
    """$XDG_CACHE_HOME/cnnlib, or ~/.cache/cnnlib when XDG_CACHE_HOME is not set."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "cnnlib"


def _mnist1d_cache_file(args):
    """The cache file name says which generator settings and package version made it."""
    from importlib.metadata import version

    settings = {k: v for k, v in vars(args).items() if k != "url"}
    settings["mnist1d"] = version("mnist1d")
    key = hashlib.sha256(json.dumps(settings, sort_keys=True).encode()).hexdigest()[:12]
    return _cache_dir() / f"mnist1d-{key}.npz"


def _generate_mnist1d(args):
    # make_dataset seeds Python's and NumPy's global generators; put them back afterwards
    # so that loading data does not change the random numbers of the caller.
    from mnist1d.data import make_dataset

    saved = random.getstate(), np.random.get_state()
    try:
        data = make_dataset(args)      # generated locally (get_dataset would download)
    finally:
        random.setstate(saved[0])
        np.random.set_state(saved[1])
    return {"x_train": data["x"], "y_train": data["y"],
            "x_test": data["x_test"], "y_test": data["y_test"]}


def _save(path, arrays):
    """Write atomically (a half-written file is never read); give up quietly when the cache
    directory cannot be created or written: the data are then regenerated next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, partial = tempfile.mkstemp(dir=path.parent, suffix=".npz")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as f:
            np.savez(f, **arrays)
        os.replace(partial, path)
    except OSError:
        Path(partial).unlink(missing_ok=True)


def _load(path):
    try:
        with np.load(path) as f:
            return {k: f[k] for k in ("x_train", "y_train", "x_test", "y_test")}
    except (OSError, KeyError, ValueError):    # missing, unreadable or damaged: regenerate
        return None


def mnist1d():
    """MNIST-1D: ten 1-D digit templates, padded, shifted, sheared, scaled and noised.

    Generated with the paper's default settings by `mnist1d.data.make_dataset` (the same
    seed every time, so the same data), then cached in $XDG_CACHE_HOME/cnnlib (or
    ~/.cache/cnnlib); later calls read the cache. Without a writable cache directory the
    data are simply generated on every call (about a second).

    Returns (x_train, y_train, x_test, y_test):
    - x_train: (4000, 1, 40) float32 signals (the whole set has mean 0 and std 1)
    - y_train: (4000,) int64 labels 0..9
    - x_test: (1000, 1, 40), y_test: (1000,)
    """
    from mnist1d.data import get_dataset_args

    args = get_dataset_args()       # the paper's defaults: 5000 signals, 80 % train, length 40
    path = _mnist1d_cache_file(args)
    arrays = _load(path)
    if arrays is None:
        arrays = _generate_mnist1d(args)
        _save(path, arrays)
    return (arrays["x_train"].astype(np.float32)[:, None], arrays["y_train"].astype(np.int64),
            arrays["x_test"].astype(np.float32)[:, None], arrays["y_test"].astype(np.int64))


# ITU-R BT.601 luma: how bright each primary looks to the eye.
_LUMA = np.array([0.299, 0.587, 0.114])


def sample_image(gray=False):
    """matplotlib's bundled photo of Grace Hopper, as floats in [0, 1].

    Inputs:
    - gray: False for colour, True for brightness (luma 0.299 R + 0.587 G + 0.114 B)
    Returns:
    - image: (H, W, 3) float64 RGB, or (H, W) float64 when gray; H, W = 600, 512
    """
    if not isinstance(gray, (bool, np.bool_)):
        raise TypeError(f"sample_image: gray must be True or False; got {gray!r}")
    from matplotlib.cbook import get_sample_data
    from matplotlib.image import imread

    with get_sample_data("grace_hopper.jpg") as f:
        image = imread(f, format="jpeg").astype(np.float64) / 255.0
    return np.clip(image @ _LUMA, 0.0, 1.0) if gray else image


def load_image(path=None, gray=False, size=None):
    """An image file of your own as floats in [0, 1]; the sample photo when path is None.

    Inputs:
    - path: a file name (str or pathlib.Path) of an image Pillow can read (PNG, JPEG, ...),
      or None for `sample_image()`
    - gray: False for colour (H, W, 3), True for brightness (H, W) (luma, as sample_image)
    - size: None to keep the image's size, or (H, W) to resize it to (a smaller image
      makes the notebooks' cells faster)
    Returns a float64 array, (H, W, 3) or (H, W). Raises FileNotFoundError when nothing is
    at `path`, ValueError when the file there is not an image that can be read.
    """
    if not isinstance(gray, (bool, np.bool_)):
        raise TypeError(f"load_image: gray must be True or False; got {gray!r}")
    if size is not None:
        size = tuple(as_int(n, "size", "load_image", 1) for n in _pair(size))
    if path is None:
        image = sample_image(gray=False)
        if size is not None:
            from PIL import Image

            image = np.asarray(Image.fromarray(np.uint8(np.round(image * 255))).resize(
                size[::-1], Image.Resampling.BOX), dtype=np.float64) / 255.0
    else:
        image = _read_image(path, size)
    return np.clip(image @ _LUMA, 0.0, 1.0) if gray else image


def _pair(size):
    if not isinstance(size, (tuple, list)) or len(size) != 2:
        raise ValueError(f"load_image: size must be None or a pair (H, W); got {size!r}")
    return size


def _read_image(path, size):
    """The file at `path` as (H, W, 3) floats in [0, 1], with clear errors."""
    from PIL import Image, UnidentifiedImageError

    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"load_image: path must be a file name (str or pathlib.Path) or "
                        f"None; got {type(path).__name__}")
    file = Path(path).expanduser()
    if not file.exists():
        where = "" if file.is_absolute() else " (a relative name starts in the folder Python " \
            "runs in: the notebook's folder)"
        raise FileNotFoundError(f"load_image: no file at {str(path)!r}{where}; check the name, "
                                f"or give path=None for the sample photo")
    if file.is_dir():
        raise ValueError(f"load_image: {str(path)!r} is a folder, not an image file")
    try:
        with Image.open(file) as opened:
            opened.load()
            rgb = opened.convert("RGB")
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValueError(f"load_image: could not read {str(path)!r} as an image "
                         f"(Pillow reads PNG, JPEG, GIF, BMP, TIFF, WebP): {error}") from None
    if size is not None:
        rgb = rgb.resize(size[::-1], Image.Resampling.BOX)
    return np.asarray(rgb, dtype=np.float64) / 255.0


def shifted_peaks(n, length, rng=None):
    """n signals of the given length, each zero but for one bump at a random position.

    The bump is a Gaussian of height 1 and width (sigma) 1 sample centred on an integer
    position drawn uniformly from 0..length-1 (near the ends it is cut off).

    Inputs:
    - n: number of signals (>= 1)
    - length: samples per signal (>= 1)
    - rng: np.random.Generator, an int seed, or None for fresh randomness
    Returns (x, positions):
    - x: (n, length) float32
    - positions: (n,) int64, where each peak is: x[i].argmax() == positions[i]
    """
    n = as_int(n, "n", "shifted_peaks", 1)
    length = as_int(length, "length", "shifted_peaks", 1)
    rng = as_generator(rng, "shifted_peaks")
    positions = rng.integers(0, length, size=n)
    t = np.arange(length)
    x = np.exp(-0.5 * (t[None, :] - positions[:, None]) ** 2)
    return x.astype(np.float32), positions.astype(np.int64)

