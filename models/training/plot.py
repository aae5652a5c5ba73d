"""Figures for the model card from the runs' logs and sample grids.

  /usr/bin/python3 -m models.training.plot [--runs models/training/runs] [--out docs]

writes docs/training-curves.png (training losses and held-out checks against trained time,
with the ceilings the ground-truth targets reach) and docs/training-samples.png (the latest
held-out grid of the A run, else the G run, at half size), and prints the latest held-out
check of every run as a markdown table (for models/README.md).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


# Runs by recency of their recipe: the latest stage of the residual-G recipe first, then the
# first run's stages.
LATEST_FIRST = ("e2e", "a-res", "g-res", "a", "g")


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def curves(runs: Path, out: Path) -> None:
    logs = {d.name: read_log(d / "log.jsonl") for d in sorted(runs.iterdir()) if (d / "log.jsonl").exists()}
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
    # References (true-target kernel and Wiener, blurry input) depend on the physics constants
    # a run started with: draw those of the newest stage of the current recipe.
    reference_run = next((n for n in LATEST_FIRST if n in logs), None)
    for name, log in logs.items():
        train = [r for r in log if r["kind"] == "train"]
        for key in ("g_sketch", "a_l1", "e2e_l1", "naive_l1"):
            pts = [(r["trained_s"] / 60, r[key]) for r in train if key in r]
            if pts:
                axes[0].plot(*zip(*pts), label=f"{name}: {key}")
        evals = [r for r in log if r["kind"] == "eval"]
        for key, ax in (("kernel_ncc", axes[1]), ("x0_psnr", axes[2]), ("restored_psnr", axes[2])):
            pts = [(r["trained_s"] / 60, r[key]) for r in evals if key in r]
            if pts:
                ax.plot(*zip(*pts), marker="o", label=f"{name}: {key}")
        start = next((r for r in log if r["kind"] == "start"), None)
        if start and start["reference"] and name == reference_run:
            ref = start["reference"]
            axes[1].axhline(ref["target_kernel_ncc"], ls="--", c="grey", label="from the true target")
            axes[2].axhline(ref["target_wiener_psnr"], ls="--", c="grey", label="Wiener, kernel from true target")
            axes[2].axhline(ref["blurry_psnr"], ls=":", c="k", label="blurry input")
    axes[0].set(title="training loss", xlabel="trained minutes", yscale="log")
    axes[1].set(title="held-out kernel NCC (from G's output)", xlabel="trained minutes")
    axes[2].set(title="held-out PSNR (dB)", xlabel="trained minutes")
    for ax in axes:
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(out / "training-curves.png", dpi=80)


def samples(runs: Path, out: Path) -> None:
    for name in LATEST_FIRST:
        grid = runs / name / "samples.png"
        if grid.exists():
            image = Image.open(grid)
            image.resize((image.width // 2, image.height // 2), Image.LANCZOS).save(out / "training-samples.png")
            return


def table(runs: Path) -> str:
    keys = ["sketch_l1", "dark_ratio", "kernel_ncc", "x0_psnr", "restored_psnr"]
    rows = ["| run | steps | trained min | " + " | ".join(keys) + " |", "|---" * (len(keys) + 3) + "|"]
    for d in sorted(runs.iterdir()):
        log = read_log(d / "log.jsonl") if (d / "log.jsonl").exists() else []
        evals = [r for r in log if r["kind"] == "eval"]
        if evals:
            e = evals[-1]
            cells = [f"{e[k]:.3f}" if k in e else "" for k in keys]
            rows.append(f"| {d.name} | {e['step']} | {e['trained_s'] / 60:.0f} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--runs", type=Path, default=REPO / "models" / "training" / "runs")
    p.add_argument("--out", type=Path, default=REPO / "docs")
    args = p.parse_args(argv)
    curves(args.runs, args.out)
    samples(args.runs, args.out)
    print(table(args.runs))


if __name__ == "__main__":
    main(sys.argv[1:])
