"""Fast tests of the training code: network shapes, the sketch loss, exact resume, and ONNX
export agreement through onnxruntime-node (the app's runtime).
Run: /usr/bin/python3 -m pytest -q models/training/test_training.py (npm test runs it through
models/training/training.test.ts).
"""

from pathlib import Path

import numpy as np
import pytest
import torch

from models.training import checkpoint, export, networks, physics, train
from models.training.faces import TrainingFaces, find_arrays


@pytest.mark.parametrize("size", [(64, 48), (61, 47)])
def test_networks_keep_the_input_size_and_ranges(size):
    x = torch.rand(2, 3, *size)
    sketch = networks.sketch_generator(4)(x)
    assert sketch.shape == (2, 1, *size)
    assert 0 <= float(sketch.min()) and float(sketch.max()) <= 1
    assert networks.naive_generator(4)(x).shape == (2, 3, *size)
    assert networks.Deartifact(3, 4)(x, x).shape == (2, 3, *size)
    assert networks.PatchCritic(4, 8)(x, sketch).dim() == 4


def test_g_has_the_papers_shape():
    g = networks.sketch_generator(16)
    assert sum(isinstance(m, networks.ResidualBlock) for m in g.modules()) == 6
    assert sum(isinstance(m, torch.nn.ConvTranspose2d) for m in g.modules()) == 2
    a = networks.Deartifact(3, 16)
    assert sum(isinstance(m, networks.ResidualBlock) for m in a.modules()) == 5


def test_sketch_loss_cannot_be_satisfied_by_a_blank_page():
    target = torch.ones(1, 1, 32, 32)
    target[..., 10:12, :] = 0  # one dark stroke
    blank = torch.ones_like(target)
    assert float(train.sketch_loss(target, target, "sketch")) == 0
    # the stroke covers 6 % of the page; weighting makes omitting it cost far more than that
    assert float(train.sketch_loss(blank, target, "sketch")) > 0.4


def write_faces(folder: Path, n: int = 6, h: int = 96, w: int = 80) -> None:
    rng = np.random.default_rng(0)
    yy, xx = np.mgrid[0:h, 0:w]
    faces = []
    for _ in range(n):
        cy, cx = rng.uniform(30, 60), rng.uniform(25, 55)
        disc = ((yy - cy) ** 2 + (xx - cx) ** 2 < 400).astype(np.float32)
        faces.append(np.stack([disc * rng.uniform(0.3, 1)] * 3, -1) * 255)
    faces = np.array(faces).round().astype(np.uint8)
    sketches = (255 - np.abs(np.gradient(faces[..., 0].astype(float), axis=2)) * 2).clip(0, 255)
    folder.mkdir(parents=True, exist_ok=True)
    np.save(folder / "faces-train.npy", faces)
    np.save(folder / "sketches-train.npy", sketches.astype(np.uint8))


def run(tmp: Path, run_dir: str, steps: int, *extra: str) -> dict:
    return train.train(train.parse([
        "--stage", "g", "--run", str(tmp / run_dir), "--minutes", "5", "--steps", str(steps),
        "--data", str(tmp / "data"), "--width", "4", "--critic-width", "4", "--batch", "2",
        "--patch", "48", "--val", "2", "--eval-minutes", "100", *extra,
    ]))


def test_validation_rows_are_never_trained_on(tmp_path):
    write_faces(tmp_path / "data")
    faces = TrainingFaces(find_arrays(tmp_path / "data"), val=2)
    rows = np.random.default_rng([1, 0]).integers(faces.val, len(faces), size=100)
    assert rows.min() >= 2
    val = faces.val_batch(seed=1)
    assert val["blurry"].shape == (2, 3, 96, 80) and val["kernel"].shape == (2, 51, 51)


