"""Trains the networks of the method in stages, on CPU or GPU, within a time budget.

  /usr/bin/python3 -m models.training.train --stage g --run models/training/runs/g --minutes 60
  /usr/bin/python3 -m models.training.train --stage a --run .../a --init-g .../g --minutes 30
  /usr/bin/python3 -m models.training.train --stage e2e --run .../e2e --init-g .../g --init-a .../a
  /usr/bin/python3 -m models.training.train --stage naive --run .../naive --minutes 60

Stages (the paper's, lr 2e-4 everywhere):
  g      G with a conditional PatchGAN critic D (WGAN-GP, Adam betas 0.5/0.999) + 10 x a sketch
         loss a blank page cannot satisfy: L1 weighted by the target's darkness
         (1 + 6 (1 - s)) plus L1 on the sketch gradients.
  a      A with G fixed: G's sketch -> eq. (9) kernel -> eq. (11) Wiener x0 (full crops, as the
         app does) -> A(x0, blurry) on patches, L1 (betas 0.9/0.999).
  e2e    G and A together through the differentiable physics, L1 on the restored face only.
  naive  the G architecture from blurry to sharp directly, L1 (the paper's ablation).

A run lives in its own folder: checkpoint.pt (latest only, resumed automatically),
log.jsonl (training losses every `--log-every` steps, held-out checks every `--eval-minutes`),
samples.png (the latest held-out grid). `--minutes` is this invocation's budget; the
checkpoint records the total time trained.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from pathlib import Path

import torch
from torch import nn

from . import checkpoint, evaluate, physics
from .data.paths import CACHE_DATA_DIR
from .faces import TrainingFaces, find_arrays

LR = 2e-4
L1_WEIGHT = 10.0
GP_WEIGHT = 10.0


def sketch_loss(pred: torch.Tensor, target: torch.Tensor, kind: str) -> torch.Tensor:
    """L1 + gradient L1. On line sketches the L1 is weighted by the target's darkness
    (1 + 6 (1 - s)), so an all-white page pays for every stroke it omits."""
    weight = 1 + 6 * (1 - target) if kind == "sketch" else 1
    l1 = (weight * (pred - target).abs()).mean()
    grads = zip(physics.gradients(pred), physics.gradients(target))
    return l1 + sum((gp - gt).abs().mean() for gp, gt in grads)


def kernel_loss(blurry: torch.Tensor, structure: torch.Tensor, kernel: torch.Tensor) -> torch.Tensor:
    """L1 between the eq. (9) kernel estimated from G's output and the true kernel (both on the
    51x51 canvas the batch's kernels are padded to): what G's output is for, taught directly."""
    estimate = physics.estimate_kernel(physics.to_gray(blurry), structure[:, 0], kernel.shape[-1])
    return (estimate - kernel).abs().sum(dim=(-2, -1)).mean()


def gradient_penalty(critic: nn.Module, cond: torch.Tensor, real: torch.Tensor,
                     fake: torch.Tensor) -> torch.Tensor:
    t = torch.rand(real.shape[0], 1, 1, 1, device=real.device)
    mix = (t * real + (1 - t) * fake).requires_grad_(True)
    score = critic(cond, mix)
    (grad,) = torch.autograd.grad(score.sum(), mix, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


class Stage:
    """One stage's networks, optimisers and training step."""

    def __init__(self, args: argparse.Namespace, device: torch.device):
        self.name = args.stage
        self.nets = checkpoint.build_nets(args.stage, args.width, args.critic_width, args.g_residual)
        for net in self.nets.values():
            net.to(device)
        self.device = device
        self.critic_steps = args.critic_steps
        self.adv_weight = args.adv_weight
        self.patch = args.patch
        self.target = args.target
        self.kernel_weight = args.kernel_weight
        betas = (0.5, 0.999) if self.name == "g" else (0.9, 0.999)
        trained = {"g": ["G", "D"], "a": ["A"], "e2e": ["G", "A"], "naive": ["naive"]}[self.name]
        self.optims = {n: torch.optim.Adam(self.nets[n].parameters(), lr=LR, betas=betas) for n in trained}

    def step(self, batch: dict[str, torch.Tensor], index: int) -> dict[str, float]:
        b = {k: v.to(self.device) for k, v in batch.items()}
        for net in self.nets.values():
            net.train()
        self.index = index
        return getattr(self, f"_step_{self.name}")(b)

    def _step_g(self, b: dict[str, torch.Tensor]) -> dict[str, float]:
        G, D = self.nets["G"], self.nets["D"]
        blurry, real = b["blurry"], evaluate.structure_target(b, self.target)
        fake = G(blurry)
        for _ in range(self.critic_steps):
            d_fake, d_real = D(blurry, fake.detach()).mean(), D(blurry, real).mean()
            gp = gradient_penalty(D, blurry, real, fake.detach())
            d_loss = d_fake - d_real + GP_WEIGHT * gp
            self.optims["D"].zero_grad(set_to_none=True)
            d_loss.backward()
            self.optims["D"].step()
        adv = -D(blurry, fake).mean()
        rec = sketch_loss(fake, real, self.target)
        g_loss = self.adv_weight * adv + L1_WEIGHT * rec
        extra = {}
        if self.kernel_weight > 0:
            kl = kernel_loss(blurry, fake, b["kernel"])
            g_loss = g_loss + self.kernel_weight * kl
            extra["g_kernel"] = float(kl)
        self.optims["G"].zero_grad(set_to_none=True)
        g_loss.backward()
        self.optims["G"].step()
        return {"g_adv": float(adv), "g_sketch": float(rec), "d_wdist": float(d_real - d_fake),
                "d_gp": float(gp), **extra}

    def _x0_patches(self, b: dict[str, torch.Tensor], grad: bool) -> tuple[torch.Tensor, ...]:
        with torch.set_grad_enabled(grad):
            sketch = self.nets["G"](b["blurry"])
            x0 = evaluate.x0_batch(b["blurry"], sketch)
        return x0, b["blurry"], b["sharp"]

    def _step_a(self, b: dict[str, torch.Tensor]) -> dict[str, float]:
        self.nets["G"].eval()
        x0, blurry, sharp = self._x0_patches(b, grad=False)
        p = self.patch
        if p:  # x0 needs the whole crop; A itself trains on a patch of it
            g = torch.Generator().manual_seed(self.index)
            y = int(torch.randint(0, x0.shape[-2] - p + 1, (1,), generator=g))
            x = int(torch.randint(0, x0.shape[-1] - p + 1, (1,), generator=g))
            x0, blurry, sharp = (t[..., y : y + p, x : x + p] for t in (x0, blurry, sharp))
        loss = (self.nets["A"](x0, blurry) - sharp).abs().mean()
        self.optims["A"].zero_grad(set_to_none=True)
        loss.backward()
        self.optims["A"].step()
        return {"a_l1": float(loss)}

    def _step_e2e(self, b: dict[str, torch.Tensor]) -> dict[str, float]:
        x0, blurry, sharp = self._x0_patches(b, grad=True)
        loss = (self.nets["A"](x0, blurry) - sharp).abs().mean()
        for o in self.optims.values():
            o.zero_grad(set_to_none=True)
        loss.backward()
        for o in self.optims.values():
            o.step()
        return {"e2e_l1": float(loss)}

    def _step_naive(self, b: dict[str, torch.Tensor]) -> dict[str, float]:
        loss = (self.nets["naive"](b["blurry"]) - b["sharp"]).abs().mean()
        self.optims["naive"].zero_grad(set_to_none=True)
        loss.backward()
        self.optims["naive"].step()
        return {"naive_l1": float(loss)}


