"""Calibrates the physics defaults (beta, threshold, gamma; native/README.md) on TRAINING faces.

CelebA faces that are not in the held-out list (models/splits/test-celeba.txt), cropped to
240x200, blurred (physics.blur, symmetric) with random camera-shake kernels 21..51 px from
models/training/data/kernels.py, Gaussian noise sigma 0.01, clipped. The kernel is estimated
from the SHARP face's grey gradients (an ideal sketch: the upper bound of what G can give),
then Wiener-deconvolved; the score is the PSNR of the result. Prints one JSON object.

Run: nice /usr/bin/python3 scripts/bench/calibrate-physics.py [--faces 40] [--shared DIR]
"""

import argparse
import itertools
import json
import os
import sys

import numpy as np
import torch
from PIL import Image

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, ROOT)

from models.training import physics as P  # noqa: E402
from models.training.data.kernels import camera_shake_kernel, random_kernel_size  # noqa: E402


def training_faces(shared, count, rng):
    folder = os.path.join(shared, "data", "faces", "celeba-aligned-nikhil4902")
    with open(os.path.join(ROOT, "models", "splits", "test-celeba.txt")) as f:
        held_out = {line.strip() for line in f if line.strip()}
    names = sorted(n for n in os.listdir(folder) if n.endswith(".jpg") and n not in held_out)
    picked = rng.choice(len(names), size=count, replace=False)
    for i in picked:
        img = Image.open(os.path.join(folder, names[i])).convert("RGB")
        w, h = img.size  # 178 x 218: scale to width 200, centre-crop height 240
        img = img.resize((200, round(h * 200 / w)), Image.BICUBIC)
        top = (img.size[1] - 240) // 2
        arr = np.asarray(img, dtype=np.float32)[top : top + 240] / 255
        yield torch.from_numpy(arr).permute(2, 0, 1).contiguous()


def psnr(x, ref):
    return float(10 * torch.log10(1 / ((x.clamp(0, 1) - ref) ** 2).mean()))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--faces", type=int, default=40)
    ap.add_argument("--shared", default=os.environ.get("FACE_DEBLUR_SHARED", os.path.join(ROOT, "..", "shared")))
    args = ap.parse_args()
    torch.set_num_threads(1)
    rng = np.random.default_rng(20260425)
    samples = []
    for face in training_faces(args.shared, args.faces, rng):
        size = random_kernel_size(rng)
        k = torch.from_numpy(camera_shake_kernel(rng, size)).double().float()
        noise = torch.from_numpy(rng.normal(0, 0.01, face.shape).astype(np.float32))
        blurry = (P.blur(face, k) + noise).clamp(0, 1)
        samples.append((face, blurry, k, size))

    betas, thresholds = (3, 10, 30, 100, 300, 1000), (0.05, 0.1, 0.15, 0.2)
    gammas = (0.005, 0.01, 0.02, 0.03, 0.05)
    table = {}
    for beta, thr in itertools.product(betas, thresholds):
        scores = []
        for face, blurry, _, size in samples:
            est = P.estimate_kernel(P.to_gray(blurry), P.to_gray(face), size, beta, thr)
            scores.append(psnr(P.wiener(blurry, est, 0.03), face))
        table[f"beta={beta},threshold={thr}"] = float(np.mean(scores))
    best = max(table, key=table.get)
    beta, thr = (float(v.split("=")[1]) for v in best.split(","))
    gamma_est, gamma_true = {}, {}
    for gamma in gammas:
        est_scores, true_scores = [], []
        for face, blurry, k, size in samples:
            est = P.estimate_kernel(P.to_gray(blurry), P.to_gray(face), size, beta, thr)
            est_scores.append(psnr(P.wiener(blurry, est, gamma), face))
            true_scores.append(psnr(P.wiener(blurry, k, gamma), face))
        gamma_est[str(gamma)] = float(np.mean(est_scores))
        gamma_true[str(gamma)] = float(np.mean(true_scores))
    print(json.dumps({
        "faces": len(samples),
        "blurry_psnr": float(np.mean([psnr(b, f) for f, b, _, _ in samples])),
        "estimated_kernel_psnr_by_beta_threshold_at_gamma_0.03": table,
        "best": best,
        "estimated_kernel_psnr_by_gamma": gamma_est,
        "true_kernel_psnr_by_gamma": gamma_true,
    }, indent=1))


if __name__ == "__main__":
    main()
