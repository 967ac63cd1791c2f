"""How fast are cnnlib's layers? `make bench` runs this (a benchmark, not a test).

In one process, and interleaved round by round so that a slow moment of the machine hits
every contender alike, it times cnnlib's vectorized layers against the loops of
`cnnlib.naive` and, when PyTorch is installed, `torch.nn.functional` + autograd on the CPU
with the same number of threads as NumPy's BLAS. Forward ("fwd") and forward + backward
("fwd+bwd"), float32 and float64, on the shapes of issue 8, then one MNIST-1D training step
of the notebook-07 CNN (cnnlib.nn + Adam).

Columns: median seconds per call; cnnlib/torch (< 1 means cnnlib is faster) from the
medians, and "best c/t" from each side's fastest sample (a busy machine only ever adds
time, and torch's threads, which wait for each other, suffer most); naive/cnnlib (how many
times faster than the loops); the peak memory cnnlib allocates during one call, its output
included (tracemalloc, which sees NumPy's allocations). The loops are timed on
a smaller batch and scaled linearly to the full one (marked ~): every loop body runs once
per image, so the time is linear in the batch.

    python bench/bench_layers.py              # everything: 1 to 2 minutes on 2 cores
    python bench/bench_layers.py --quick      # fewer rounds, loops on the small shapes only
    python bench/bench_layers.py conv1d       # only rows whose label contains "conv1d"
    python bench/bench_layers.py --threads 1  # both libraries on one thread
"""

import argparse
import os
import platform
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

import cnnlib
from cnnlib import naive, nn

try:
    import torch
    import torch.nn.functional as F
except ImportError:
    torch = F = None


DTYPES = (np.float32, np.float64)
SAMPLE_SECONDS = 0.01       # repeat a fast call until one timing sample lasts this long


# ---- the cases -----------------------------------------------------------------------


@dataclass
class Case:
    """One row group: `make(impl, dtype, batch, mode)` returns a zero-argument callable
    that runs `impl` ("cnnlib", "naive" or "torch") once, or None if there is no such
    contender."""

    label: str
    batch: int
    make: object
    modes: tuple = ("fwd", "fwd+bwd")
    naive_batch: int | None = 1       # batch the loops are timed on; None: not timed
    small: bool = True                # counts for the ">= 300x the loops" goal


def _data(shape, dtype, seed, scale=1.0):
    return (np.random.default_rng(seed).standard_normal(shape) * scale).astype(dtype)


def conv_case(ndim, n, c, f, length, k, stride=1, padding=0, naive_batch=1, small=True,
              output_padding=None):
    """conv{ndim}d, c -> f channels; with an output_padding (0 included), the transposed
    convolution conv_transpose{ndim}d instead (weights (c, f, k, ...), PyTorch's layout)."""
    transposed = output_padding is not None
    name = f"conv_transpose{ndim}d" if transposed else f"conv{ndim}d"
    hp = dict(stride=stride, padding=padding)
    if transposed:
        hp["output_padding"] = output_padding
    w_shape, fan_in = ((c, f), f) if transposed else ((f, c), c)

    def arrays(dtype, batch):
        x = _data((batch, c) + (length,) * ndim, dtype, 0)
        w = _data(w_shape + (k,) * ndim, dtype, 1, scale=(fan_in * k**ndim) ** -0.5)
        b = _data((f,), dtype, 2)
        dy = _data(getattr(cnnlib, name)(x, w, b, **hp).shape, dtype, 3)
        return x, w, b, dy

    def make(impl, dtype, batch, mode):
        x, w, b, dy = arrays(dtype, batch)
        if impl == "torch":
            return _torch_call(name, (x, w, b), hp, dy, mode)
        module = cnnlib if impl == "cnnlib" else naive
        forward, backward = getattr(module, name), getattr(module, name + "_backward")
        if mode == "fwd":
            return lambda: forward(x, w, b, **hp)
        return lambda: (forward(x, w, b, **hp), backward(dy, x, w, **hp))

    size = "x".join([str(length)] * ndim)
    extra = (f" s{stride}" if stride != 1 else "") + (f" p{padding}" if padding else "") \
        + (f" op{output_padding}" if output_padding else "")
    label = f"{name} ({n},{c},{size}) {c}->{f} k{k}{extra}"
    return Case(label, n, make, naive_batch=naive_batch, small=small)


