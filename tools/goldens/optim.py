"""Goldens for dev.nabla.optim: optimizers, lr schedulers and gradient clipping, recorded with torch 1.13.

Its own JSON (not golden.Suite): nabla-core/src/test/resources/goldens/optim.json, replayed by
nabla-core/src/test/java/dev/nabla/optim/OptimGoldenTest.java.
- "optimizers": initial params, a fixed gradient per param per step (null: p.grad = None, the param is skipped),
  groups with options in nabla's names (beta1/beta2 for torch's betas, flags as booleans), and after each step
  the params and each group's lr (an optional scheduler steps after each optimizer step).
- "schedulers": each group's lr (and momentum / beta1 when cycled) at steps 0..30.
- "clip": gradients before, the returned total norm, gradients after.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "nabla-core", "src", "test", "resources", "goldens", "optim.json")
STEPS = 10
SHAPES = [(3, 4), (5,), (2, 1, 3)]


def tensor(t):
    # shortest decimal that reads back as the same float32: keeps the file small
    return {"shape": list(t.shape), "data": [float(str(v)) for v in t.detach().reshape(-1).numpy()]}


def torch_options(kind, o):
    """nabla option names -> torch keyword arguments."""
    o = dict(o)
    if "beta1" in o or "beta2" in o:
        defaults = {"Adam": (0.9, 0.999), "AdamW": (0.9, 0.999)}[kind]
        o["betas"] = (o.pop("beta1", defaults[0]), o.pop("beta2", defaults[1]))
    for flag in ("nesterov", "amsgrad", "centered", "maximize"):
        if flag in o:
            o[flag] = bool(o[flag])
    return o


def make_scheduler(opt, spec):
    kind, a = spec["type"], spec.get("args", {})
    S = torch.optim.lr_scheduler
    if kind == "StepLR":
        return S.StepLR(opt, a["step_size"], a.get("gamma", 0.1))
    if kind == "ExponentialLR":
        return S.ExponentialLR(opt, a["gamma"])
    if kind == "CosineAnnealingLR":
        return S.CosineAnnealingLR(opt, a["T_max"], a.get("eta_min", 0))
    if kind == "LinearLR":
        return S.LinearLR(opt, **a)
    if kind == "WarmupCosineLR":
        w, t, s, eta = a["warmup_steps"], a["total_steps"], a["start_factor"], a["eta_min"]
        if s > 0:  # torch's own composition
            return S.SequentialLR(opt, [S.LinearLR(opt, start_factor=s, end_factor=1.0, total_iters=w),
                                        S.CosineAnnealingLR(opt, T_max=t - w, eta_min=eta)], milestones=[w])
        bases = [g["lr"] for g in opt.param_groups]

        def factor(base):
            def f(e):
                if e < w:
                    return s + (1 - s) * e / w
                return (eta + (base - eta) * (1 + math.cos(math.pi * (e - w) / (t - w))) / 2) / base
            return f
        return S.LambdaLR(opt, [factor(b) for b in bases])
    if kind == "OneCycleLR":
        return S.OneCycleLR(opt, **a)
    if kind == "LambdaLR":
        return S.LambdaLR(opt, [LAMBDAS[n] for n in spec["lambdas"]])
    raise ValueError(kind)


# the Java test defines the same functions under these names
LAMBDAS = {
    "pow095": lambda e: 0.95 ** e,
    "inv": lambda e: 1.0 / (1 + e),
    "warm3": lambda e: min(1.0, (e + 1) / 3.0),
}


def optimizer_case(name, kind, defaults, groups=None, skip=(), scheduler=None, seed=0, grad_scale=1.0):
    """groups: list of (param indices, options); skip: (step, param) pairs whose gradient is None."""
    g = torch.Generator().manual_seed(seed)
    params = [torch.randn(s, generator=g).requires_grad_() for s in SHAPES]
    init = [tensor(p) for p in params]
    grads = [[None if (k, i) in skip else (torch.randn(SHAPES[i], generator=g) * grad_scale) for i in range(len(SHAPES))]
             for k in range(STEPS)]
    groups = groups or [(list(range(len(SHAPES))), {})]
    cls = getattr(torch.optim, kind)
    opt = cls([dict(params=[params[i] for i in ids], **torch_options(kind, o)) for ids, o in groups],
              **torch_options(kind, defaults))
    sched = make_scheduler(opt, scheduler) if scheduler else None
    steps = []
    for k in range(STEPS):
        for i, p in enumerate(params):
            p.grad = None if grads[k][i] is None else grads[k][i].clone()
        lrs = [grp["lr"] for grp in opt.param_groups]
        opt.step()
        if sched:
            sched.step()
        steps.append({"lr": lrs, "params": [tensor(p) for p in params]})
    return {"name": name, "optimizer": kind, "defaults": defaults,
            "groups": [{"params": ids, "options": o} for ids, o in groups],
            "scheduler": scheduler, "params": init,
            "grads": [[None if t is None else tensor(t) for t in row] for row in grads], "steps": steps}


def scheduler_case(name, spec, opt_kind="SGD", lrs=(0.1, 0.05), opt_defaults=None, steps=30):
    params = [torch.zeros(2, requires_grad=True) for _ in lrs]
    cls = getattr(torch.optim, opt_kind)
    opt_defaults = dict(opt_defaults or {})
    opt = cls([{"params": [p], "lr": lr} for p, lr in zip(params, lrs)], **torch_options(opt_kind, opt_defaults))
    sched = make_scheduler(opt, spec)
    key = "betas" if "betas" in opt.defaults else "momentum" if "momentum" in opt.defaults else None

    def snapshot():
        row = {"lr": [grp["lr"] for grp in opt.param_groups]}
        if key:
            row["momentum"] = [grp[key][0] if key == "betas" else grp[key] for grp in opt.param_groups]
        return row
    rows = [snapshot()]
    for _ in range(steps):
        opt.step()  # no gradients: only keeps torch from warning about the order
        sched.step()
        rows.append(snapshot())
    return {"name": name, "scheduler": spec, "optimizer": opt_kind, "optimizer_defaults": opt_defaults,
            "group_lrs": list(lrs), "rows": rows}


def clip_case(name, kind, value, norm_type=2.0, skip=(), seed=0, scale=1.0):
    g = torch.Generator().manual_seed(seed)
    params = [torch.zeros(s, requires_grad=True) for s in SHAPES]
    before = []
    for i, p in enumerate(params):
        if i in skip:
            before.append(None)
            continue
        p.grad = torch.randn(p.shape, generator=g) * scale
        before.append(tensor(p.grad))
    if kind == "norm":
        total = float(torch.nn.utils.clip_grad_norm_(params, value, norm_type))
    else:
        torch.nn.utils.clip_grad_value_(params, value)
        total = None
    return {"name": name, "kind": kind, "value": value, "norm_type": "inf" if norm_type == math.inf else norm_type,
            "grads": before, "total_norm": total,
            "after": [None if p.grad is None else tensor(p.grad) for p in params]}


def optimizer_cases():
    two = lambda o0, o1: [([0, 2], o0), ([1], o1)]
    skip = {(0, 1), (1, 1), (4, 2), (5, 0)}
    c = optimizer_case
    return [
        c("sgd_plain", "SGD", {"lr": 0.1}),
        c("sgd_momentum", "SGD", {"lr": 0.05, "momentum": 0.9}),
        c("sgd_momentum_dampening_wd", "SGD", {"lr": 0.05, "momentum": 0.8, "dampening": 0.3, "weight_decay": 0.01}),
        c("sgd_nesterov_wd", "SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True, "weight_decay": 1e-3}),
        c("sgd_maximize_skip", "SGD", {"lr": 0.05, "momentum": 0.5, "maximize": True}, skip=skip),
        c("sgd_two_groups", "SGD", {"lr": 0.1}, groups=two({"momentum": 0.9, "nesterov": True}, {"lr": 0.01, "weight_decay": 0.1})),
        c("adam_default", "Adam", {}),
        c("adam_lr_betas_wd", "Adam", {"lr": 0.01, "beta1": 0.8, "beta2": 0.99, "weight_decay": 0.1}),
        c("adam_amsgrad_eps", "Adam", {"lr": 0.02, "amsgrad": True, "eps": 1e-3}, seed=1),
        c("adam_maximize_skip", "Adam", {"lr": 0.01, "maximize": True}, skip=skip),
        c("adam_two_groups", "Adam", {"lr": 0.01}, groups=two({"amsgrad": True, "beta1": 0.5}, {"lr": 0.001, "weight_decay": 0.5})),
        c("adam_tiny_grads", "Adam", {"lr": 0.01}, grad_scale=1e-4, seed=2),
        c("adamw_default", "AdamW", {}),
        c("adamw_wd_amsgrad", "AdamW", {"lr": 0.01, "weight_decay": 0.1, "amsgrad": True}, skip=skip),
        c("adamw_decay_groups", "AdamW", {"lr": 3e-3}, groups=two({"weight_decay": 0.1}, {"weight_decay": 0.0})),
        c("adagrad_default", "Adagrad", {}),
        c("adagrad_decay_wd_init", "Adagrad", {"lr": 0.1, "lr_decay": 0.01, "weight_decay": 0.05, "initial_accumulator_value": 0.1}),
        c("adagrad_two_groups_skip", "Adagrad", {"lr": 0.05}, groups=two({"eps": 1e-3}, {"lr": 0.5, "maximize": True}), skip=skip),
        c("rmsprop_default", "RMSprop", {}),
        c("rmsprop_centered", "RMSprop", {"lr": 0.01, "centered": True}),
        c("rmsprop_momentum", "RMSprop", {"lr": 0.01, "momentum": 0.9, "alpha": 0.9}),
        c("rmsprop_centered_momentum_wd", "RMSprop", {"lr": 0.005, "centered": True, "momentum": 0.5, "weight_decay": 0.1}, skip=skip),
        c("rmsprop_two_groups", "RMSprop", {"lr": 0.01}, groups=two({"centered": True}, {"momentum": 0.9, "maximize": True})),
        c("sgd_onecycle", "SGD", {"lr": 0.1, "momentum": 0.9},
          scheduler={"type": "OneCycleLR", "args": {"max_lr": 0.2, "total_steps": 10}}),
        c("adam_onecycle_beta1", "Adam", {"lr": 0.01},
          scheduler={"type": "OneCycleLR", "args": {"max_lr": 0.02, "total_steps": 12, "pct_start": 0.25}}),
        c("adamw_warmup_cosine", "AdamW", {"lr": 0.01, "weight_decay": 0.1},
          scheduler={"type": "WarmupCosineLR", "args": {"warmup_steps": 3, "total_steps": 10, "start_factor": 0.1, "eta_min": 1e-4}}),
    ]


def scheduler_cases():
    s = scheduler_case
    return [
        s("step", {"type": "StepLR", "args": {"step_size": 7, "gamma": 0.5}}),
        s("step_default_gamma", {"type": "StepLR", "args": {"step_size": 4}}),
        s("exponential", {"type": "ExponentialLR", "args": {"gamma": 0.9}}),
        s("cosine_restart_shape", {"type": "CosineAnnealingLR", "args": {"T_max": 10, "eta_min": 0.001}}),
        s("cosine_full", {"type": "CosineAnnealingLR", "args": {"T_max": 30}}),
        s("linear_warmup", {"type": "LinearLR", "args": {"start_factor": 0.25, "end_factor": 1.0, "total_iters": 8}}),
        s("linear_decay", {"type": "LinearLR", "args": {"start_factor": 1.0, "end_factor": 0.1, "total_iters": 20}}),
        s("linear_default", {"type": "LinearLR", "args": {}}),
        s("warmup_cosine_sequential", {"type": "WarmupCosineLR", "args": {"warmup_steps": 5, "total_steps": 30, "start_factor": 0.1, "eta_min": 1e-4}}),
        s("warmup_cosine_from_zero", {"type": "WarmupCosineLR", "args": {"warmup_steps": 4, "total_steps": 30, "start_factor": 0.0, "eta_min": 0.0}}),
        s("onecycle_sgd_momentum", {"type": "OneCycleLR", "args": {"max_lr": 0.5, "total_steps": 30}}, "SGD", opt_defaults={"momentum": 0.9}),
        s("onecycle_adam_beta1", {"type": "OneCycleLR", "args": {"max_lr": [0.01, 0.02], "total_steps": 30, "pct_start": 0.25,
                                                                  "div_factor": 10.0, "final_div_factor": 100.0}}, "Adam"),
        s("onecycle_three_phase_linear", {"type": "OneCycleLR", "args": {"max_lr": 0.3, "total_steps": 30, "three_phase": True,
                                                                         "anneal_strategy": "linear", "base_momentum": 0.8,
                                                                         "max_momentum": 0.9}}, "SGD", opt_defaults={"momentum": 0.9}),
        s("onecycle_no_momentum", {"type": "OneCycleLR", "args": {"max_lr": 0.1, "total_steps": 30, "cycle_momentum": False}}, "Adagrad"),
        s("lambda_shared", {"type": "LambdaLR", "lambdas": ["pow095", "pow095"]}),
        s("lambda_per_group", {"type": "LambdaLR", "lambdas": ["inv", "warm3"]}),
    ]


def clip_cases():
    c = clip_case
    return [
        c("norm2_clips", "norm", 1.0),
        c("norm2_no_clip", "norm", 100.0),
        c("norm1", "norm", 2.0, 1.0, seed=1),
        c("norm3", "norm", 0.5, 3.0, seed=2),
        c("norm_inf", "norm", 0.5, math.inf, seed=3),
        c("norm2_skip", "norm", 0.7, 2.0, skip=(1,), seed=4),
        c("norm2_large", "norm", 5.0, 2.0, seed=5, scale=1e3),
        c("value", "value", 0.5),
        c("value_skip", "value", 0.1, skip=(0,), seed=6),
    ]


class Family:
    def write(self):
        torch.manual_seed(0)
        doc = {"torch": torch.__version__, "optimizers": optimizer_cases(), "schedulers": scheduler_cases(), "clip": clip_cases()}
        with open(OUT, "w") as f:
            json.dump(doc, f, separators=(",", ":"))
            f.write("\n")
        print("wrote", os.path.normpath(OUT), os.path.getsize(OUT), "bytes")


def build():
    return Family()
