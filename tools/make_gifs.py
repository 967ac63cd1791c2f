"""The key animations as GIFs, for slides and the README.

    python tools/make_gifs.py [OUT_DIR]      (default build/gifs; `make gifs` runs it)

One frame per step of each scene (cnnlib.frames -> cnnlib.plot.scenes ->
cnnlib.animate.save_gif).
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from cnnlib import animate  # noqa: E402
from cnnlib import frames as fr  # noqa: E402
from cnnlib.plot import scenes  # noqa: E402
from cnnlib.widgets import edge_kernel, example_input  # noqa: E402

X5 = example_input((5, 5))
X4 = example_input((4, 4))
X1 = example_input((4,))


def key_scenes():
    """{file stem: scene} for every GIF."""
    back_1d = fr.conv_backward(X1, example_input((2,), seed=2), example_input((3,), seed=3))
    back_2d = fr.conv_backward(X4, example_input((2, 2), seed=2),
                               example_input((3, 3), seed=3))
    dy_pool = example_input((2, 2), seed=5)
    return {
        "conv_sliding": scenes.conv_forward_scene(fr.conv_forward(X5, edge_kernel(3))),
        "conv_padding_stride": scenes.conv_forward_scene(
            fr.conv_forward(X5, edge_kernel(3), stride=2, padding=1)),
        "backprop_1d_scatter": scenes.conv_scatter_scene(back_1d),
        "backprop_1d_gather": scenes.conv_gather_scene(back_1d),
        "backprop_2d_scatter": scenes.conv_scatter_scene(back_2d),
        "backprop_2d_gather": scenes.conv_gather_scene(back_2d),
        **{f"{kind}pool_gradient": scenes.pool_backward_scene(
            fr.pool_backward(X4, dy_pool, 2, kind=kind)) for kind in ("max", "avg")},
    }


def main(out_dir):
    out_dir.mkdir(parents=True, exist_ok=True)
    for stem, scene in key_scenes().items():
        frames = animate.save_gif(scene, out_dir / f"{stem}.gif")
        print(f"{out_dir / stem}.gif: {frames} frames")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/gifs"))
