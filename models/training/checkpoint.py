"""A run's checkpoint: runs/<name>/checkpoint.pt holds the networks' and optimisers' state
dicts, the step, the elapsed training time and the run's configuration, so a run resumes
exactly and export.py rebuilds the networks without being told their shapes. Only the latest
checkpoint is kept (written to a temporary file, then renamed: a kill never leaves half a file).
"""

from __future__ import annotations

import os
from pathlib import Path

import torch
from torch import nn

from . import networks

CHECKPOINT = "checkpoint.pt"


def build_nets(stage: str, width: int, critic_width: int = 32, g_residual: bool = False) -> dict[str, nn.Module]:
    """The networks a stage trains or uses, by name: G, D, A or naive."""
    if stage == "g":
        return {"G": networks.sketch_generator(width, residual=g_residual),
                "D": networks.PatchCritic(4, critic_width)}
    if stage in ("a", "e2e"):
        return {"G": networks.sketch_generator(width, residual=g_residual), "A": networks.Deartifact(3, width)}
    if stage == "naive":
        return {"naive": networks.naive_generator(width)}
    raise ValueError(f"stage must be g, a, e2e or naive, got {stage!r}")


def save(run_dir: Path, nets: dict[str, nn.Module], optims: dict[str, torch.optim.Optimizer],
         config: dict) -> None:
    run_dir.mkdir(parents=True, exist_ok=True)
    state = {
        "config": config,
        "nets": {k: v.state_dict() for k, v in nets.items()},
        "optims": {k: v.state_dict() for k, v in optims.items()},
    }
    tmp = run_dir / (CHECKPOINT + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, run_dir / CHECKPOINT)


def load(run_dir: Path) -> dict | None:
    path = run_dir / CHECKPOINT
    return torch.load(path, map_location="cpu") if path.exists() else None


def load_nets(run_dir: Path) -> tuple[dict[str, nn.Module], dict]:
    """The networks of a run's latest checkpoint (eval mode) and its configuration."""
    state = load(run_dir)
    if state is None:
        raise FileNotFoundError(f"{run_dir / CHECKPOINT} does not exist: train that run first")
    config = state["config"]
    nets = build_nets(config["stage"], config["width"], config.get("critic_width", 32),
                      config.get("g_residual", False))
    for name, net in nets.items():
        net.load_state_dict(state["nets"][name])
        net.eval()
    return nets, config