def pool_case(kind, shape, size, naive_batch=1):
    ndim = len(shape) - 2
    name = f"{kind}pool{ndim}d"
    torch_name = f"{kind}_pool{ndim}d"

    def make(impl, dtype, batch, mode):
        x = _data((batch,) + shape[1:], dtype, 0)
        dy = _data(getattr(cnnlib, name)(x, size).shape, dtype, 3)
        if impl == "torch":
            return _torch_call(torch_name, (x,), dict(kernel_size=size), dy, mode)
        module = cnnlib if impl == "cnnlib" else naive
        forward, backward = getattr(module, name), getattr(module, name + "_backward")
        if mode == "fwd":
            return lambda: forward(x, size)
        return lambda: (forward(x, size), backward(dy, x, size))

    label = f"{name} {tuple(shape)} size {size}".replace(", ", ",")
    return Case(label, shape[0], make, naive_batch=naive_batch)


def _torch_call(name, arrays, kwargs, dy, mode):
    """torch.nn.functional.<name>(*arrays, **kwargs); for fwd+bwd also autograd's gradients
    of every input. None without torch."""
    if torch is None:
        return None
    op = getattr(F, name)
    tensors = [torch.from_numpy(a) for a in arrays]
    if mode == "fwd":
        def run():
            with torch.no_grad():
                return op(*tensors, **kwargs)
        return run
    for t in tensors:
        t.requires_grad_(True)
    grad = torch.from_numpy(dy)
    return lambda: torch.autograd.grad(op(*tensors, **kwargs), tensors, grad)


def training_step_case(batch=100):
    """One Adam step of the MNIST-1D CNN of notebook 07 (Conv1d 1->25 k5 s2 p1, two Conv1d
    25->25 k3 s2 p1, ReLU after each, Linear 125->10) on a batch of random signals."""
    def data(dtype):
        x = _data((batch, 1, 40), dtype, 0)
        y = np.random.default_rng(1).integers(0, 10, size=batch)
        return x, y

    def make(impl, dtype, batch_, mode):
        x, labels = data(dtype)
        if impl == "naive":
            return None
        if impl == "torch":
            return _torch_training_step(x, labels) if torch is not None else None
        model = _cnnlib_model(dtype=dtype)
        optimizer = nn.Adam(model, lr=1e-2)

        def step():
            optimizer.zero_grad()
            loss, dlogits = nn.softmax_cross_entropy(model.forward(x), labels)
            model.backward(dlogits)
            optimizer.step()
            return loss
        return step

    return Case("train step MNIST-1D CNN (100,1,40) Adam", batch, make, modes=("step",),
                naive_batch=None)


def _cnnlib_model(**dtype):
    return nn.Sequential(
        nn.Conv1d(1, 25, 5, stride=2, padding=1, rng=np.random.default_rng(0), **dtype),
        nn.ReLU(),
        nn.Conv1d(25, 25, 3, stride=2, padding=1, rng=np.random.default_rng(1), **dtype),
        nn.ReLU(),
        nn.Conv1d(25, 25, 3, stride=2, padding=1, rng=np.random.default_rng(2), **dtype),
        nn.ReLU(),
        nn.Flatten(), nn.Linear(125, 10, rng=np.random.default_rng(3), **dtype))


def _torch_training_step(x, labels):
    torch.manual_seed(0)
    layers = torch.nn
    model = layers.Sequential(
        layers.Conv1d(1, 25, 5, stride=2, padding=1), layers.ReLU(),
        layers.Conv1d(25, 25, 3, stride=2, padding=1), layers.ReLU(),
        layers.Conv1d(25, 25, 3, stride=2, padding=1), layers.ReLU(),
        layers.Flatten(), layers.Linear(125, 10))
    x = torch.from_numpy(x)
    model = model.to(x.dtype)
    labels = torch.from_numpy(labels)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

    def step():
        optimizer.zero_grad()
        loss = F.cross_entropy(model(x), labels)
        loss.backward()
        optimizer.step()
        return loss
    return step


def all_cases(quick):
    big = None if quick else 1        # the loops on the large shapes take seconds per image
    return [
        conv_case(2, 32, 1, 8, 28, 5),
        conv_case(2, 32, 16, 32, 28, 3, padding=1, naive_batch=big, small=False),
        conv_case(2, 8, 3, 16, 64, 3, stride=2, naive_batch=big, small=False),
        conv_case(1, 100, 1, 25, 40, 5, stride=2, padding=1, naive_batch=5),
        conv_case(1, 100, 25, 25, 19, 3, stride=2, padding=1, naive_batch=2),
        conv_case(1, 100, 25, 25, 10, 3, stride=2, padding=1, naive_batch=2),
        conv_case(2, 32, 16, 8, 14, 4, stride=2, padding=1, output_padding=0),   # 14 -> 28
        conv_case(1, 100, 25, 25, 5, 3, stride=2, padding=1, output_padding=1, naive_batch=2),
        pool_case("max", (32, 16, 28, 28), 2),
        pool_case("avg", (32, 16, 28, 28), 2),
        pool_case("max", (100, 25, 20), 2, naive_batch=10),
        pool_case("avg", (100, 25, 20), 2, naive_batch=10),
        training_step_case(),
    ]


