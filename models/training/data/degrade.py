"""Training samples: the paper's augmentations, camera-shake blur, noise and JPEG re-compression.

A sample starts from a sharp aligned 240x200 face and, if drawn, its ground-truth sketch (cache/data/,
written by `npm run data:prepare` and the sketch translator), applies the same random
similarity transform to both (rotation +-5 deg, translation +-5 %, scale +-0.1; reflected
borders), shifts the face's brightness by +-0.2, then blurs the face with a fresh
camera-shake kernel (models/training/physics.py `blur`, symmetric boundary: no wrap-around,
the same forward model as the native addon), adds mild Gaussian noise and, sometimes,
re-compresses it as a JPEG as a real photo would be. Everything is seeded per (seed, epoch,
index), so a sample can be reproduced exactly.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

from .. import physics
from .kernels import camera_shake_kernel, random_kernel_size

MAX_KERNEL = 51


@dataclass(frozen=True)
class DegradeOptions:
    kernel_sizes: tuple[int, int] = (21, 51)
    noise_sigma: tuple[float, float] = (0.0, 0.02)
    jpeg_probability: float = 0.3
    jpeg_quality: tuple[int, int] = (60, 95)
    rotation_deg: float = 5.0
    translation: float = 0.05
    scale: float = 0.1
    brightness: float = 0.2
    augment: bool = True


def similarity_grid(rng: np.random.Generator, h: int, w: int, opts: DegradeOptions) -> torch.Tensor:
    """A (1, H, W, 2) sampling grid for a random rotation/scale/translation about the centre."""
    angle = math.radians(rng.uniform(-opts.rotation_deg, opts.rotation_deg))
    scale = 1.0 + rng.uniform(-opts.scale, opts.scale)
    tx, ty = rng.uniform(-opts.translation, opts.translation, size=2) * 2  # grid units span 2
    cos, sin = math.cos(angle) / scale, math.sin(angle) / scale
    # Normalised coordinates are anisotropic (W != H): rotate in pixel units.
    theta = torch.tensor(
        [[cos, -sin * h / w, tx], [sin * w / h, cos, ty]], dtype=torch.float32
    )[None]
    return F.affine_grid(theta, [1, 1, h, w], align_corners=False)


def jpeg_round_trip(image: torch.Tensor, quality: int) -> torch.Tensor:
    """(3, H, W) in [0, 1] -> the same after a JPEG encode/decode at `quality`."""
    array = (image.clamp(0, 1).permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format="JPEG", quality=quality)
    decoded = np.asarray(Image.open(io.BytesIO(buffer.getvalue())).convert("RGB"), np.float32) / 255
    return torch.from_numpy(decoded).permute(2, 0, 1)


def pad_kernel(kernel: np.ndarray, size: int = MAX_KERNEL) -> torch.Tensor:
    """Zero-pads a centred odd kernel to size x size (still centred), so kernels batch."""
    pad = (size - kernel.shape[0]) // 2
    return torch.from_numpy(np.pad(kernel, pad))


def make_sample(
    face: np.ndarray, sketch: np.ndarray | None, rng: np.random.Generator, opts: DegradeOptions = DegradeOptions()
) -> dict[str, torch.Tensor]:
    """uint8 HxWx3 face + uint8 HxW sketch (or None) -> float tensors: sharp (3,H,W), sketch
    (1,H,W; absent without a sketch), blurry (3,H,W), kernel (51,51) zero-padded and
    kernel_size, all in [0, 1] except kernel."""
    h, w = face.shape[:2]
    sharp = torch.from_numpy(np.asarray(face, np.float32) / 255).permute(2, 0, 1)
    # The sketch rides along as a 4th channel so it gets exactly the face's warp.
    both = sharp if sketch is None else torch.cat([sharp, torch.from_numpy(np.asarray(sketch, np.float32) / 255)[None]], 0)
    if opts.augment:
        grid = similarity_grid(rng, h, w, opts)
        both = F.grid_sample(both[None], grid, mode="bilinear", padding_mode="reflection", align_corners=False)[0]
    sharp, sk = both[:3], both[3:]
    if opts.augment:
        sharp = (sharp + rng.uniform(-opts.brightness, opts.brightness)).clamp(0, 1)
    size = random_kernel_size(rng, *opts.kernel_sizes)
    kernel = camera_shake_kernel(rng, size)
    blurry = physics.blur(sharp, torch.from_numpy(kernel))
    sigma = rng.uniform(*opts.noise_sigma)
    noise = torch.from_numpy(rng.standard_normal(blurry.shape).astype(np.float32))
    blurry = (blurry + sigma * noise).clamp(0, 1)
    if rng.random() < opts.jpeg_probability:
        blurry = jpeg_round_trip(blurry, int(rng.integers(opts.jpeg_quality[0], opts.jpeg_quality[1] + 1)))
    sample = {
        "sharp": sharp,
        "blurry": blurry,
        "kernel": pad_kernel(kernel),
        "kernel_size": torch.tensor(size),
    }
    if sketch is not None:
        sample["sketch"] = sk
    return sample