def init_from(stage: Stage, run: Path | None, names: list[str]) -> None:
    """Copies trained networks (e.g. G from the g stage) into a fresh stage."""
    if run is None:
        return
    nets, _ = checkpoint.load_nets(run)
    for n in names:
        stage.nets[n].load_state_dict(nets[n].state_dict())


def parse(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--stage", choices=["g", "a", "e2e", "naive"], required=True)
    p.add_argument("--run", type=Path, required=True, help="run folder (resumed if it has a checkpoint)")
    p.add_argument("--minutes", type=float, required=True, help="training time budget of this invocation")
    p.add_argument("--steps", type=int, help="stop after this many steps in total (tests)")
    p.add_argument("--data", type=Path, default=CACHE_DATA_DIR)
    p.add_argument("--width", type=int, default=16)
    p.add_argument("--critic-width", type=int, default=32)
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--patch", type=int, default=128, help="square training patches (0: full crops)")
    p.add_argument("--target", choices=["gray", "sketch"], default="gray",
                   help="G's target: the sharp face in grey (gradients eq. 9 can use) or the "
                   "ground-truth line sketch (the paper's; its kernels are poor, models/README.md)")
    p.add_argument("--critic-steps", type=int, default=1)
    p.add_argument("--adv-weight", type=float, default=1.0)
    p.add_argument("--kernel-weight", type=float, default=0.0,
                   help="weight of the kernel loss on G (not in the paper; 0 = the paper's G loss)")
    p.add_argument("--g-residual", action="store_true",
                   help="G outputs the blurry grey + a correction (not in the paper; a stage a/e2e "
                   "run must match its --init-g run)")
    p.add_argument("--val", type=int, default=24, help="validation faces (first rows of the train split)")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--device", default="cpu")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--log-every", type=int, default=20)
    p.add_argument("--eval-minutes", type=float, default=5)
    p.add_argument("--checkpoint-minutes", type=float, default=5)
    p.add_argument("--init-g", type=Path, help="run whose G starts stage a / e2e")
    p.add_argument("--init-a", type=Path, help="run whose A starts stage e2e")
    return p.parse_args(argv)


