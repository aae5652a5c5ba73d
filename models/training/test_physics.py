"""Tests of models/training/physics.py against direct numpy definitions (native/README.md).
Cross-language agreement with the C++ addon is checked in native/test/reference.test.ts.
Run: /usr/bin/python3 -m pytest models/training/test_physics.py
"""

import numpy as np
import pytest
import torch

from models.training import physics as P


def scene(h, w, seed):
    rng = np.random.default_rng(seed)
    img = np.full((h, w), 0.5)
    for _ in range(40):
        y0, x0 = rng.integers(0, h), rng.integers(0, w)
        y1, x1 = y0 + rng.integers(2, h // 2), x0 + rng.integers(2, w // 2)
        img[y0:y1, x0:x1] = rng.random()
    return torch.tensor(img)


def motion_kernel(size):
    k = np.zeros((size, size))
    c = (size - 1) / 2
    for t in np.linspace(0, 1, 8 * size):
        k[round(c + 0.7 * c * (2 * t - 1)), round(c + 0.6 * c * np.sin(4 * t))] += 1 + t
    return torch.tensor(k / k.sum())


def ncc(a, b):
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / torch.sqrt((a * a).sum() * (b * b).sum()))


def test_fast_size_is_the_next_2_3_5_smooth_integer():
    assert [P.fast_size(n) for n in (1, 7, 11, 13, 241, 290, 1000, 1021)] == [
        1, 8, 12, 15, 243, 300, 1000, 1024,
    ]


@pytest.mark.parametrize("pads", [(2, 3, 1, 4), (9, 12, 7, 15)])
def test_symmetric_pad_matches_numpy_including_pads_wider_than_the_image(pads):
    x = torch.arange(35.0).reshape(5, 7)
    t, b, l, r = pads
    expected = np.pad(x.numpy(), ((t, b), (l, r)), mode="symmetric")
    assert np.array_equal(P.symmetric_pad(x, t, b, l, r).numpy(), expected)


def test_blur_is_centred_true_convolution_with_symmetric_boundaries():
    x = scene(23, 31, 1)
    k = motion_kernel(7)
    padded = np.pad(x.numpy(), 3, mode="symmetric")
    direct = np.zeros((23, 31))
    for a in range(7):
        for b in range(7):
            # (k * x)[i, j] = sum k[a, b] x[i - (a - 3), j - (b - 3)]
            direct += k[a, b].item() * padded[6 - a : 6 - a + 23, 6 - b : 6 - b + 31]
    assert np.abs(P.blur(x, k).numpy() - direct).max() < 1e-10


def test_wiener_without_boundary_inverts_the_circular_model():
    x = scene(40, 36, 2)
    g = torch.exp(-((torch.arange(5.0) - 2) ** 2) / 2)
    k = torch.outer(g, g) / torch.outer(g, g).sum()  # Gaussian: no spectral zeros
    y = P.blur(x, k, boundary="circular")
    assert (P.wiener(y, k, gamma=1e-10, boundary="none") - x).abs().max() < 1e-5


def test_taper_boundary_beats_the_circular_model_on_a_symmetric_blur():
    x = scene(80, 72, 3)
    k = motion_kernel(15)
    y = P.blur(x, k)  # no wrap-around: the circular model is wrong at the borders
    err = lambda z: float(((z - x) ** 2).mean())  # noqa: E731
    assert err(P.wiener(y, k, 1e-3, "taper")) < 0.5 * err(P.wiener(y, k, 1e-3, "none"))


def test_estimate_kernel_recovers_the_blur_and_is_a_valid_kernel():
    x = scene(120, 100, 4)
    k = motion_kernel(21)
    y = P.blur(x, k) + 0.005 * torch.randn(120, 100, generator=torch.Generator().manual_seed(0))
    est = P.estimate_kernel(y, x, 21, beta=10, threshold=0.15)
    assert est.shape == (21, 21)
    assert float(est.min()) >= 0 and abs(float(est.sum()) - 1) < 1e-9
    assert ncc(est, k) > 0.9
    assert float(P.kernel_confidence(y, x, est)) > 0.9
    auto = P.estimate_kernel(y, x, "auto", beta=10, threshold=0.15)
    assert 11 <= auto.shape[0] <= 25 and auto.shape[0] % 2 == 1


def test_confidence_is_low_for_a_wrong_kernel_and_zero_for_a_blank_sketch():
    x = scene(64, 64, 5)
    k = motion_kernel(11)
    y = P.blur(x, k)
    wrong = torch.zeros(11, 11)
    wrong[0, 10] = 1
    assert float(P.kernel_confidence(y, x, k)) > 0.95
    assert float(P.kernel_confidence(y, x, wrong)) < 0.5
    blank = torch.ones(64, 64)
    assert float(P.kernel_confidence(y, blank, P.estimate_kernel(y, blank, 11))) == 0


def test_blank_sketch_gives_the_identity_kernel():
    y = scene(40, 40, 6)
    k = P.estimate_kernel(y, torch.zeros(40, 40), 11)
    assert float(k[5, 5]) == 1 and float(k.sum()) == 1


def test_invalid_arguments_are_rejected():
    x = torch.zeros(20, 20)
    for bad in (10, 9, 77, 21):
        with pytest.raises(ValueError):
            P.estimate_kernel(x, x, bad)
    with pytest.raises(ValueError):
        P.wiener(x, torch.ones(3, 3) / 9, gamma=-1)
    with pytest.raises(ValueError):
        P.blur(x, torch.ones(3, 3) / 9, boundary="mirror")


def test_batched_nchw_with_per_image_kernels_and_gradients_flow():
    n = 2
    x = torch.stack([scene(48, 40, 7), scene(48, 40, 8)])[:, None].repeat(1, 3, 1, 1)
    kernels = torch.stack([motion_kernel(11), motion_kernel(11).flip(0)])
    blurry = P.blur(x, kernels[:, None])
    for i in range(n):
        assert torch.allclose(blurry[i, 1], P.blur(x[i, 1], kernels[i]))
    sketch = x[:, 0].clone().requires_grad_(True)
    est = P.estimate_kernel(P.to_gray(blurry), sketch, 11)
    restored = P.wiener(blurry, est[:, None])
    loss = ((restored - x) ** 2).mean()
    loss.backward()
    assert sketch.grad is not None and torch.isfinite(sketch.grad).all()
    assert float(sketch.grad.abs().sum()) > 0
