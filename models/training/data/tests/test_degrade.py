import numpy as np
import torch

from models.training.data.degrade import DegradeOptions, make_sample


def _face():
    rng = np.random.default_rng(0)
    face = (rng.random((240, 200, 3)) * 255).astype(np.uint8)
    sketch = np.full((240, 200), 255, np.uint8)
    sketch[100:110, 50:150] = 0
    return face, sketch


def test_samples_are_reproducible_per_seed():
    face, sketch = _face()
    a = make_sample(face, sketch, np.random.default_rng([1, 0, 5]))
    b = make_sample(face, sketch, np.random.default_rng([1, 0, 5]))
    c = make_sample(face, sketch, np.random.default_rng([1, 1, 5]))
    for key in a:
        assert torch.equal(a[key], b[key])
    assert not torch.equal(a["blurry"], c["blurry"])


def test_sample_shapes_ranges_and_kernel():
    face, sketch = _face()
    s = make_sample(face, sketch, np.random.default_rng(3))
    assert s["sharp"].shape == (3, 240, 200) and s["blurry"].shape == (3, 240, 200)
    assert s["sketch"].shape == (1, 240, 200) and s["kernel"].shape == (51, 51)
    assert 21 <= int(s["kernel_size"]) <= 51
    assert abs(float(s["kernel"].sum()) - 1) < 1e-5 and float(s["kernel"].min()) >= 0
    for key in ("sharp", "blurry", "sketch"):
        assert 0 <= float(s[key].min()) and float(s[key].max()) <= 1


def test_blur_does_not_wrap_around():
    # A bright band at the left edge must not leak to the right edge (no circular blur).
    face = np.zeros((240, 200, 3), np.uint8)
    face[:, :20] = 255
    sketch = np.full((240, 200), 255, np.uint8)
    opts = DegradeOptions(augment=False, noise_sigma=(0.0, 0.0), jpeg_probability=0.0)
    for seed in range(5):
        s = make_sample(face, sketch, np.random.default_rng(seed), opts)
        assert float(s["blurry"][:, :, -40:].max()) < 1e-5
        assert float(s["blurry"][:, :, :5].mean()) > 0.5


def test_augmentation_moves_face_and_sketch_together():
    face, sketch = _face()
    face[...] = 255
    face[100:110, 50:150] = 0  # the same bar as the sketch's stroke
    opts = DegradeOptions(noise_sigma=(0.0, 0.0), jpeg_probability=0.0, brightness=0.0)
    s = make_sample(face, sketch, np.random.default_rng(11), opts)
    grey = s["sharp"].mean(0)
    assert torch.allclose(grey, s["sketch"][0], atol=1e-5)
