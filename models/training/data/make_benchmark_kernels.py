"""Writes the 8 fixed benchmark kernels to models/benchmark/ (kernel-<size>-<a|b>.png).

Run from the repository root: /usr/bin/python3 -m models.training.data.make_benchmark_kernels
"""

from __future__ import annotations

from .kernel_png import write_kernel_png
from .kernels import benchmark_kernels
from .paths import REPO_ROOT

BENCHMARK_DIR = REPO_ROOT / "models" / "benchmark"


def main() -> None:
    BENCHMARK_DIR.mkdir(parents=True, exist_ok=True)
    for i, kernel in enumerate(benchmark_kernels()):
        name = f"kernel-{kernel.shape[0]}-{'ab'[i % 2]}.png"
        write_kernel_png(kernel, BENCHMARK_DIR / name)
        print(f"{name}: {kernel.shape[0]} px, max tap {kernel.max():.4f}")


if __name__ == "__main__":
    main()
