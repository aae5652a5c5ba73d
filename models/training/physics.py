"""The physics half of the method in torch: kernel estimation (paper eq. 9), kernel confidence,
Wiener deconvolution with boundary handling (eq. 11) and the forward blur.

This is the differentiable twin of the C++ addon in native/. Both follow the single
specification in native/README.md ("Conventions"); change a convention there first, then here
and in C++ (native/test/ checks that the three agree). Tensors are float32 or float64, images
shaped (..., H, W) (use NCHW with the kernel as (N, 1, S, S) for per-image kernels); every
function broadcasts over leading dimensions and is differentiable except where noted (the
relative threshold's mask and the automatic kernel size are piecewise constant).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

# Defaults calibrated on training faces (native/README.md, scripts/bench/calibrate-physics.py).
BETA = 1000.0
THRESHOLD = 0.1
GAMMA = 0.02
MIN_KERNEL_SIZE = 11
MAX_KERNEL_SIZE = 75
AUTO_SIZE_MASS = 0.98
TAPER_ROUNDS = 3
GRAY_WEIGHTS = (0.299, 0.587, 0.114)


def fast_size(n: int) -> int:
    """Smallest integer >= n whose only prime factors are 2, 3 and 5."""
    if n < 1:
        raise ValueError(f"fast_size needs n >= 1, got {n}")
    m = n
    while True:
        rest = m
        for p in (2, 3, 5):
            while rest % p == 0:
                rest //= p
        if rest == 1:
            return m
        m += 1


def to_gray(rgb: torch.Tensor) -> torch.Tensor:
    """(..., 3, H, W) RGB -> (..., H, W) grey with BT.601 weights."""
    if rgb.shape[-3] != 3:
        raise ValueError(f"to_gray expects 3 channels at dim -3, got shape {tuple(rgb.shape)}")
    r, g, b = rgb.unbind(-3)
    return GRAY_WEIGHTS[0] * r + GRAY_WEIGHTS[1] * g + GRAY_WEIGHTS[2] * b


def gradients(x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Forward differences (dh, dv); 0 at the last column / last row (no wrap-around)."""
    dh = F.pad(x[..., :, 1:] - x[..., :, :-1], (0, 1))
    dv = F.pad(x[..., 1:, :] - x[..., :-1, :], (0, 0, 0, 1))
    return dh, dv


def kernel_otf(kernel: torch.Tensor, ph: int, pw: int) -> torch.Tensor:
    """Half-spectrum transfer function of a centred S x S kernel on a periodic ph x pw grid."""
    s = kernel.shape[-1]
    r = (s - 1) // 2
    placed = F.pad(kernel, (0, pw - s, 0, ph - s))
    placed = torch.roll(placed, shifts=(-r, -r), dims=(-2, -1))
    return torch.fft.rfft2(placed)


def _safe_divide(num: torch.Tensor, den: torch.Tensor) -> torch.Tensor:
    """num / den, 0 where den == 0 (beta = 0 or gamma = 0 on an empty frequency)."""
    nonzero = den > 0
    quotient = num / torch.where(nonzero, den, torch.ones_like(den))
    return torch.where(nonzero, quotient, torch.zeros_like(quotient))


def _centre_crop(full: torch.Tensor, size: int) -> torch.Tensor:
    """k[a, b] = full[(a - r) mod P_h, (b - r) mod P_w] for a, b < size."""
    r = (size - 1) // 2
    return torch.roll(full, shifts=(r, r), dims=(-2, -1))[..., :size, :size]


