"""Writes the held-out face lists to models/splits/ (one file name per line, sorted).

- test-celeba.txt: 300 CelebA images (the paper's CelebA test size). The CelebA copy here has
  no identity labels, so the draw is by image.
- test-lfw.txt: 300 LFW images, drawn only from people with a single image in the folder, so
  no held-out person appears in training.
Every other file of ../shared/data/faces is training data. The draw is seeded on the sorted
file names, so re-running gives the same lists; the committed lists are the reference.

Run from the repository root: /usr/bin/python3 -m models.training.data.make_splits [FACES_DIR]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

from .paths import REPO_ROOT, shared_data_dir

SPLITS_DIR = REPO_ROOT / "models" / "splits"
SEED = 6
HELD_OUT = 300
CELEBA = "celeba-aligned-nikhil4902"
LFW = "lfw-deepfunneled"


def lfw_person(name: str) -> str:
    """LFW names are <Person_Name>_<NNNN>.jpg."""
    return name.rsplit("_", 1)[0]


def draw(names: list[str], seed: int) -> list[str]:
    rng = np.random.default_rng(seed)
    chosen = rng.choice(len(names), size=HELD_OUT, replace=False)
    return sorted(names[i] for i in chosen)


def main() -> None:
    faces = Path(sys.argv[1]) if len(sys.argv) > 1 else shared_data_dir() / "faces"
    celeba = sorted(p.name for p in (faces / CELEBA).glob("*.jpg"))
    lfw = sorted(p.name for p in (faces / LFW).glob("*.jpg"))
    people = Counter(lfw_person(n) for n in lfw)
    lfw_single = [n for n in lfw if people[lfw_person(n)] == 1]
    SPLITS_DIR.mkdir(parents=True, exist_ok=True)
    for split, names in (("test-celeba", draw(celeba, SEED)), ("test-lfw", draw(lfw_single, SEED + 1))):
        (SPLITS_DIR / f"{split}.txt").write_text("".join(n + "\n" for n in names))
        print(f"{split}: {len(names)} held out")


if __name__ == "__main__":
    main()