# ---- timing --------------------------------------------------------------------------


def _seconds(run, number):
    start = time.perf_counter()
    for _ in range(number):
        run()
    return (time.perf_counter() - start) / number


def time_interleaved(runs, rounds, naive_rounds):
    """Seconds per call of each callable in `runs`, the median and the best of its samples,
    measured round-robin: each round takes one sample of every contender (the loops only in
    the first `naive_rounds`), in an order that rotates from round to round."""
    numbers = {}
    for name, run in runs.items():                # warm up, and size the samples
        once = _seconds(run, 1)
        numbers[name] = 1 if name == "naive" else max(1, int(SAMPLE_SECONDS / once))
    samples = {name: [] for name in runs}
    names = list(runs)
    for r in range(rounds):
        for name in names[r % len(names):] + names[:r % len(names)]:
            if name == "naive" and r >= naive_rounds:
                continue
            if name != "naive":
                runs[name]()            # untimed: lets the other library's threads go idle
            samples[name].append(_seconds(runs[name], numbers[name]))
    return ({name: statistics.median(s) for name, s in samples.items()},
            {name: min(s) for name, s in samples.items()})


def peak_memory(run):
    """Peak bytes that NumPy allocates during one call of `run` (tracemalloc)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        result = run()
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        tracemalloc.stop()
    del result
    return peak


# ---- the table -----------------------------------------------------------------------


def fmt_time(seconds):
    if seconds is None:
        return "n/a"
    for unit, scale in (("s", 1), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= 0.9995 * scale:                  # 999.7 ms prints as 1 s
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-6:.3g} us"


def fmt_ratio(value):
    if value is None:
        return "n/a"
    return f"{value:.2f}" if value < 100 else f"{value:,.0f}"


def environment():
    lines = [f"python {platform.python_version()}, numpy {np.__version__}, "
             f"torch {torch.__version__ if torch else 'not installed (torch columns: n/a)'}, "
             f"{os.cpu_count()} cores ({platform.processor() or platform.machine()})"]
    blas = ", ".join(f"{i['internal_api']} {i.get('version')} kernel "
                     f"{i.get('architecture')} with {i['num_threads']} threads"
                     for i in blas_pools()) or "none found"
    lines.append(f"numpy BLAS: {blas}")
    if torch is not None:
        lines.append(f"torch threads: {torch.get_num_threads()} (intra-op), "
                     f"interop {torch.get_num_interop_threads()}")
    env = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE",
                                      "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")
           if k in os.environ}
    lines.append(f"environment: {env or 'no OPENBLAS_*/OMP_* variables set'}")
    lines.append(f"cnnlib from {os.path.dirname(cnnlib.__file__)}")
    return lines


def load():
    """The 1-minute load average (None where the OS has none): other programs running
    make every number noisier."""
    return os.getloadavg()[0] if hasattr(os, "getloadavg") else None


def fmt_load(value):
    return "unknown" if value is None else f"{value:.2f}"


def blas_pools():
    """threadpoolctl's entries for the BLAS libraries loaded (NumPy's among them)."""
    return [i for i in threadpool_info() if i["user_api"] == "blas"]


def blas_threads():
    found = blas_pools()
    return found[0]["num_threads"] if found else None


HEADER = ("layer", "dtype", "pass", "cnnlib", "torch", "cnnlib/torch", "best c/t", "naive",
          "naive/cnnlib", "cnnlib mem")
WIDTHS = (48, 7, 7, 9, 9, 12, 8, 10, 12, 10)


def row(cells):
    return "  ".join(str(c).ljust(w) if i < 3 else str(c).rjust(w)
                     for i, (c, w) in enumerate(zip(cells, WIDTHS))).rstrip()


def bench_case(case, dtype, mode, rounds, naive_rounds):
    runs = {"cnnlib": case.make("cnnlib", dtype, case.batch, mode)}
    torch_run = case.make("torch", dtype, case.batch, mode)
    if torch_run is not None:
        runs["torch"] = torch_run
    if case.naive_batch is not None:
        runs["naive"] = case.make("naive", dtype, case.naive_batch, mode)
    times, best = time_interleaved(runs, rounds, naive_rounds)
    if "naive" in times:
        times["naive"] *= case.batch / case.naive_batch          # linear in the batch
    mem = peak_memory(runs["cnnlib"])
    return dict(times=times, best=best, mem=mem)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="*", help="run only rows whose label contains one of these")
    parser.add_argument("--quick", action="store_true", help="fewer rounds; loops on small shapes")
    parser.add_argument("--threads", type=int, default=None,
                        help="threads for NumPy's BLAS and for torch (default: BLAS's own count)")
    args = parser.parse_args(argv)
    rounds, naive_rounds = (5, 1) if args.quick else (15, 3)

    if args.threads is not None:
        limits = threadpool_limits(limits=args.threads, user_api="blas")  # noqa: F841 (kept)
    threads = blas_threads() or args.threads
    if torch is not None and threads:
        torch.set_num_threads(threads)          # same thread count as NumPy's BLAS
    print("cnnlib benchmark: median time per call, contenders interleaved in one process")
    print(f"  each row: {rounds} rounds; a sample is one untimed call, then >= "
          f"{SAMPLE_SECONDS * 1e3:.0f} ms of calls")
    for line in environment():
        print("  " + line)
    start_load = load()
    print(f"  load average at start: {fmt_load(start_load)} (on {os.cpu_count()} cores)")
    if start_load is not None and start_load > 0.5:
        print("  NOTE: other programs are running; multi-threaded timings (torch's above all,\n"
              "  whose threads wait for each other) come out slower and noisier. Rerun on a quiet\n"
              "  machine, or compare with --threads 1.")
    print()
    print(row(HEADER))
    print(row(["-" * w for w in WIDTHS]))

    misses, started = [], time.perf_counter()
    cases = [case for case in all_cases(args.quick)
             if not args.only or any(word in case.label for word in args.only)]
    for case in cases:
        for dtype in DTYPES:
            for mode in case.modes:
                result = bench_case(case, dtype, mode, rounds, naive_rounds)
                name = np.dtype(dtype).name
                t = result["times"]
                vs_torch = t["cnnlib"] / t["torch"] if "torch" in t else None
                b = result["best"]
                best_vs_torch = b["cnnlib"] / b["torch"] if "torch" in b else None
                vs_naive = t["naive"] / t["cnnlib"] if "naive" in t else None
                naive_cell = "n/a" if "naive" not in t else \
                    f"~{fmt_time(t['naive'])}" if case.naive_batch != case.batch \
                    else fmt_time(t["naive"])
                print(row([case.label, name, mode, fmt_time(t["cnnlib"]),
                           fmt_time(t.get("torch")), fmt_ratio(vs_torch),
                           fmt_ratio(best_vs_torch), naive_cell,
                           fmt_ratio(vs_naive), f"{result['mem'] / 2**20:.2f} MiB"]),
                      flush=True)
                torch_vs_naive = t["naive"] / t["torch"] if "naive" in t and "torch" in t \
                    else None
                misses += goal_misses(case, name, mode, best_vs_torch, vs_naive, torch_vs_naive)

    print()
    print("~ = the loops timed on a smaller batch, scaled linearly to the full batch:")
    for case in cases:
        if case.naive_batch is not None and case.naive_batch != case.batch:
            print(f"    {case.label}: loops timed at batch {case.naive_batch}, "
                  f"x{case.batch / case.naive_batch:g}")
    print("best c/t = the same ratio from each side's fastest sample: what a busy machine"
          " disturbs\nleast (it only ever adds time); the torch goals below are judged on it.")
    print("cnnlib mem = peak NumPy allocation during one call, output included (tracemalloc).")
    print("Goals (issue 8): conv fwd+bwd float32 <= 1.5x torch; >= 300x the loops on small "
          "shapes\n(every row with loops but the two larger conv2d); training step <= 2x torch.")
    if misses:
        print("Missed:")
        for miss in misses:
            print("    " + miss)
    elif torch is not None:
        print("Every goal measured here is met.")
    print(f"(benchmark took {time.perf_counter() - started:.0f} s; load average at the end: "
          f"{fmt_load(load())})")
    return 0


def goal_misses(case, dtype, mode, vs_torch, vs_naive, torch_vs_naive=None):
    """The goals of issue 8 this row misses; vs_torch is the best-sample ratio. A missed
    ">= 300x the loops" also says how many times faster than the loops torch is."""
    misses = []
    if dtype == "float32" and vs_torch is not None:
        if case.label.startswith("conv") and mode == "fwd+bwd" and vs_torch > 1.5:
            misses.append(f"{case.label} {dtype} {mode}: {vs_torch:.2f}x torch (goal <= 1.5)")
        if mode == "step" and vs_torch > 2:
            misses.append(f"{case.label} {dtype}: {vs_torch:.2f}x torch (goal <= 2)")
    if case.small and vs_naive is not None and vs_naive < 300:
        torch_note = f"; torch: {torch_vs_naive:.0f}x" if torch_vs_naive else ""
        misses.append(f"{case.label} {dtype} {mode}: {vs_naive:.0f}x the loops "
                      f"(goal >= 300{torch_note})")
    return misses


if __name__ == "__main__":
    sys.exit(main())