def _identity_kernel(size: int, like: torch.Tensor) -> torch.Tensor:
    k = torch.zeros(size, size, dtype=like.dtype, device=like.device)
    k[size // 2, size // 2] = 1
    return k


def _check_kernel_size(size: int, h: int, w: int, lo: int, what: str) -> None:
    if size % 2 != 1 or size < lo or size > min(h, w):
        raise ValueError(
            f"{what} must be odd, >= {lo} and <= min(height, width) = {min(h, w)}, got {size}"
        )


def auto_kernel_size(kernel: torch.Tensor) -> int:
    """Smallest odd size (>= 11) whose centred window holds AUTO_SIZE_MASS of the kernel's mass.

    The kernel is the thresholded, non-negative, not yet normalised S_w x S_w estimate.
    """
    if kernel.dim() != 2:
        raise ValueError("auto kernel size works on one kernel (H x W input), not a batch")
    full = kernel.shape[-1]
    total = float(kernel.sum())
    if total <= 0:
        return MIN_KERNEL_SIZE
    for size in range(MIN_KERNEL_SIZE, full + 1, 2):
        off = (full - size) // 2
        if float(kernel[off : off + size, off : off + size].sum()) >= AUTO_SIZE_MASS * total:
            return size
    return full


def estimate_kernel(
    blurry: torch.Tensor,
    sketch: torch.Tensor,
    kernel_size: int | str = "auto",
    beta: float = BETA,
    threshold: float = THRESHOLD,
) -> torch.Tensor:
    """Eq. (9): least-squares kernel from gradients of the blurry grey image and the sketch.

    blurry, sketch: (..., H, W). kernel_size: odd 11..75 (<= min(H, W)) or "auto" (single
    image only). Returns (..., S, S), non-negative, summing to 1.
    """
    if blurry.shape != sketch.shape:
        raise ValueError(f"blurry {tuple(blurry.shape)} and sketch {tuple(sketch.shape)} differ")
    h, w = blurry.shape[-2:]
    auto = kernel_size == "auto"
    if auto:
        work = min(MAX_KERNEL_SIZE, min(h, w) if min(h, w) % 2 == 1 else min(h, w) - 1)
        _check_kernel_size(work, h, w, MIN_KERNEL_SIZE, "image size for auto kernel size")
    else:
        if not isinstance(kernel_size, int) or kernel_size > MAX_KERNEL_SIZE:
            raise ValueError(f"kernel_size must be 'auto' or an odd int 11..75, got {kernel_size}")
        work = kernel_size
        _check_kernel_size(work, h, w, MIN_KERNEL_SIZE, "kernel_size")
    if beta < 0 or not 0 <= threshold <= 1:
        raise ValueError(f"need beta >= 0 and 0 <= threshold <= 1, got {beta}, {threshold}")

    ph, pw = fast_size(h + work - 1), fast_size(w + work - 1)
    dh_y, dv_y = gradients(blurry)
    dh_s, dv_s = gradients(sketch)
    fh_y, fv_y = torch.fft.rfft2(dh_y, s=(ph, pw)), torch.fft.rfft2(dv_y, s=(ph, pw))
    fh_s, fv_s = torch.fft.rfft2(dh_s, s=(ph, pw)), torch.fft.rfft2(dv_s, s=(ph, pw))
    num = fh_s.conj() * fh_y + fv_s.conj() * fv_y
    den = fh_s.real**2 + fh_s.imag**2 + fv_s.real**2 + fv_s.imag**2 + beta
    k_full = torch.fft.irfft2(_safe_divide(num, den), s=(ph, pw))

    k = torch.relu(_centre_crop(k_full, work))
    peak = k.amax(dim=(-2, -1), keepdim=True)
    k = k * (k >= threshold * peak).to(k.dtype).detach()
    if auto:
        size = auto_kernel_size(k.detach())
        off = (work - size) // 2
        k = k[off : off + size, off : off + size]
    else:
        size = work
    total = k.sum(dim=(-2, -1), keepdim=True)
    normalised = k / torch.where(total > 0, total, torch.ones_like(total))
    return torch.where(total > 0, normalised, _identity_kernel(size, k))


def kernel_confidence(
    blurry: torch.Tensor, sketch: torch.Tensor, kernel: torch.Tensor
) -> torch.Tensor:
    """1 - relative residual energy of k * grad(sketch) against grad(blurry), in [0, 1].

    Linear (zero-padded) convolution, summed over the valid interior (README "Kernel
    confidence"). Returns a tensor of shape blurry.shape[:-2].
    """
    h, w = blurry.shape[-2:]
    s = kernel.shape[-1]
    r = (s - 1) // 2
    ph, pw = fast_size(h + s - 1), fast_size(w + s - 1)
    otf = kernel_otf(kernel, ph, pw)
    rows = slice(r, h - 1 - r) if h - 1 - r > r else slice(0, h)
    cols = slice(r, w - 1 - r) if w - 1 - r > r else slice(0, w)
    residual = 0
    energy = 0
    for g_s, g_y in zip(gradients(sketch), gradients(blurry)):
        pred = torch.fft.irfft2(torch.fft.rfft2(g_s, s=(ph, pw)) * otf, s=(ph, pw))[..., :h, :w]
        residual = residual + ((pred - g_y)[..., rows, cols] ** 2).sum(dim=(-2, -1))
        energy = energy + (g_y[..., rows, cols] ** 2).sum(dim=(-2, -1))
    ratio = residual / torch.where(energy > 0, energy, torch.ones_like(energy))
    return torch.where(energy > 0, (1 - ratio).clamp(0, 1), torch.zeros_like(ratio))


def symmetric_pad(x: torch.Tensor, top: int, bottom: int, left: int, right: int) -> torch.Tensor:
    """numpy.pad(mode="symmetric") on the last two dims, any pad width (repeated reflection)."""

    def reflect(n: int, before: int, after: int) -> torch.Tensor:
        idx = torch.arange(-before, n + after, device=x.device) % (2 * n)
        return torch.where(idx < n, idx, 2 * n - 1 - idx)

    h, w = x.shape[-2:]
    x = x.index_select(-2, reflect(h, top, bottom))
    return x.index_select(-1, reflect(w, left, right))


def taper_weights(kernel: torch.Tensor, ph: int, pw: int) -> torch.Tensor:
    """w[i, j] = alpha_v(i) alpha_h(j) from the autocorrelation of the kernel's projections."""

    def alpha(q: torch.Tensor, n: int) -> torch.Tensor:
        s = q.shape[-1]
        auto = torch.stack([(q[..., : s - lag] * q[..., lag:]).sum(-1) for lag in range(s)], -1)
        i = torch.arange(n, device=q.device)
        lag = torch.minimum(i, n - i)
        padded = F.pad(auto, (0, max(0, n // 2 + 1 - s)))
        a0 = auto[..., :1]
        norm = padded.index_select(-1, lag) / torch.where(a0 > 0, a0, torch.ones_like(a0))
        return 1 - norm

    a_v = alpha(kernel.sum(-1), ph)
    a_h = alpha(kernel.sum(-2), pw)
    return a_v[..., :, None] * a_h[..., None, :]


def _circular_conv(x: torch.Tensor, otf: torch.Tensor) -> torch.Tensor:
    h, w = x.shape[-2:]
    return torch.fft.irfft2(torch.fft.rfft2(x) * otf, s=(h, w))


def wiener(
    image: torch.Tensor, kernel: torch.Tensor, gamma: float = GAMMA, boundary: str = "taper"
) -> torch.Tensor:
    """Eq. (11) per channel: x = F^-1(conj(K) Y / (|K|^2 + gamma)).

    boundary "taper": symmetric pad by S, 3 rounds of edge taper, crop back (README).
    boundary "none": plain circular model on the H x W grid.
    """
    h, w = image.shape[-2:]
    s = kernel.shape[-1]
    _check_kernel_size(s, h, w, 1, "kernel size")
    if gamma < 0:
        raise ValueError(f"gamma must be >= 0, got {gamma}")
    if boundary == "taper":
        ph, pw = fast_size(h + 2 * s), fast_size(w + 2 * s)
        padded = symmetric_pad(image, s, ph - h - s, s, pw - w - s)
        otf = kernel_otf(kernel, ph, pw)
        weight = taper_weights(kernel, ph, pw)
        for _ in range(TAPER_ROUNDS):
            padded = weight * padded + (1 - weight) * _circular_conv(padded, otf)
    elif boundary == "none":
        ph, pw, padded = h, w, image
        otf = kernel_otf(kernel, ph, pw)
    else:
        raise ValueError(f"boundary must be 'taper' or 'none', got {boundary!r}")
    den = otf.real**2 + otf.imag**2 + gamma
    x = torch.fft.irfft2(_safe_divide(otf.conj() * torch.fft.rfft2(padded), den), s=(ph, pw))
    return x if boundary == "none" else x[..., s : s + h, s : s + w]


def blur(image: torch.Tensor, kernel: torch.Tensor, boundary: str = "symmetric") -> torch.Tensor:
    """Forward model k * x. "symmetric": linear convolution of the symmetrically extended image
    (no wrap-around); "circular": periodic convolution on the H x W grid."""
    h, w = image.shape[-2:]
    s = kernel.shape[-1]
    _check_kernel_size(s, h, w, 1, "kernel size")
    if boundary == "circular":
        return _circular_conv(image, kernel_otf(kernel, h, w))
    if boundary != "symmetric":
        raise ValueError(f"boundary must be 'symmetric' or 'circular', got {boundary!r}")
    r = (s - 1) // 2
    ph, pw = fast_size(h + 2 * r), fast_size(w + 2 * r)
    padded = symmetric_pad(image, r, ph - h - r, r, pw - w - r)
    return _circular_conv(padded, kernel_otf(kernel, ph, pw))[..., r : r + h, r : r + w]
