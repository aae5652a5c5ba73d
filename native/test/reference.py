"""Independent references for native/test: numpy (float64) written from native/README.md alone,
and the training code's torch implementation (models/training/physics.py).

Usage: reference.py numpy|torch CASES.json
Each case: {"op": ..., "out": FILE, ...}; arrays are raw little-endian float32 files; the
result is written to case["out"] as float32 (kernel estimates: size, confidence, kernel...).
"""

import json
import sys

import numpy as np


def read(path, shape):
    return np.fromfile(path, dtype="<f4").astype(np.float64).reshape(shape)


# ---------------------------------------------------------------------------------------------
# numpy, straight from the README


def fast_size(n):
    m = n
    while True:
        r = m
        for p in (2, 3, 5):
            while r % p == 0:
                r //= p
        if r == 1:
            return m
        m += 1


def grads(x):
    dh = np.zeros_like(x)
    dv = np.zeros_like(x)
    dh[:, :-1] = x[:, 1:] - x[:, :-1]
    dv[:-1, :] = x[1:, :] - x[:-1, :]
    return dh, dv


def otf(k, ph, pw):
    s = k.shape[0]
    r = (s - 1) // 2
    placed = np.zeros((ph, pw))
    for a in range(s):
        for b in range(s):
            placed[(a - r) % ph, (b - r) % pw] += k[a, b]
    return np.fft.rfft2(placed)


def confidence(y, s, k):
    h, w = y.shape
    size = k.shape[0]
    r = (size - 1) // 2
    ph, pw = fast_size(h + size - 1), fast_size(w + size - 1)
    K = otf(k, ph, pw)
    i0, i1, j0, j1 = r, h - 1 - r, r, w - 1 - r
    if i1 <= i0:
        i0, i1 = 0, h
    if j1 <= j0:
        j0, j1 = 0, w
    res = en = 0.0
    for gs, gy in zip(grads(s), grads(y)):
        pred = np.fft.irfft2(np.fft.rfft2(gs, s=(ph, pw)) * K, s=(ph, pw))[:h, :w]
        res += ((pred - gy)[i0:i1, j0:j1] ** 2).sum()
        en += (gy[i0:i1, j0:j1] ** 2).sum()
    return 0.0 if en <= 0 else float(np.clip(1 - res / en, 0, 1))


