"""ONNX export (opset 17, dynamic height/width) of G, A and the naive baseline, checked against
torch through onnxruntime-node (models/training/ort_run.mjs), plus the speed measurement used
to pick the channel width.

  /usr/bin/python3 -m models.training.export models --g RUN --a RUN [--naive RUN]
      exports the latest checkpoints of the runs to models/{sketch_generator,deartifact,naive}.onnx,
      verifies each against torch and writes models/manifest.json (sha256, trained flag).
  /usr/bin/python3 -m models.training.export time --widths 16 24 32
      times exported G+A (untrained, same graph) on a 240x200 face, 2 threads.

ONNX contract (models/README.md; electron/core/deblur/restoreFace.ts feeds inputs by name):
  sketch_generator.onnx: blurry float32 [1,3,H,W] RGB [0,1] -> sketch [1,1,H,W] [0,1]
  deartifact.onnx:       x0 [1,3,H,W] (clamped Wiener result), blurry [1,3,H,W] -> restored [1,3,H,W]
  naive.onnx:            blurry [1,3,H,W] -> restored [1,3,H,W]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

from . import networks
from .checkpoint import load_nets

REPO = Path(__file__).resolve().parents[2]
ORT_RUN = REPO / "models" / "training" / "ort_run.mjs"
OPSET = 17
FILES = {"g": "sketch_generator.onnx", "a": "deartifact.onnx", "naive": "naive.onnx"}


class _Clamped(nn.Module):
    """Output clamped to [0, 1] inside the graph (A and naive predict x + correction)."""

    def __init__(self, net: nn.Module):
        super().__init__()
        self.net = net

    def forward(self, *inputs: torch.Tensor) -> torch.Tensor:
        return self.net(*inputs).clamp(0, 1)


def signature(kind: str) -> tuple[list[str], str]:
    """Input names and output name of one exported model (the app's contract)."""
    if kind == "g":
        return ["blurry"], "sketch"
    if kind == "a":
        return ["x0", "blurry"], "restored"
    if kind == "naive":
        return ["blurry"], "restored"
    raise ValueError(f"model kind must be g, a or naive, got {kind!r}")


def export(net: nn.Module, kind: str, path: Path) -> None:
    inputs, output = signature(kind)
    module = net if kind == "g" else _Clamped(net)
    example = tuple(torch.rand(1, 3, 240, 200) for _ in inputs)
    axes = {name: {2: "height", 3: "width"} for name in [*inputs, output]}
    torch.onnx.export(module.eval(), example, str(path), input_names=inputs, output_names=[output],
                      opset_version=OPSET, dynamic_axes=axes, do_constant_folding=True)


def run_onnx(path: Path, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Runs an ONNX model with onnxruntime-node and returns its outputs as arrays."""
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        for name, array in feeds.items():
            np.ascontiguousarray(array, np.float32).tofile(d / f"{name}.f32")
        (d / "inputs.json").write_text(json.dumps({n: list(a.shape) for n, a in feeds.items()}))
        subprocess.run(["node", str(ORT_RUN), "run", str(path), str(d)], check=True, cwd=REPO)
        shapes = json.loads((d / "outputs.json").read_text())
        return {n: np.fromfile(d / f"out-{n}.f32", np.float32).reshape(s) for n, s in shapes.items()}


def verify(net: nn.Module, kind: str, path: Path, size: tuple[int, int] = (240, 200),
           seed: int = 0) -> float:
    """Max |onnx - torch| on random inputs of `size` (a second size checks dynamic H/W)."""
    inputs, output = signature(kind)
    gen = torch.Generator().manual_seed(seed)
    feeds = {n: torch.rand(1, 3, *size, generator=gen) for n in inputs}
    module = net if kind == "g" else _Clamped(net)
    with torch.no_grad():
        expected = module.eval()(*feeds.values()).numpy()
    got = run_onnx(path, {n: t.numpy() for n, t in feeds.items()})[output]
    if got.shape != expected.shape:
        raise AssertionError(f"{path}: ONNX output {got.shape}, torch {expected.shape}")
    return float(np.abs(got - expected).max())


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def time_widths(widths: list[int], threads: int) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for w in widths:
            g, a = Path(tmp) / f"g{w}.onnx", Path(tmp) / f"a{w}.onnx"
            export(networks.sketch_generator(w), "g", g)
            export(networks.Deartifact(3, w), "a", a)
            out = subprocess.run(["node", str(ORT_RUN), "time", str(g), str(a), "--threads", str(threads)],
                                 check=True, cwd=REPO, capture_output=True, text=True).stdout
            r = json.loads(out)
            r = {"width": w, "g_params": networks.count_parameters(networks.sketch_generator(w)),
                 "a_params": networks.count_parameters(networks.Deartifact(3, w)),
                 "median_ms": round(r["medianMs"], 1), "min_ms": round(r["minMs"], 1), "threads": threads}
            print(json.dumps(r), flush=True)
            results.append(r)
    return results


def export_runs(out_dir: Path, runs: dict[str, Path], trained: bool) -> dict:
    manifest_path = out_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"files": {}}
    report = {}
    for kind, run in runs.items():
        nets, config = load_nets(run)
        net = nets["naive" if kind == "naive" else kind.upper()]
        path = out_dir / FILES[kind]
        export(net, kind, path)
        err = max(verify(net, kind, path), verify(net, kind, path, (181, 157), seed=1))
        if err > 1e-3:
            raise AssertionError(f"{path}: ONNX and torch differ by {err:.2e} (limit 1e-3)")
        report[FILES[kind]] = {"run": str(run), "step": config["step"], "max_abs_diff": err,
                               "bytes": path.stat().st_size}
        if kind != "naive":  # naive.onnx is the benchmark's baseline, not an app model
            manifest["files"][FILES[kind]] = {"sha256": sha256(path), "trained": trained}
        print(json.dumps({FILES[kind]: report[FILES[kind]]}), flush=True)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return report


def main(argv: list[str]) -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    t = sub.add_parser("time")
    t.add_argument("--widths", type=int, nargs="+", default=[16, 24, 32])
    t.add_argument("--threads", type=int, default=2)
    m = sub.add_parser("models")
    m.add_argument("--g", type=Path)
    m.add_argument("--a", type=Path)
    m.add_argument("--naive", type=Path)
    m.add_argument("--out", type=Path, default=REPO / "models")
    m.add_argument("--untrained", action="store_true", help="mark the files as not trained weights")
    args = p.parse_args(argv)
    torch.set_num_threads(1)
    if args.cmd == "time":
        time_widths(args.widths, args.threads)
    else:
        runs = {k: v for k, v in (("g", args.g), ("a", args.a), ("naive", args.naive)) if v}
        if not runs:
            p.error("name at least one run: --g, --a or --naive")
        export_runs(args.out, runs, not args.untrained)


if __name__ == "__main__":
    main(sys.argv[1:])
