"""Held-out checks run during training, on validation faces of the TRAINING split.

Sketch quality: L1 against the ground-truth sketch, and a collapse detector: the fraction of
dark pixels (< 0.5) G draws relative to the ground truth's (a blank page scores 0, blobs score
far above 1). Kernel quality: the kernel estimated from G's sketch (physics.estimate_kernel,
automatic size, as the app does) against the true kernel (normalised cross-correlation, both
centred on a 75x75 canvas), and the PSNR of the Wiener result with it. The same numbers from
the ground-truth sketch are the ceiling G can reach. Restoration: PSNR of A's (or the naive
network's) output. Also draws the sample grid.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from . import physics

CANVAS = physics.MAX_KERNEL_SIZE


def psnr(a: torch.Tensor, b: torch.Tensor) -> float:
    mse = float(((a.clamp(0, 1) - b.clamp(0, 1)) ** 2).mean())
    return 10 * np.log10(1 / max(mse, 1e-12))


def _on_canvas(k: torch.Tensor) -> torch.Tensor:
    pad = (CANVAS - k.shape[-1]) // 2
    return F.pad(k, (pad, pad, pad, pad))


def kernel_ncc(estimate: torch.Tensor, truth: torch.Tensor) -> float:
    a, b = _on_canvas(estimate).double(), _on_canvas(truth).double()
    a, b = a - a.mean(), b - b.mean()
    return float((a * b).sum() / torch.sqrt((a * a).sum() * (b * b).sum()).clamp_min(1e-12))


def kernel_and_x0(blurry: torch.Tensor, sketch: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """One face (3,H,W) and its sketch (1,H,W) -> estimated kernel and clamped Wiener x0."""
    kernel = physics.estimate_kernel(physics.to_gray(blurry), sketch[0], "auto")
    return kernel, physics.wiener(blurry, kernel).clamp(0, 1)


def x0_batch(blurry: torch.Tensor, sketch: torch.Tensor) -> torch.Tensor:
    """x0 for every face of a batch (automatic kernel size is per face). Differentiable."""
    return torch.stack([kernel_and_x0(b, s)[1] for b, s in zip(blurry, sketch)])


def structure_target(batch: dict[str, torch.Tensor], kind: str) -> torch.Tensor:
    """What G learns to draw: "sketch" (the ground-truth line sketch, the paper's choice) or
    "gray" (the sharp face in grey: its gradients are what eq. (9) needs)."""
    if kind == "sketch":
        return batch["sketch"]
    if kind == "gray":
        return physics.to_gray(batch["sharp"]).unsqueeze(-3)
    raise ValueError(f"target must be 'sketch' or 'gray', got {kind!r}")


@torch.no_grad()
def sketch_reference(val: dict[str, torch.Tensor], target: str) -> dict[str, float]:
    """The ceiling: kernel NCC and Wiener PSNR from the ground-truth targets."""
    ncc, p = [], []
    truth = structure_target(val, target)
    for i in range(len(val["blurry"])):
        k, x0 = kernel_and_x0(val["blurry"][i], truth[i])
        ncc.append(kernel_ncc(k, val["kernel"][i]))
        p.append(psnr(x0, val["sharp"][i]))
    blurry = [psnr(val["blurry"][i], val["sharp"][i]) for i in range(len(val["blurry"]))]
    return {"target_kernel_ncc": float(np.mean(ncc)), "target_wiener_psnr": float(np.mean(p)),
            "blurry_psnr": float(np.mean(blurry))}


@torch.no_grad()
def evaluate(stage: str, nets: dict[str, nn.Module], val: dict[str, torch.Tensor], target: str = "gray",
             grid_path: Path | None = None, grid_rows: int = 6) -> dict[str, float]:
    for net in nets.values():
        net.eval()
    blurry, sharp, gt = val["blurry"], val["sharp"], structure_target(val, target)
    out: dict[str, float] = {}
    columns: list[list[np.ndarray]] = []
    if stage == "naive":
        restored = torch.cat([nets["naive"](b[None]).clamp(0, 1) for b in blurry])
        out["restored_psnr"] = float(np.mean([psnr(r, s) for r, s in zip(restored, sharp)]))
        columns = [[_rgb(b), _rgb(r), _rgb(s)] for b, r, s in zip(blurry[:grid_rows], restored, sharp)]
    else:
        sketches = torch.cat([nets["G"](b[None]) for b in blurry])
        dark_pred = (sketches < 0.5).float().mean(dim=(1, 2, 3))
        dark_gt = (gt < 0.5).float().mean(dim=(1, 2, 3)).clamp_min(1e-6)
        out["sketch_l1"] = float((sketches - gt).abs().mean())
        out["dark_ratio"] = float((dark_pred / dark_gt).mean())
        ncc, p_x0, p_a = [], [], []
        for i in range(len(blurry)):
            k, x0 = kernel_and_x0(blurry[i], sketches[i])
            ncc.append(kernel_ncc(k, val["kernel"][i]))
            p_x0.append(psnr(x0, sharp[i]))
            row = [_rgb(blurry[i]), _grey(gt[i]), _grey(sketches[i]), _kernels(k, val["kernel"][i], *blurry.shape[-2:]), _rgb(x0)]
            if "A" in nets:
                a = nets["A"](x0[None], blurry[i][None])[0].clamp(0, 1)
                p_a.append(psnr(a, sharp[i]))
                row.append(_rgb(a))
            if i < grid_rows:
                columns.append(row + [_rgb(sharp[i])])
        out["kernel_ncc"] = float(np.mean(ncc))
        out["x0_psnr"] = float(np.mean(p_x0))
        if p_a:
            out["restored_psnr"] = float(np.mean(p_a))
    if grid_path is not None:
        grid = np.concatenate([np.concatenate(r, 1) for r in columns], 0)
        Image.fromarray(grid).save(grid_path)
    return out


def _rgb(x: torch.Tensor) -> np.ndarray:
    return (x.clamp(0, 1).permute(1, 2, 0).numpy() * 255).round().astype(np.uint8)


def _grey(x: torch.Tensor) -> np.ndarray:
    return _rgb(x.expand(3, -1, -1))


def _kernels(estimate: torch.Tensor, truth: torch.Tensor, h: int, w: int) -> np.ndarray:
    """Estimated (top) and true (bottom) kernel, each scaled to its maximum, on a tile."""
    tile = torch.zeros(3, h, w)
    for k, top in ((estimate, 0), (truth, h // 2)):
        c = _on_canvas(k)
        c = c / c.max().clamp_min(1e-12)
        side = min(h // 2, w) - 4
        c = F.interpolate(c[None, None], size=(side, side), mode="nearest")[0, 0]
        x = (w - side) // 2
        tile[:, top + 2 : top + 2 + side, x : x + side] = c
    return _rgb(tile)
