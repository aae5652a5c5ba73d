"""Photo -> sketch translator that produces the ground-truth sketches of the training faces.

The paper trains its sketch generator on sketches an artist-style translator draws for every
sharp face. This is that translator: a small pix2pix-style U-Net trained on FS2K's
photo/sketch pairs of the two clean line styles (photo sets p1 and p3: contour, eyes, nose,
mouth as single strokes; p2 and the CUHK pencil portraits are shaded and are left out), then
run on every aligned sharp face (`translate`).

Training uses the pixel-aligned pairs at their own framing with random rescaling (0.75..1.35)
and crops, so the network learns strokes at the scale range the 240x200 aligned crops have;
the network is fully convolutional and runs on whole crops afterwards.

Usage (repository root, /usr/bin/python3, 1 thread so others keep a core):
  nice -n 10 /usr/bin/python3 -m models.training.data.sketch_translator train --minutes 35
  nice -n 10 /usr/bin/python3 -m models.training.data.sketch_translator translate \
      cache/data/faces-train.npy cache/data/sketches-train.npy
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

from .paths import REPO_ROOT, shared_data_dir

WEIGHTS = REPO_ROOT / "models" / "training" / "data" / "sketch_translator.pt"
CHECKPOINT = REPO_ROOT / "cache" / "sketch-translator" / "checkpoint.pt"
LOG = REPO_ROOT / "cache" / "sketch-translator" / "log.jsonl"
STYLES = ("p1", "p3")
PATCH = 144
BATCH = 8
LOG_EVERY = 100
ADV_WEIGHT = 0.2
"""Weight of the adversarial term against the fidelity loss (pix2pix uses L1 x 100 against
GAN x 1 on [-1, 1] images; the stroke-weighted loss here is about 10x an L1)."""


def fs2k_pairs(split: str) -> list[str]:
    """Pair names of the chosen styles in FS2K's official train or test split."""
    photos = shared_data_dir() / "sketch-pairs" / "fs2k" / "photos"
    names = sorted(p.stem for p in photos.glob(f"{split}_p*_*.jpg"))
    return [n for n in names if n.split("_")[1] in STYLES]


def load_pair(name: str) -> tuple[np.ndarray, np.ndarray]:
    """Photo as float32 RGB [0,1] HxWx3 and sketch as float32 [0,1] HxW with the paper white.

    The scans' paper is light grey (about 0.93-0.98) and varies by style: scaling so the
    90th percentile is 1 makes the background exactly white, as the sketch convention wants.
    """
    root = shared_data_dir() / "sketch-pairs" / "fs2k"
    photo = np.asarray(Image.open(root / "photos" / f"{name}.jpg").convert("RGB"), np.float32) / 255
    sketch = np.asarray(Image.open(root / "sketches" / f"{name}.jpg").convert("L"), np.float32) / 255
    return photo, normalise_sketch(sketch)


def normalise_sketch(sketch: np.ndarray) -> np.ndarray:
    """Scales a grey scan so its paper (90th percentile) is exactly white."""
    paper = max(float(np.percentile(sketch, 90)), 0.5)
    return np.clip(sketch / paper, 0.0, 1.0)


def load_aligned_pairs(data_dir: Path, split: str) -> list[tuple[np.ndarray, np.ndarray]]:
    """FS2K pairs aligned to the 240x200 crop by scripts/data/align-sketch-pairs.ts."""
    photos = np.load(data_dir / f"sketch-pairs-{split}-photos.npy")
    sketches = np.load(data_dir / f"sketch-pairs-{split}-sketches.npy")
    return [(p.astype(np.float32) / 255, normalise_sketch(s.astype(np.float32) / 255)) for p, s in zip(photos, sketches)]


class _Block(nn.Module):
    def __init__(self, cin: int, cout: int, stride: int = 1):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride, 1),
            nn.InstanceNorm2d(cout, affine=True),
            nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, 1, 1),
            nn.InstanceNorm2d(cout, affine=True),
            nn.ReLU(inplace=True),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


