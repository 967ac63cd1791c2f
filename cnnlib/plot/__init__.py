"""Static matplotlib drawings: grids with numbers (`grids`), built on scenes made from
`cnnlib.frames` (`scenes`), pictures of training (`training`), 1-D signals (`signals`),
receptive fields and images to scale (`fields`), convolution as a matrix (`matrix`), a
network drawn from its model (`network`). Every figure carries a text description
(`describe`), shown to screen readers as its alt text in notebooks and on the site."""

from .describe import describe, description, install
from .fields import images, receptive_field
from .grids import (
    conv_backward_step,
    conv_step,
    draw_scene,
    grids,
    kernels_and_maps,
    pool_backward_step,
    pool_step,
)
from .matrix import conv_matrix, table
from .network import network
from .signals import signals
from .training import confusion_matrix, feature_maps, kernels, training_curves

__all__ = ["draw_scene", "grids", "kernels_and_maps", "conv_step", "conv_backward_step",
           "pool_step", "pool_backward_step",
           "training_curves", "kernels", "feature_maps", "confusion_matrix",
           "signals", "receptive_field", "images", "conv_matrix", "table", "network",
           "describe", "description"]

install()    # in a Jupyter kernel: every Figure shows as <img alt="its description">