def test_faces_without_sketches_train_the_grey_target_and_refuse_the_line_sketch(tmp_path):
    write_faces(tmp_path / "data")
    (tmp_path / "data" / "sketches-train.npy").unlink()  # as `data:prepare --no-sketches` leaves it
    batch = TrainingFaces(find_arrays(tmp_path / "data"), val=2).train_batch(1, 0, 2, 48)
    assert "sketch" not in batch and batch["blurry"].shape == (2, 3, 48, 48)
    assert run(tmp_path, "grey", 1)["step"] == 1
    with pytest.raises(FileNotFoundError, match="no sketches"):
        run(tmp_path, "line", 1, "--target", "sketch")


def test_a_resumed_run_equals_an_uninterrupted_one(tmp_path):
    write_faces(tmp_path / "data")
    run(tmp_path, "straight", 4)
    run(tmp_path, "resumed", 2)
    config = run(tmp_path, "resumed", 4)
    assert config["step"] == 4
    a, _ = checkpoint.load_nets(tmp_path / "straight")
    b, _ = checkpoint.load_nets(tmp_path / "resumed")
    for name in ("G", "D"):
        for (k, va), vb in zip(a[name].state_dict().items(), b[name].state_dict().values()):
            assert torch.allclose(va, vb, atol=1e-6), f"{name}.{k} differs after resuming"
    log = (tmp_path / "resumed" / "log.jsonl").read_text().splitlines()
    assert sum('"kind": "eval"' in line for line in log) == 3  # start + end of each invocation


def test_onnx_export_agrees_with_torch_at_two_sizes(tmp_path):
    torch.manual_seed(0)
    nets = {"g": networks.sketch_generator(4), "a": networks.Deartifact(3, 4),
            "naive": networks.naive_generator(4)}
    for kind, net in nets.items():
        path = tmp_path / f"{kind}.onnx"
        export.export(net, kind, path)
        assert export.verify(net, kind, path) < 1e-4
        assert export.verify(net, kind, path, (61, 47), seed=1) < 1e-4


def test_an_untrained_deartifact_net_returns_x0():
    x0, blurry = torch.rand(1, 3, 40, 36), torch.rand(1, 3, 40, 36)
    assert torch.equal(networks.Deartifact(3, 4)(x0, blurry), x0)


def test_the_kernel_loss_prefers_the_true_structure_and_reaches_g():
    faces = torch.rand(2, 3, 96, 80).cumsum(-1) / 80  # smooth ramps with edges
    kernel = torch.zeros(2, 51, 51)
    kernel[:, 25, 20:31] = 1 / 11  # horizontal motion
    blurry = torch.stack([physics.blur(f, k[20:31, 20:31]) for f, k in zip(faces, kernel)])
    sharp = physics.to_gray(faces)[:, None]
    assert float(train.kernel_loss(blurry, sharp, kernel)) < float(
        train.kernel_loss(blurry, physics.to_gray(blurry)[:, None], kernel))
    g = networks.sketch_generator(4)
    train.kernel_loss(blurry, g(blurry), kernel).backward()
    assert g.enc0[1].weight.grad.abs().sum() > 0


def test_a_residual_g_starts_as_the_blurry_grey_and_its_form_is_inherited(tmp_path):
    x = torch.rand(1, 3, 61, 47)
    g = networks.sketch_generator(4, residual=True)
    assert torch.allclose(g(x)[:, 0], physics.to_gray(x))
    write_faces(tmp_path / "data")
    run(tmp_path, "g", 1, "--g-residual")
    assert checkpoint.load_nets(tmp_path / "g")[1]["g_residual"] is True
    # stage a is told nothing: G's output form comes from the run its weights come from
    config = train.train(train.parse([
        "--stage", "a", "--run", str(tmp_path / "a"), "--init-g", str(tmp_path / "g"),
        "--minutes", "5", "--steps", "1", "--data", str(tmp_path / "data"), "--width", "4",
        "--batch", "1", "--patch", "48", "--val", "2", "--eval-minutes", "100",
    ]))
    assert config["g_residual"] is True
