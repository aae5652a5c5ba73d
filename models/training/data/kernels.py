"""Random camera-shake blur kernels after Boracchi and Foi (2012).

"Modeling the Performance of Image Restoration From Motion Blur", IEEE TIP 21(8): the camera
path is an inertial random walk (the velocity keeps its direction with a pull back towards the
start, a Gaussian jitter and occasional abrupt shakes), sampled at constant speed; the kernel
is the time the path spends over each pixel, rasterised with sub-pixel (bilinear) splatting.

Conventions shared with native/README.md: kernels are odd-sized, float32, non-negative, sum to
1, and centred: the kernel's centre of mass sits on the centre pixel, so blurring does not
shift the image on average.
"""

from __future__ import annotations

import numpy as np

KERNEL_SIZES = (21, 31, 41, 51)
"""The paper's benchmark sizes at 240x200; training draws odd sizes in between as well."""

_SAMPLES = 2000
"""Time samples along one trajectory (the reference implementation's numT)."""

_PATH_LENGTH = 64.0
"""Path length in the reference implementation's canvas units. The walk's shape depends on
it (the pull towards the start grows with the distance travelled), so keep the published
scale and resize the path to the kernel afterwards."""


def camera_shake_path(rng: np.random.Generator, anxiety: float, samples: int = _SAMPLES) -> np.ndarray:
    """Returns the (samples, 2) x/y positions of one constant-speed random-walk camera path.

    anxiety scales both the jitter and the chance of abrupt shakes (0: a straight line).
    """
    centripetal = 0.7 * rng.random()  # pull back towards the start
    gaussian_term = 10.0 * rng.random()  # strength of the random direction change
    big_shake_rate = 0.2 * rng.random()  # chance of an abrupt shake per sample (x anxiety)
    step = _PATH_LENGTH / (samples - 1)
    angle = 2.0 * np.pi * rng.random()
    v = complex(np.cos(angle), np.sin(angle)) * step
    path = np.zeros(samples, dtype=np.complex128)
    for t in range(samples - 1):
        shake = 0j
        if rng.random() < big_shake_rate * anxiety:
            # An abrupt shake reverses the motion, within +-0.5 rad of straight back.
            shake = 2.0 * v * np.exp(1j * (np.pi + (rng.random() - 0.5)))
        jitter = complex(rng.standard_normal(), rng.standard_normal())
        dv = shake + anxiety * (gaussian_term * jitter - centripetal * path[t]) * step
        v = v + dv
        v = v / abs(v) * step  # constant speed: the path length is exactly _PATH_LENGTH
        path[t + 1] = path[t] + v
    return np.stack([path.real, path.imag], axis=1)


def rasterise_path(points: np.ndarray, size: int) -> np.ndarray:
    """Splats path points (x, y in pixel units, already inside the grid) bilinearly into a
    size x size kernel, normalised to sum 1. Bilinear splatting keeps the centre of mass."""
    kernel = np.zeros((size, size), dtype=np.float64)
    x0 = np.floor(points[:, 0]).astype(np.int64)
    y0 = np.floor(points[:, 1]).astype(np.int64)
    fx = points[:, 0] - x0
    fy = points[:, 1] - y0
    for dy, dx, w in (
        (0, 0, (1 - fx) * (1 - fy)),
        (0, 1, fx * (1 - fy)),
        (1, 0, (1 - fx) * fy),
        (1, 1, fx * fy),
    ):
        np.add.at(kernel, (y0 + dy, x0 + dx), w)
    return kernel / kernel.sum()


def camera_shake_kernel(
    rng: np.random.Generator,
    size: int,
    fill: tuple[float, float] = (0.7, 1.0),
    anxiety: tuple[float, float] = (1e-4, 5e-3),
    exposure: tuple[float, float] = (0.5, 1.0),
) -> np.ndarray:
    """One random camera-shake kernel of odd `size` (float32, >= 0, sum 1, centred).

    fill: the path's largest distance from the centre, as a fraction of the kernel radius, so
    a 51 px kernel really blurs over about 51 px. anxiety: drawn log-uniformly in this range.
    exposure: the fraction of the path recorded during the exposure (a shorter exposure of the
    same hand motion gives a simpler kernel).
    """
    if size < 3 or size % 2 == 0:
        raise ValueError(f"kernel size must be odd and >= 3, got {size}")
    a = float(np.exp(rng.uniform(np.log(anxiety[0]), np.log(anxiety[1]))))
    path = camera_shake_path(rng, a)
    keep = max(2, int(round(len(path) * rng.uniform(*exposure))))
    path = path[:keep]
    centre_of_mass = path.mean(axis=0)
    offsets = path - centre_of_mass
    reach = np.abs(offsets).max()
    # Leave one pixel for the bilinear footprint inside the support.
    radius = (size - 1) / 2
    scale = rng.uniform(*fill) * (radius - 1) / max(reach, 1e-9)
    points = offsets * scale + radius
    return rasterise_path(points, size).astype(np.float32)


def benchmark_kernels(seed: int = 20200207) -> list[np.ndarray]:
    """The 8 fixed benchmark kernels: two each of 21, 31, 41 and 51 px."""
    rng = np.random.default_rng(seed)
    return [camera_shake_kernel(rng, size) for size in KERNEL_SIZES for _ in range(2)]


def random_kernel_size(rng: np.random.Generator, low: int = 21, high: int = 51) -> int:
    """An odd size drawn uniformly from low..high (the paper's range at 240x200)."""
    return int(rng.integers(low // 2, high // 2 + 1)) * 2 + 1
