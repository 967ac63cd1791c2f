"""The benchmark keeps working and compares like with like (it times nothing here):
every contender of a row computes the same forward, the table prints, and the goal
checks flag exactly the rows that miss."""

import bench_layers  # bench/ is on pytest's pythonpath (pyproject.toml)
import numpy as np
import pytest

CASES = [case for case in bench_layers.all_cases(quick=True) if "fwd" in case.modes]


@pytest.mark.parametrize("case", CASES, ids=[case.label for case in CASES])
def test_contenders_compute_the_same_forward(case):
    y = case.make("cnnlib", np.float64, 1, "fwd")()
    if case.small:
        np.testing.assert_allclose(case.make("naive", np.float64, 1, "fwd")(), y,
                                   rtol=1e-12, atol=1e-12)
    run_torch = case.make("torch", np.float64, 1, "fwd")
    if run_torch is not None:
        np.testing.assert_allclose(run_torch().numpy(), y, rtol=1e-12, atol=1e-12)


def test_table_prints_every_row_and_the_verdict(capsys):
    assert bench_layers.main(["--quick", "avgpool1d"]) == 0
    out = capsys.readouterr().out
    assert "layer" in out and "naive/cnnlib" in out and "cnnlib mem" in out
    rows = [line for line in out.splitlines() if line.startswith("avgpool1d (100,25,20)")]
    assert len(rows) == 4                                  # float32/64 x fwd, fwd+bwd
    assert "Goals (issue 8)" in out and "benchmark took" in out


@pytest.mark.parametrize("label, small, dtype, mode, vs_torch, vs_naive, missed", [
    ("conv2d (1)", True, "float32", "fwd+bwd", 1.6, 400, ["1.60x torch"]),
    ("conv2d (1)", True, "float32", "fwd+bwd", 1.4, 400, []),
    ("conv2d (1)", True, "float64", "fwd+bwd", 3.0, 400, []),      # the torch goal is float32
    ("conv2d (1)", True, "float32", "fwd", 3.0, 400, []),          # ... and forward+backward
    ("maxpool2d (1)", True, "float64", "fwd+bwd", 2.0, 250, ["250x the loops", "torch: 310x"]),
    ("conv2d (1)", False, "float32", "fwd", 1.0, 250, []),         # not a small shape
    ("train step", True, "float32", "step", 2.5, None, ["2.50x torch"]),
])
def test_goal_misses(label, small, dtype, mode, vs_torch, vs_naive, missed):
    case = bench_layers.Case(label, 1, None, small=small)
    misses = bench_layers.goal_misses(case, dtype, mode, vs_torch, vs_naive, torch_vs_naive=310)
    assert len(misses) == (1 if missed else 0)
    for words in missed:
        assert words in misses[0]
