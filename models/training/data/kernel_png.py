"""Kernel <-> 16-bit grayscale PNG, the file format of models/benchmark/.

A kernel is written scaled so its largest value is 65535; readers normalise to sum 1, so the
file only fixes the kernel's shape (the 16 bits keep about 5 significant digits per tap).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image


def write_kernel_png(kernel: np.ndarray, path: Path) -> None:
    if kernel.ndim != 2 or kernel.shape[0] != kernel.shape[1] or kernel.shape[0] % 2 == 0:
        raise ValueError(f"{path}: a kernel must be square with an odd size, got {kernel.shape}")
    if (kernel < 0).any() or kernel.max() <= 0:
        raise ValueError(f"{path}: a kernel must be non-negative and not all zero")
    scaled = np.round(kernel / kernel.max() * 65535.0).astype(np.uint16)
    Image.fromarray(scaled, mode="I;16").save(path)


def read_kernel_png(path: Path) -> np.ndarray:
    """Reads a kernel PNG (8- or 16-bit grayscale) as float32 normalised to sum 1."""
    image = Image.open(path)
    values = np.asarray(image, dtype=np.float64)
    if values.ndim != 2 or values.shape[0] != values.shape[1] or values.shape[0] % 2 == 0:
        raise ValueError(f"{path}: not a kernel (needs a square, odd-sized grayscale image)")
    total = values.sum()
    if total <= 0:
        raise ValueError(f"{path}: not a kernel (all pixels are zero)")
    return (values / total).astype(np.float32)
