"""Where random numbers come from: one rule for every `rng=` argument in cnnlib."""

import numpy as np


def as_generator(rng, func):
    """A np.random.Generator from a Generator (used as is, so it advances), an int seed
    (the same numbers every time), or None (fresh randomness)."""
    if rng is None or isinstance(rng, np.random.Generator):
        return np.random.default_rng(rng)
    if isinstance(rng, (bool, np.bool_)) or not isinstance(rng, (int, np.integer)):
        raise TypeError(f"{func}: rng must be a np.random.Generator, an int seed or None; "
                        f"got {rng!r} ({type(rng).__name__})")
    if rng < 0:
        raise ValueError(f"{func}: rng, a seed, must be >= 0; got {rng}")
    return np.random.default_rng(int(rng))
