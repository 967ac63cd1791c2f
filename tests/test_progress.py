"""fit(progress=live_bar): the same training as without a bar, and outside a kernel a text
bar that does not stay behind. (In a kernel it is a widget view, emptied at the end:
tests/test_refresh.py checks that an emptied display leaves nothing stored.)"""

import numpy as np

from cnnlib import nn, progress


def _train(bar):
    rng = np.random.default_rng(0)
    model = nn.Sequential(nn.Flatten(), nn.Linear(4, 2, rng=rng))
    x, y = rng.standard_normal((10, 1, 4)), rng.integers(0, 2, 10)
    return nn.fit(model, x, y, nn.SGD(model, 0.1), epochs=3, batch_size=5, progress=bar)


def test_live_bar_trains_exactly_as_no_bar(capsys):
    assert _train(progress.live_bar) == _train(False)


def test_outside_a_kernel_the_bar_is_text_that_goes_away():
    bar = progress.live_bar(range(2), desc="training")
    assert not bar.leave
    bar.close()
