"""Training faces and their ground-truth sketches (where drawn), degraded on the fly.

Reads the prepared training split (cache/data/faces-train.npy + sketches-train.npy, written by
`npm run data:prepare`), or, while that is still being written, its finished chunks
(cache/data/parts/chunk-*-train-{faces,sketches}.npy). The first `val` rows are a validation
set taken from the TRAINING split (the benchmark's held-out faces are never seen here): they
are never trained on and are degraded once, with fixed seeds and no augmentation, so every
evaluation scores the same blurry faces. Degradation is models/training/data/degrade.py's.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch

from .data.degrade import DegradeOptions, make_sample

VAL_SEED_EPOCH = 1_000_003  # an epoch number the training draws never reach


Parts = list[tuple[Path, Path | None]]


def _chunk_parts(data_dir: Path) -> Parts:
    parts = []
    for faces in sorted((data_dir / "parts").glob("chunk-*-train-faces.npy")):
        sketches = faces.with_name(faces.name.replace("-faces.npy", "-sketches.npy"))
        parts.append((faces, sketches if sketches.exists() else None))
    return parts


def find_arrays(data_dir: Path, need_sketches: bool = False) -> Parts:
    """(faces, sketches or None) files of the training split, merged file first, else the
    finished chunks. Sketches are used only where every part has them; `need_sketches` (G's
    line-sketch target) makes their absence an error."""
    merged = data_dir / "faces-train.npy"
    if merged.exists():
        sketches = data_dir / "sketches-train.npy"
        parts: Parts = [(merged, sketches if sketches.exists() else None)]
    else:
        parts = _chunk_parts(data_dir)
    if not parts:
        raise FileNotFoundError(
            f"no training faces in {data_dir} (faces-train.npy or parts/chunk-*-train-faces.npy): "
            "run `npm run data:prepare` first"
        )
    if any(s is None for _, s in parts):
        if need_sketches:
            raise FileNotFoundError(
                f"the training faces in {data_dir} have no sketches (prepared with --no-sketches?): "
                "G's line-sketch target needs `npm run data:prepare` with sketches"
            )
        parts = [(f, None) for f, _ in parts]
    return parts


class TrainingFaces:
    """Row access across one or more memory-mapped (faces, sketches or None) arrays."""

    def __init__(self, parts: Parts, val: int):
        self.faces = [np.load(f, mmap_mode="r") for f, _ in parts]
        self.sketches = [None if s is None else np.load(s, mmap_mode="r") for _, s in parts]
        for (f, s), a, b in zip(parts, self.faces, self.sketches):
            if b is not None and len(a) != len(b):
                raise ValueError(f"{f} has {len(a)} faces but {s} has {len(b)} sketches")
        self.offsets = np.cumsum([0] + [len(a) for a in self.faces])
        self.val = val
        if len(self) <= val:
            raise ValueError(f"only {len(self)} training faces: need more than the {val} held out")

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray | None]:
        part = int(np.searchsorted(self.offsets, i, side="right") - 1)
        j = i - int(self.offsets[part])
        sketches = self.sketches[part]
        return np.asarray(self.faces[part][j]), None if sketches is None else np.asarray(sketches[j])

    def train_batch(self, seed: int, step: int, batch: int, patch: int | None,
                    opts: DegradeOptions = DegradeOptions()) -> dict[str, torch.Tensor]:
        """A batch of fresh degradations of random training rows, cropped to `patch` squares
        (None: full crops). Reproducible from (seed, step)."""
        rng = np.random.default_rng([seed, step])
        rows = rng.integers(self.val, len(self), size=batch)
        samples = []
        for b, i in enumerate(rows):
            face, sketch = self.row(int(i))
            sample = make_sample(face, sketch, np.random.default_rng([seed, step, b]), opts)
            if patch is not None:
                h, w = face.shape[:2]
                y, x = int(rng.integers(0, h - patch + 1)), int(rng.integers(0, w - patch + 1))
                for key in ("sharp", "sketch", "blurry"):
                    if key in sample:
                        sample[key] = sample[key][:, y : y + patch, x : x + patch]
            samples.append(sample)
        return {k: torch.stack([s[k] for s in samples]) for k in samples[0]}

    def val_batch(self, seed: int) -> dict[str, torch.Tensor]:
        """The validation rows, full crops, degraded once without augmentation."""
        opts = DegradeOptions(augment=False, jpeg_probability=0.0)
        samples = []
        for i in range(self.val):
            face, sketch = self.row(i)
            samples.append(make_sample(face, sketch, np.random.default_rng([seed, VAL_SEED_EPOCH, i]), opts))
        return {k: torch.stack([s[k] for s in samples]) for k in samples[0]}