def train(args: argparse.Namespace) -> dict:
    torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    torch.manual_seed(args.seed)  # initial weights
    state = checkpoint.load(args.run)
    # G's output form is not in its weights: take it from the run the weights come from.
    if state is not None:
        args.g_residual = state["config"].get("g_residual", False)
    elif args.init_g is not None:
        args.g_residual = checkpoint.load_nets(args.init_g)[1].get("g_residual", False)
    stage = Stage(args, device)
    if state is not None:
        if state["config"]["stage"] != args.stage or state["config"]["width"] != args.width:
            raise ValueError(f"{args.run} holds a {state['config']['stage']} run of width "
                             f"{state['config']['width']}, not {args.stage} width {args.width}")
        for n, net in stage.nets.items():
            net.load_state_dict(state["nets"][n])
        for n, o in stage.optims.items():
            o.load_state_dict(state["optims"][n])
        step, trained_s = state["config"]["step"], state["config"]["trained_s"]
    else:
        if args.stage in ("a", "e2e") and args.init_g is None:
            raise ValueError(f"stage {args.stage} needs --init-g RUN (a trained g stage)")
        init_from(stage, args.init_g, ["G"])
        init_from(stage, args.init_a, ["A"])
        step, trained_s = 0, 0.0

    faces = TrainingFaces(find_arrays(args.data, need_sketches=args.target == "sketch" and args.stage != "naive"), args.val)
    val = faces.val_batch(args.seed)
    args.run.mkdir(parents=True, exist_ok=True)
    log = (args.run / "log.jsonl").open("a")

    def write(record: dict) -> None:
        log.write(json.dumps(record) + "\n")
        log.flush()

    def config() -> dict:
        return {"stage": args.stage, "width": args.width, "critic_width": args.critic_width,
                "batch": args.batch, "patch": args.patch, "adv_weight": args.adv_weight,
                "kernel_weight": args.kernel_weight, "g_residual": args.g_residual,
                "critic_steps": args.critic_steps, "target": args.target, "seed": args.seed, "val": args.val,
                "train_faces": len(faces) - args.val, "step": step, "trained_s": trained_s,
                "device": str(device), "threads": args.threads}

    def check() -> None:
        metrics = evaluate.evaluate(args.stage, stage.nets, val, args.target, args.run / "samples.png")
        write({"kind": "eval", "step": step, "trained_s": round(trained_s), **metrics})
        print(json.dumps({"eval": step, **{k: round(v, 4) for k, v in metrics.items()}}), flush=True)

    if state is None:
        reference = {} if args.stage == "naive" else evaluate.sketch_reference(val, args.target)
        write({"kind": "start", "config": config(), "reference": reference})
        print(json.dumps({"reference": reference}), flush=True)
        check()

    stop = {"now": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(now=True))
    full = args.stage in ("a", "e2e")  # the physics needs the whole crop; A may still use patches
    start = last_eval = last_ckpt = time.monotonic()
    sums: dict[str, float] = {}
    since = 0
    while not stop["now"] and time.monotonic() - start < args.minutes * 60:
        if args.steps is not None and step >= args.steps:
            break
        t0 = time.monotonic()
        torch.manual_seed(args.seed * 1_000_003 + step)  # GP mixing and patches: resumable exactly
        patch = None if (full or args.patch == 0) else args.patch
        batch = faces.train_batch(args.seed, step, args.batch, patch)
        losses = stage.step(batch, step)
        step += 1
        trained_s += time.monotonic() - t0
        for k, v in losses.items():
            sums[k] = sums.get(k, 0.0) + v
        since += 1
        if step % args.log_every == 0:
            write({"kind": "train", "step": step, "trained_s": round(trained_s),
                   **{k: v / since for k, v in sums.items()}})
            sums, since = {}, 0
        now = time.monotonic()
        if now - last_eval > args.eval_minutes * 60:
            check()
            last_eval = time.monotonic()
        if now - last_ckpt > args.checkpoint_minutes * 60:
            checkpoint.save(args.run, stage.nets, stage.optims, config())
            last_ckpt = time.monotonic()
    check()
    checkpoint.save(args.run, stage.nets, stage.optims, config())
    log.close()
    return config()


if __name__ == "__main__":
    print(json.dumps(train(parse(sys.argv[1:]))), flush=True)
