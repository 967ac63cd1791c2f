"""Static matplotlib drawings: grids with numbers (`grids`), built on scenes made from
`cnnlib.frames` (`scenes`), and training pictures (`training`)."""

from .grids import conv_backward_step, conv_step, draw_scene, pool_backward_step, pool_step

__all__ = ["draw_scene", "conv_step", "conv_backward_step", "pool_step", "pool_backward_step"]
