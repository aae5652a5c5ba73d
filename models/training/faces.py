"""Training faces and their ground-truth sketches, degraded on the fly.

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


def _chunk_pairs(data_dir: Path) -> list[tuple[Path, Path]]:
    pairs = []
    for faces in sorted((data_dir / "parts").glob("chunk-*-train-faces.npy")):
        sketches = faces.with_name(faces.name.replace("-faces.npy", "-sketches.npy"))
        if sketches.exists():
            pairs.append((faces, sketches))
    return pairs


def find_arrays(data_dir: Path) -> list[tuple[Path, Path]]:
    """(faces, sketches) files of the training split, merged file first, else finished chunks."""
    merged = (data_dir / "faces-train.npy", data_dir / "sketches-train.npy")
    if merged[0].exists() and merged[1].exists():
        return [merged]
    pairs = _chunk_pairs(data_dir)
    if not pairs:
        raise FileNotFoundError(
            f"no training faces with sketches in {data_dir} (faces-train.npy + sketches-train.npy "
            "or parts/chunk-*-train-*.npy): run `npm run data:prepare` first"
        )
    return pairs


class TrainingFaces:
    """Row access across one or more memory-mapped (faces, sketches) arrays."""

    def __init__(self, pairs: list[tuple[Path, Path]], val: int):
        self.faces = [np.load(f, mmap_mode="r") for f, _ in pairs]
        self.sketches = [np.load(s, mmap_mode="r") for _, s in pairs]
        for (f, s), a, b in zip(pairs, self.faces, self.sketches):
            if len(a) != len(b):
                raise ValueError(f"{f} has {len(a)} faces but {s} has {len(b)} sketches")
        self.offsets = np.cumsum([0] + [len(a) for a in self.faces])
        self.val = val
        if len(self) <= val:
            raise ValueError(f"only {len(self)} training faces: need more than the {val} held out")

    def __len__(self) -> int:
        return int(self.offsets[-1])

    def row(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        part = int(np.searchsorted(self.offsets, i, side="right") - 1)
        j = i - int(self.offsets[part])
        return np.asarray(self.faces[part][j]), np.asarray(self.sketches[part][j])

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
                h, w = sketch.shape
                y, x = int(rng.integers(0, h - patch + 1)), int(rng.integers(0, w - patch + 1))
                for key in ("sharp", "sketch", "blurry"):
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
