import numpy as np
import pytest

from models.training.data.kernel_png import read_kernel_png, write_kernel_png
from models.training.data.kernels import (
    KERNEL_SIZES,
    benchmark_kernels,
    camera_shake_kernel,
    random_kernel_size,
)


def test_same_seed_gives_the_same_kernels_and_another_seed_does_not():
    a = [camera_shake_kernel(np.random.default_rng(7), s) for s in KERNEL_SIZES]
    b = [camera_shake_kernel(np.random.default_rng(7), s) for s in KERNEL_SIZES]
    c = [camera_shake_kernel(np.random.default_rng(8), s) for s in KERNEL_SIZES]
    for x, y, z in zip(a, b, c):
        assert np.array_equal(x, y)
        assert not np.allclose(x, z)


@pytest.mark.parametrize("seed", range(40))
def test_kernels_are_non_negative_normalised_centred_and_fit_their_size(seed):
    rng = np.random.default_rng(seed)
    size = random_kernel_size(rng)
    k = camera_shake_kernel(rng, size)
    assert k.shape == (size, size) and k.dtype == np.float32
    assert size % 2 == 1 and 21 <= size <= 51
    assert (k >= 0).all()
    assert abs(float(k.sum(dtype=np.float64)) - 1.0) < 1e-5
    # Nothing on the outer ring: the path and its bilinear footprint fit inside.
    assert k[0].sum() == 0 and k[-1].sum() == 0 and k[:, 0].sum() == 0 and k[:, -1].sum() == 0
    ys, xs = np.indices(k.shape)
    centre = (size - 1) / 2
    assert abs(float((k * xs).sum()) - centre) < 1e-3
    assert abs(float((k * ys).sum()) - centre) < 1e-3
    # It really uses its size: the path reaches at least 70% of the radius from the centre.
    rows, cols = np.nonzero(k)
    assert max(rows.ptp(), cols.ptp()) >= 0.7 * (centre - 1)


def test_even_or_tiny_sizes_are_refused():
    with pytest.raises(ValueError, match="odd"):
        camera_shake_kernel(np.random.default_rng(0), 20)
    with pytest.raises(ValueError, match="odd"):
        camera_shake_kernel(np.random.default_rng(0), 1)


def test_benchmark_set_is_two_of_each_size_and_reproducible():
    kernels = benchmark_kernels()
    assert [k.shape[0] for k in kernels] == [21, 21, 31, 31, 41, 41, 51, 51]
    assert all(np.array_equal(a, b) for a, b in zip(kernels, benchmark_kernels()))


def test_committed_benchmark_pngs_are_the_generator_output(tmp_path):
    from models.training.data.make_benchmark_kernels import BENCHMARK_DIR

    for i, kernel in enumerate(benchmark_kernels()):
        stored = read_kernel_png(BENCHMARK_DIR / f"kernel-{kernel.shape[0]}-{'ab'[i % 2]}.png")
        # 16-bit quantisation of the largest tap: relative error below 1e-4 of the peak.
        assert np.abs(stored - kernel).max() < 1e-4 * kernel.max() + 1e-7


def test_png_round_trip_and_refusals(tmp_path):
    k = camera_shake_kernel(np.random.default_rng(3), 31)
    write_kernel_png(k, tmp_path / "k.png")
    assert np.abs(read_kernel_png(tmp_path / "k.png") - k).max() < 1e-6
    with pytest.raises(ValueError, match="odd"):
        write_kernel_png(np.ones((4, 4), np.float32), tmp_path / "bad.png")
