"""cnnlib.data.load_image: your own image file, or the sample photo, with clear errors."""

import numpy as np
import pytest
from PIL import Image

from cnnlib import data


def test_no_path_is_the_sample_photo():
    np.testing.assert_array_equal(data.load_image(), data.sample_image())
    np.testing.assert_array_equal(data.load_image(gray=True), data.sample_image(gray=True))
    small = data.load_image(gray=True, size=(60, 51))
    assert small.shape == (60, 51) and 0 <= small.min() and small.max() <= 1


@pytest.mark.parametrize("mode", ["RGB", "RGBA", "L", "P"])
def test_a_file_of_your_own(tmp_path, mode):
    pixels = np.zeros((6, 8, 3), dtype=np.uint8)
    pixels[:, 4:] = [255, 153, 0]          # in the web palette, so "P" keeps it
    path = tmp_path / "mine.png"
    Image.fromarray(pixels).convert(mode).save(path)
    image = data.load_image(path)
    assert image.shape == (6, 8, 3) and image.dtype == np.float64
    if mode != "L":
        np.testing.assert_allclose(image[0, 5], [1.0, 0.6, 0.0], atol=1e-2)
    gray = data.load_image(str(path), gray=True, size=(3, 4))
    assert gray.shape == (3, 4) and gray[:, :2].max() == 0 and gray[:, 2:].min() > 0.3


def test_missing_file_names_the_path(tmp_path):
    with pytest.raises(FileNotFoundError, match="no file at '.*nothing.png'"):
        data.load_image(tmp_path / "nothing.png")


def test_unreadable_file_names_the_path(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("not an image")
    with pytest.raises(ValueError, match="could not read '.*notes.png' as an image"):
        data.load_image(path)
    with pytest.raises(ValueError, match="is a folder"):
        data.load_image(tmp_path)


@pytest.mark.parametrize("kwargs, error, message", [
    (dict(path=3), TypeError, "path must be a file name"),
    (dict(gray="yes"), TypeError, "gray must be True or False"),
    (dict(size=8), ValueError, "size must be None or a pair"),
    (dict(size=(0, 4)), ValueError, "size must be >= 1"),
])
def test_bad_arguments_are_named(kwargs, error, message):
    with pytest.raises(error, match=message):
        data.load_image(**kwargs)