def estimate(y, s, size, beta, threshold):
    h, w = y.shape
    work = size if size else min(75, min(h, w) if min(h, w) % 2 else min(h, w) - 1)
    ph, pw = fast_size(h + work - 1), fast_size(w + work - 1)
    (yh, yv), (sh, sv) = grads(y), grads(s)
    F = lambda g: np.fft.rfft2(g, s=(ph, pw))  # noqa: E731
    Yh, Yv, Sh, Sv = F(yh), F(yv), F(sh), F(sv)
    den = np.abs(Sh) ** 2 + np.abs(Sv) ** 2 + beta
    K = np.where(den > 0, (np.conj(Sh) * Yh + np.conj(Sv) * Yv) / np.where(den > 0, den, 1), 0)
    full = np.fft.irfft2(K, s=(ph, pw))
    r = (work - 1) // 2
    k = np.roll(full, (r, r), axis=(0, 1))[:work, :work]
    k = np.maximum(k, 0)
    k[k < threshold * k.max()] = 0
    out = work
    if not size:
        out = 11
        if k.sum() > 0:
            while out < work:
                o = (work - out) // 2
                if k[o : o + out, o : o + out].sum() >= 0.98 * k.sum():
                    break
                out += 2
    o = (work - out) // 2
    k = k[o : o + out, o : o + out]
    if k.sum() <= 0:
        k = np.zeros((out, out))
        k[out // 2, out // 2] = 1
        return k, 0.0
    k = k / k.sum()
    return k, confidence(y, s, k)


def sym_pad(x, top, bottom, left, right):
    return np.pad(x, ((top, bottom), (left, right)), mode="symmetric")


def taper_alpha(q, n):
    s = len(q)
    a = np.array([np.dot(q[: s - lag], q[lag:]) for lag in range(s)])
    alpha = np.ones(n)
    for i in range(n):
        lag = min(i, n - i)
        if lag < s:
            alpha[i] = 1 - a[lag] / a[0]
    return alpha


def wiener(x, k, gamma, boundary):
    h, w = x.shape
    s = k.shape[0]
    if boundary == "taper":
        ph, pw = fast_size(h + 2 * s), fast_size(w + 2 * s)
        p = sym_pad(x, s, ph - h - s, s, pw - w - s)
        K = otf(k, ph, pw)
        wgt = np.outer(taper_alpha(k.sum(1), ph), taper_alpha(k.sum(0), pw))
        for _ in range(3):
            p = wgt * p + (1 - wgt) * np.fft.irfft2(np.fft.rfft2(p) * K, s=(ph, pw))
    else:
        ph, pw, p = h, w, x
        K = otf(k, ph, pw)
    den = np.abs(K) ** 2 + gamma
    G = np.where(den > 0, np.conj(K) / np.where(den > 0, den, 1), 0)
    out = np.fft.irfft2(G * np.fft.rfft2(p), s=(ph, pw))
    return out if boundary == "none" else out[s : s + h, s : s + w]


def blur(x, k, boundary):
    h, w = x.shape
    s = k.shape[0]
    if boundary == "circular":
        return np.fft.irfft2(np.fft.rfft2(x) * otf(k, h, w), s=(h, w))
    r = (s - 1) // 2
    ph, pw = fast_size(h + 2 * r), fast_size(w + 2 * r)
    p = sym_pad(x, r, ph - h - r, r, pw - w - r)
    return np.fft.irfft2(np.fft.rfft2(p) * otf(k, ph, pw), s=(ph, pw))[r : r + h, r : r + w]


class NumpyImpl:
    estimate = staticmethod(estimate)
    confidence = staticmethod(confidence)
    wiener = staticmethod(wiener)
    blur = staticmethod(blur)


class TorchImpl:
    """The same operations through models/training/physics.py (float64)."""

    def __init__(self):
        import os

        import torch

        sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
        from models.training import physics

        self.torch, self.p = torch, physics

    def t(self, a):
        return self.torch.from_numpy(np.ascontiguousarray(a))

    def estimate(self, y, s, size, beta, threshold):
        k = self.p.estimate_kernel(self.t(y), self.t(s), size or "auto", beta, threshold)
        return k.numpy(), float(self.p.kernel_confidence(self.t(y), self.t(s), k))

    def confidence(self, y, s, k):
        return float(self.p.kernel_confidence(self.t(y), self.t(s), self.t(k)))

    def wiener(self, x, k, gamma, boundary):
        return self.p.wiener(self.t(x), self.t(k), gamma, boundary).numpy()

    def blur(self, x, k, boundary):
        return self.p.blur(self.t(x), self.t(k), boundary).numpy()


def per_channel(fn, img, channels):
    out = img.copy()
    for c in range(3 if channels == 4 else channels):
        out[:, :, c] = fn(img[:, :, c])
    return out


def run(case, impl):
    op, w, h = case["op"], case["width"], case["height"]
    if op == "fft2":
        x = read(case["input"], (h, w))
        spec = np.fft.rfft2(x)
        return np.stack([spec.real, spec.imag], -1).ravel()
    if op == "estimate":
        y, s = read(case["blurry"], (h, w)), read(case["sketch"], (h, w))
        k, conf = impl.estimate(y, s, case["kernelSize"], case["beta"], case["threshold"])
        return np.concatenate([[k.shape[0], conf], k.ravel()])
    ks = case["kernelSize"]
    k = read(case["kernel"], (ks, ks))
    if op == "confidence":
        y, s = read(case["blurry"], (h, w)), read(case["sketch"], (h, w))
        return np.array([impl.confidence(y, s, k)])
    c = case["channels"]
    img = read(case["image"], (h, w, c))
    if op == "wiener":
        fn = lambda x: impl.wiener(x, k, case["gamma"], case["boundary"])  # noqa: E731
    else:
        fn = lambda x: impl.blur(x, k, case["boundary"])  # noqa: E731
    return per_channel(fn, img, c).ravel()


def main():
    impl = TorchImpl() if sys.argv[1] == "torch" else NumpyImpl()
    with open(sys.argv[2]) as f:
        cases = json.load(f)
    for case in cases:
        np.asarray(run(case, impl), dtype="<f4").tofile(case["out"])


if __name__ == "__main__":
    main()
