"""The paper's networks, with the channel width as a parameter.

- SketchGenerator (G): blurry RGB -> sketch. U-Net-like: 7x7 first/last convolutions, two
  stride-2 downsamplings, 6 residual blocks, two transposed convolutions, 2 skip connections,
  InstanceNorm + ReLU. Output through a sigmoid: [0, 1], white paper, dark strokes.
- PatchCritic (D): PatchGAN critic for the WGAN-GP objective, conditioned on the blurry face
  (input: blurry RGB + sketch). No normalisation layer (the gradient penalty is per sample).
- Deartifact (A): x0 (the Wiener result) and a guide image concatenated -> restored face. One
  downsampling, 5 residual blocks, one transposed convolution, PReLU, 2 residual connections
  (a feature skip across the body, and the image-level x0 + correction).
- naive baseline: the G architecture with 3 output channels, predicting the sharp face as
  blurry + correction (the paper's "end to end" ablation).

All are fully convolutional: trained on patches, run on full 240x200 crops (any H, W: odd
sizes are handled by cropping the upsampled features to the skip's size).
"""

from __future__ import annotations

import torch
from torch import nn

from .physics import to_gray


def _norm_relu(channels: int) -> list[nn.Module]:
    return [nn.InstanceNorm2d(channels, affine=True), nn.ReLU(inplace=True)]


def _fit(x: torch.Tensor, like: torch.Tensor) -> torch.Tensor:
    """Crops upsampled features to the skip's spatial size (odd input sizes)."""
    return x[..., : like.shape[-2], : like.shape[-1]]


class ResidualBlock(nn.Module):
    def __init__(self, channels: int, act: str = "relu"):
        super().__init__()
        if act == "relu":
            mid: list[nn.Module] = _norm_relu(channels)
            tail: list[nn.Module] = [nn.InstanceNorm2d(channels, affine=True)]
        else:  # A: PReLU, no normalisation (it must keep x0's exact intensities)
            mid, tail = [nn.PReLU(channels)], []
        self.body = nn.Sequential(
            nn.ReflectionPad2d(1), nn.Conv2d(channels, channels, 3), *mid,
            nn.ReflectionPad2d(1), nn.Conv2d(channels, channels, 3), *tail,
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x + self.body(x)


class UNetGenerator(nn.Module):
    """The G architecture. `residual_output` makes it predict input + correction: the input
    itself for a 3-channel output (naive), the input's grey clamped to [0, 1] for a 1-channel
    one (a residual G starts as the blurry face and only learns the sharpening)."""

    def __init__(self, in_channels: int = 3, out_channels: int = 1, width: int = 16,
                 blocks: int = 6, residual_output: bool = False):
        super().__init__()
        w = width
        self.residual_output = residual_output
        self.enc0 = nn.Sequential(nn.ReflectionPad2d(3), nn.Conv2d(in_channels, w, 7), *_norm_relu(w))
        self.enc1 = nn.Sequential(nn.Conv2d(w, 2 * w, 3, stride=2, padding=1), *_norm_relu(2 * w))
        self.enc2 = nn.Sequential(nn.Conv2d(2 * w, 4 * w, 3, stride=2, padding=1), *_norm_relu(4 * w))
        self.body = nn.Sequential(*[ResidualBlock(4 * w) for _ in range(blocks)])
        self.dec2 = nn.Sequential(
            nn.ConvTranspose2d(4 * w, 2 * w, 3, stride=2, padding=1, output_padding=1), *_norm_relu(2 * w)
        )
        self.dec1 = nn.Sequential(
            nn.ConvTranspose2d(2 * w, w, 3, stride=2, padding=1, output_padding=1), *_norm_relu(w)
        )
        self.out = nn.Sequential(nn.ReflectionPad2d(3), nn.Conv2d(w, out_channels, 7))
        if residual_output:  # start as the identity: training only has to learn the correction
            nn.init.zeros_(self.out[1].weight)
            nn.init.zeros_(self.out[1].bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e0 = self.enc0(x)
        e1 = self.enc1(e0)
        h = self.body(self.enc2(e1))
        h = _fit(self.dec2(h), e1) + e1
        h = _fit(self.dec1(h), e0) + e0
        y = self.out(h)
        if not self.residual_output:
            return torch.sigmoid(y)
        if y.shape[1] == 3:
            return x + y
        return (to_gray(x[:, :3]).unsqueeze(1) + y).clamp(0, 1)


def sketch_generator(width: int = 16, extra_channels: int = 0, residual: bool = False) -> UNetGenerator:
    """G: blurry RGB (+ optional guide channels) -> 1-channel sketch in [0, 1]; `residual`:
    blurry grey + correction instead of drawing from scratch (not in the paper)."""
    return UNetGenerator(3 + extra_channels, 1, width, residual_output=residual)


def naive_generator(width: int = 16) -> UNetGenerator:
    """The ablation: the G architecture trained to output the sharp face directly."""
    return UNetGenerator(3, 3, width, residual_output=True)


class PatchCritic(nn.Module):
    """70x70-style PatchGAN critic: one unbounded score per overlapping patch (WGAN)."""

    def __init__(self, in_channels: int = 4, width: int = 32, layers: int = 3):
        super().__init__()
        seq: list[nn.Module] = [nn.Conv2d(in_channels, width, 4, 2, 1), nn.LeakyReLU(0.2, True)]
        c = width
        for i in range(1, layers):
            seq += [nn.Conv2d(c, c * 2, 4, 2, 1), nn.LeakyReLU(0.2, True)]
            c *= 2
        seq += [nn.Conv2d(c, c * 2, 4, 1, 1), nn.LeakyReLU(0.2, True), nn.Conv2d(c * 2, 1, 4, 1, 1)]
        self.net = nn.Sequential(*seq)

    def forward(self, condition: torch.Tensor, image: torch.Tensor) -> torch.Tensor:
        return self.net(torch.cat([condition, image], 1))


class Deartifact(nn.Module):
    """A: (x0, guide) -> restored face = x0 + correction."""

    def __init__(self, guide_channels: int = 3, width: int = 16, blocks: int = 5):
        super().__init__()
        w = width
        self.head = nn.Sequential(nn.Conv2d(3 + guide_channels, w, 3, padding=1), nn.PReLU(w))
        self.down = nn.Sequential(nn.Conv2d(w, 2 * w, 3, stride=2, padding=1), nn.PReLU(2 * w))
        self.body = nn.Sequential(*[ResidualBlock(2 * w, act="prelu") for _ in range(blocks)])
        self.up = nn.Sequential(
            nn.ConvTranspose2d(2 * w, w, 3, stride=2, padding=1, output_padding=1), nn.PReLU(w)
        )
        self.tail = nn.Conv2d(w, 3, 3, padding=1)
        # Zero correction at the start: an untrained A returns x0 unchanged, never worse.
        nn.init.zeros_(self.tail.weight)
        nn.init.zeros_(self.tail.bias)

    def forward(self, x0: torch.Tensor, guide: torch.Tensor) -> torch.Tensor:
        h0 = self.head(torch.cat([x0, guide], 1))
        h = self.down(h0)
        h = self.body(h) + h
        h = _fit(self.up(h), h0) + h0
        return x0 + self.tail(h)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
