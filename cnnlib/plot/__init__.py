"""Static matplotlib drawings: grids with numbers (`grids`), built on scenes made from
`cnnlib.frames` (`scenes`)."""

from .grids import (
    conv_backward_step,
    conv_step,
    draw_scene,
    grids,
    kernels_and_maps,
    pool_backward_step,
    pool_step,
)

__all__ = ["draw_scene", "grids", "kernels_and_maps", "conv_step", "conv_backward_step",
           "pool_step", "pool_backward_step"]