class SketchUNet(nn.Module):
    """U-Net, 3 downsamplings (input sides must be multiples of 8: 240x200 is), skips at each
    level, sigmoid output (1 = white paper)."""

    def __init__(self, width: int = 16):
        super().__init__()
        w = width
        self.enc0 = _Block(3, w)
        self.enc1 = _Block(w, 2 * w, 2)
        self.enc2 = _Block(2 * w, 4 * w, 2)
        self.enc3 = _Block(4 * w, 8 * w, 2)
        self.dec2 = _Block(8 * w + 4 * w, 4 * w)
        self.dec1 = _Block(4 * w + 2 * w, 2 * w)
        self.dec0 = _Block(2 * w + w, w)
        self.out = nn.Conv2d(w, 1, 3, 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        e0 = self.enc0(x * 2 - 1)
        e1 = self.enc1(e0)
        e2 = self.enc2(e1)
        e3 = self.enc3(e2)
        up = lambda t, ref: F.interpolate(t, size=ref.shape[-2:], mode="bilinear", align_corners=False)
        d2 = self.dec2(torch.cat([up(e3, e2), e2], 1))
        d1 = self.dec1(torch.cat([up(d2, e1), e1], 1))
        d0 = self.dec0(torch.cat([up(d1, e0), e0], 1))
        return torch.sigmoid(self.out(d0))


class PatchCritic(nn.Module):
    """pix2pix's PatchGAN discriminator, small: judges 34x34-pixel patches of (photo, sketch)
    as real artist sketches or translations, which pushes the translator to commit to crisp
    strokes where an L1 loss alone settles for grey averages."""

    def __init__(self, width: int = 32):
        super().__init__()
        w = width
        self.body = nn.Sequential(
            nn.Conv2d(4, w, 4, 2, 1),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(w, 2 * w, 4, 2, 1),
            nn.InstanceNorm2d(2 * w, affine=True),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(2 * w, 4 * w, 4, 1, 1),
            nn.InstanceNorm2d(4 * w, affine=True),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(4 * w, 1, 4, 1, 1),
        )

    def forward(self, photo: torch.Tensor, sketch: torch.Tensor) -> torch.Tensor:
        return self.body(torch.cat([photo * 2 - 1, sketch * 2 - 1], 1))


def _augment(
    photo: np.ndarray, sketch: np.ndarray, rng: np.random.Generator, scales: tuple[float, float] = (0.75, 1.35)
) -> tuple[np.ndarray, np.ndarray]:
    """Random rescale, flip, crop to PATCH, and a mild photometric jitter of the photo only."""
    scale = rng.uniform(*scales)
    h, w = sketch.shape
    size = (max(PATCH, round(w * scale)), max(PATCH, round(h * scale)))
    p = np.asarray(Image.fromarray((photo * 255).astype(np.uint8)).resize(size, Image.BILINEAR), np.float32) / 255
    s = np.asarray(Image.fromarray((sketch * 255).astype(np.uint8)).resize(size, Image.BILINEAR), np.float32) / 255
    y = rng.integers(0, p.shape[0] - PATCH + 1)
    x = rng.integers(0, p.shape[1] - PATCH + 1)
    p, s = p[y : y + PATCH, x : x + PATCH], s[y : y + PATCH, x : x + PATCH]
    if rng.random() < 0.5:
        p, s = p[:, ::-1], s[:, ::-1]
    gain = rng.uniform(0.8, 1.2)
    bias = rng.uniform(-0.1, 0.1)
    p = np.clip(p * gain + bias, 0, 1)
    if rng.random() < 0.2:  # some faces are grayscale photos (old LFW pictures)
        p = np.repeat(p @ np.array([0.299, 0.587, 0.114], np.float32), 3).reshape(p.shape)
    return np.ascontiguousarray(p), np.ascontiguousarray(s)


def sketch_loss(pred: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """L1 weighted towards strokes (a blank page cannot satisfy it) plus an L1 on gradients,
    which rewards thin, well-placed lines over grey smudges."""
    weight = 1.0 + 6.0 * (1.0 - target)
    pixel = (weight * (pred - target).abs()).mean()
    gx = lambda t: t[..., :, 1:] - t[..., :, :-1]
    gy = lambda t: t[..., 1:, :] - t[..., :-1, :]
    grad = (gx(pred) - gx(target)).abs().mean() + (gy(pred) - gy(target)).abs().mean()
    return pixel + 2.0 * grad


def _batches(pairs, rng, scales):
    while True:
        idx = rng.choice(len(pairs), size=BATCH, replace=False)
        ps, ss = zip(*(_augment(*pairs[i], rng, scales) for i in idx))
        yield (
            torch.from_numpy(np.stack(ps)).permute(0, 3, 1, 2),
            torch.from_numpy(np.stack(ss))[:, None],
        )


def _pad8(x: torch.Tensor) -> tuple[torch.Tensor, int, int]:
    h, w = x.shape[-2:]
    ph, pw = (-h) % 8, (-w) % 8
    return F.pad(x, (0, pw, 0, ph), mode="replicate"), h, w


@torch.no_grad()
def validate(model: SketchUNet, pairs) -> float:
    """Mean stroke-weighted L1 on the held-out FS2K test pairs at their own framing."""
    model.eval()
    losses = []
    for photo, sketch in pairs:
        x, h, w = _pad8(torch.from_numpy(photo).permute(2, 0, 1)[None])
        pred = model(x)[..., :h, :w]
        losses.append(float(sketch_loss(pred, torch.from_numpy(sketch)[None, None])))
    model.train()
    return float(np.mean(losses))


def _save_checkpoint(model, opt, critic, opt_critic, step: int) -> None:
    state = {"model": model.state_dict(), "opt": opt.state_dict(), "step": step}
    state |= {"critic": critic.state_dict(), "opt_critic": opt_critic.state_dict()}
    torch.save(state, CHECKPOINT)


def train(minutes: float, seed: int = 0, aligned: Path | None = None) -> None:
    """Trains (or resumes). With `aligned`, the pairs come already aligned to the 240x200 crop
    (fine-tuning at exactly the framing the translator is run on, so only mild rescaling)."""
    torch.set_num_threads(1)
    if aligned is None:
        train_pairs = [load_pair(n) for n in fs2k_pairs("train")]
        val_pairs = [load_pair(n) for n in fs2k_pairs("test")][:40]
        scales = (0.75, 1.35)
    else:
        train_pairs = load_aligned_pairs(aligned, "train")
        val_pairs = load_aligned_pairs(aligned, "test")[:40]
        scales = (0.9, 1.1)
    model = SketchUNet()
    critic = PatchCritic()
    opt = torch.optim.Adam(model.parameters(), lr=2e-4, betas=(0.5, 0.999))
    opt_critic = torch.optim.Adam(critic.parameters(), lr=2e-4, betas=(0.5, 0.999))
    step = 0
    if CHECKPOINT.exists():
        state = torch.load(CHECKPOINT)
        model.load_state_dict(state["model"])
        opt.load_state_dict(state["opt"])
        if "critic" in state:  # a checkpoint of the L1-only warm-up has no critic yet
            critic.load_state_dict(state["critic"])
            opt_critic.load_state_dict(state["opt_critic"])
        step = state["step"]
        print(f"resumed at step {step}")
    # Seeded by the step too, so a resumed run draws new batches instead of repeating.
    torch.manual_seed(seed * 1_000_003 + step)
    rng = np.random.default_rng([seed, step])
    CHECKPOINT.parent.mkdir(parents=True, exist_ok=True)
    print(f"{len(train_pairs)} training pairs, {len(val_pairs)} validation pairs, styles {STYLES}")
    deadline = time.time() + minutes * 60
    batches = _batches(train_pairs, rng, scales)
    running = []
    while time.time() < deadline:
        photos, sketches = next(batches)
        fake = model(photos)
        # Critic: least-squares GAN, real artist sketches -> 1, translations -> 0.
        critic_loss = ((critic(photos, sketches) - 1) ** 2).mean() + (critic(photos, fake.detach()) ** 2).mean()
        opt_critic.zero_grad()
        critic_loss.backward()
        opt_critic.step()
        # Translator: pixel/gradient fidelity plus fooling the critic.
        fidelity = sketch_loss(fake, sketches)
        loss = fidelity + ADV_WEIGHT * ((critic(photos, fake) - 1) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
        running.append(float(fidelity))
        step += 1
        if step % LOG_EVERY == 0:
            record = {"step": step, "train": float(np.mean(running)), "val": validate(model, val_pairs), "time": time.time()}
            running = []
            print(json.dumps(record), flush=True)
            with LOG.open("a") as f:
                f.write(json.dumps(record) + "\n")
            _save_checkpoint(model, opt, critic, opt_critic, step)
    _save_checkpoint(model, opt, critic, opt_critic, step)
    WEIGHTS.parent.mkdir(parents=True, exist_ok=True)
    torch.save({"width": 16, "styles": STYLES, "step": step, "model": model.state_dict()}, WEIGHTS)
    print(f"saved {WEIGHTS} after {step} steps")


def load_translator(path: Path = WEIGHTS) -> SketchUNet:
    state = torch.load(path)
    model = SketchUNet(state["width"])
    model.load_state_dict(state["model"])
    model.eval()
    return model


@torch.no_grad()
def translate_faces(model: SketchUNet, faces: np.ndarray, batch: int = 16) -> np.ndarray:
    """uint8 N x H x W x 3 faces -> uint8 N x H x W sketches (255 = white paper)."""
    out = np.empty(faces.shape[:3], np.uint8)
    for i in range(0, len(faces), batch):
        x = torch.from_numpy(np.asarray(faces[i : i + batch], np.float32) / 255).permute(0, 3, 1, 2)
        x, h, w = _pad8(x)
        pred = model(x)[:, 0, :h, :w]
        out[i : i + batch] = np.round(pred.numpy() * 255).astype(np.uint8)
    return out


def translate(faces_path: Path, out_path: Path) -> None:
    """Writes the sketch of every face of an .npy file; resumable through a partial file."""
    torch.set_num_threads(1)
    model = load_translator()
    faces = np.load(faces_path, mmap_mode="r")
    partial = out_path.with_suffix(".partial.npy")
    done = 0
    if partial.exists():
        sketches = np.load(partial, mmap_mode="r+")
        done = int(json.loads(partial.with_suffix(".json").read_text())["done"]) if partial.with_suffix(".json").exists() else 0
    else:
        sketches = np.lib.format.open_memmap(partial, mode="w+", dtype=np.uint8, shape=faces.shape[:3])
    chunk = 256
    start = time.time()
    for i in range(done, len(faces), chunk):
        sketches[i : i + chunk] = translate_faces(model, faces[i : i + chunk])
        sketches.flush()
        partial.with_suffix(".json").write_text(json.dumps({"done": min(i + chunk, len(faces))}))
        rate = (min(i + chunk, len(faces)) - done) / (time.time() - start)
        print(f"{out_path.name}: {min(i + chunk, len(faces))}/{len(faces)} ({rate:.1f} faces/s)", flush=True)
    del sketches
    partial.rename(out_path)
    partial.with_suffix(".json").unlink(missing_ok=True)


def contact_sheet(faces: np.ndarray, sketches: np.ndarray, out: Path, pairs: int = 24, columns: int = 4) -> None:
    """A PNG of photo | sketch pairs spread evenly over the rows of a split, to look at."""
    rows = np.linspace(0, len(faces) - 1, min(pairs, len(faces))).round().astype(int)
    h, w = sketches.shape[1:3]
    gap = 4
    sheet = Image.new("RGB", (columns * (2 * w + 3 * gap), -(-len(rows) // columns) * (h + gap) + gap), "#303030")
    for n, row in enumerate(rows):
        x = (n % columns) * (2 * w + 3 * gap) + gap
        y = (n // columns) * (h + gap) + gap
        sheet.paste(Image.fromarray(np.asarray(faces[row])), (x, y))
        sheet.paste(Image.fromarray(np.asarray(sketches[row])).convert("RGB"), (x + w + gap, y))
    sheet.save(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("train", help="train (resumes from cache/sketch-translator/checkpoint.pt)")
    t.add_argument("--minutes", type=float, default=35)
    t.add_argument("--aligned", type=Path, help="folder with sketch-pairs-<split>-{photos,sketches}.npy")
    r = sub.add_parser("translate", help="sketch every face of a faces-<split>.npy")
    r.add_argument("faces", type=Path)
    r.add_argument("out", type=Path)
    c = sub.add_parser("sheet", help="contact sheet PNG of photo / sketch pairs")
    c.add_argument("faces", type=Path)
    c.add_argument("sketches", type=Path)
    c.add_argument("out", type=Path)
    c.add_argument("--pairs", type=int, default=24)
    args = parser.parse_args()
    if args.command == "train":
        train(args.minutes, aligned=args.aligned)
    elif args.command == "translate":
        translate(args.faces, args.out)
    else:
        contact_sheet(np.load(args.faces, mmap_mode="r"), np.load(args.sketches, mmap_mode="r"), args.out, args.pairs)


if __name__ == "__main__":
    main()
