"""Networks more than one test file builds."""

import numpy as np

from cnnlib import nn


def mnist1d_cnn(rng=0, dtype=np.float32):
    """The MNIST-1D paper's CNN."""
    rng = np.random.default_rng(rng)
    return nn.Sequential(
        nn.Conv1d(1, 25, 5, stride=2, padding=1, rng=rng, dtype=dtype), nn.ReLU(),
        nn.Conv1d(25, 25, 3, stride=2, padding=1, rng=rng, dtype=dtype), nn.ReLU(),
        nn.Conv1d(25, 25, 3, stride=2, padding=1, rng=rng, dtype=dtype), nn.ReLU(),
        nn.Flatten(), nn.Linear(125, 10, rng=rng, dtype=dtype))
