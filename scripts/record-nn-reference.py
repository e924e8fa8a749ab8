#!/usr/bin/env python3
"""Records PyTorch's outputs for the nn/optim engine tests (Tests/EngineTests/NNReferenceTests.swift).

Run with a Python that has torch (e.g. .torchenv/bin/python scripts/record-nn-reference.py); it
writes Tests/Fixtures/nn-torch.json. CI has no torch: the tests read the recorded file.
Inputs are fixed numbers (no RNG), so every value is reproducible.
"""
import json, math, os, sys
from collections import OrderedDict
import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_default_dtype(torch.float32)
out = {"torch_version": torch.__version__}

def vals(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]

def seq(n, scale=0.37, shift=0.0):
    # deterministic, irregular values
    return [math.sin(1.3 * i + shift) * scale + 0.05 * (i % 3) for i in range(n)]

# ---- optimizers: 3 steps with fixed gradients, two parameters ----
def run_opt(make, steps=3):
    p0 = torch.tensor(seq(6, 1.0), dtype=torch.float32).reshape(2, 3).requires_grad_()
    p1 = torch.tensor(seq(2, 0.5, 1.0), dtype=torch.float32).requires_grad_()
    opt = make([p0, p1])
    grads, after = [], []
    for s in range(steps):
        g0 = torch.tensor(seq(6, 0.8, 0.3 * s + 2), dtype=torch.float32).reshape(2, 3)
        g1 = torch.tensor(seq(2, 0.6, 0.7 * s + 5), dtype=torch.float32)
        p0.grad, p1.grad = g0.clone(), g1.clone()
        opt.step()
        grads.append([vals(g0), vals(g1)])
        after.append([vals(p0), vals(p1)])
    return {"init": [seq(6, 1.0), seq(2, 0.5, 1.0)], "grads": grads, "after": after, "repr": repr(opt)}

O = torch.optim
opts = {
    "sgd_momentum_nesterov_wd": (lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    "sgd_dampening": (lambda ps: O.SGD(ps, lr=0.05, momentum=0.5, dampening=0.3)),
    "adam_wd": (lambda ps: O.Adam(ps, lr=0.01, weight_decay=0.1)),
    "adamw": (lambda ps: O.AdamW(ps, lr=0.01)),
    "rmsprop": (lambda ps: O.RMSprop(ps, lr=0.01)),
    "rmsprop_centered_momentum_wd": (lambda ps: O.RMSprop(ps, lr=0.01, momentum=0.9, centered=True, weight_decay=0.05)),
    "adagrad_lr_decay_wd": (lambda ps: O.Adagrad(ps, lr=0.1, lr_decay=0.01, weight_decay=0.02, initial_accumulator_value=0.1)),
    "adadelta": (lambda ps: O.Adadelta(ps)),
    "adadelta_lr_wd": (lambda ps: O.Adadelta(ps, lr=0.5, rho=0.8, weight_decay=0.1)),
}
out["optimizers"] = {k: run_opt(f) for k, f in opts.items()}

# ---- schedulers: lr after each of 12 steps ----
def lrs(make, n=12, metrics=None):
    p = torch.zeros(1, requires_grad=True)
    opt = O.SGD([p], lr=0.1)
    s = make(opt)
    seqv = [opt.param_groups[0]["lr"]]
    for i in range(n):
        opt.step()
        if metrics is None:
            s.step()
        else:
            s.step(metrics[i])
        seqv.append(opt.param_groups[0]["lr"])
    return {"lrs": seqv, "last": s.get_last_lr(), "repr": repr(opt)}

LS = O.lr_scheduler
plateau_metrics = [1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8, 0.9, 0.4, 0.41]
out["schedulers"] = {
    "step": lrs(lambda o: LS.StepLR(o, step_size=3, gamma=0.5)),
    "multistep": lrs(lambda o: LS.MultiStepLR(o, milestones=[2, 5, 5, 9], gamma=0.1)),
    "exponential": lrs(lambda o: LS.ExponentialLR(o, gamma=0.9)),
    "cosine": lrs(lambda o: LS.CosineAnnealingLR(o, T_max=5, eta_min=0.001)),
    "plateau": lrs(lambda o: LS.ReduceLROnPlateau(o, patience=2, factor=0.5, cooldown=1), metrics=plateau_metrics),
}
out["plateau_metrics"] = plateau_metrics

# ---- losses: value and input gradient for each reduction ----
x = torch.tensor(seq(8, 2.0), dtype=torch.float32)
t = torch.tensor(seq(8, 1.5, 0.4), dtype=torch.float32)
tb = torch.tensor([0.0, 1.0, 1.0, 0.0, 0.3, 1.0, 0.0, 0.9])
losses = {}
for name, fn, target in [("l1", lambda a, b, r: F.l1_loss(a, b, reduction=r), t),
                         ("smooth_l1", lambda a, b, r: F.smooth_l1_loss(a, b, reduction=r), t),
                         ("smooth_l1_beta0.5", lambda a, b, r: F.smooth_l1_loss(a, b, reduction=r, beta=0.5), t),
                         ("bce_with_logits", lambda a, b, r: F.binary_cross_entropy_with_logits(a, b, reduction=r), tb)]:
    for r in ["mean", "sum", "none"]:
        a = x.clone().requires_grad_()
        b = target.clone().requires_grad_()
        y = fn(a, b, r)
        y.backward(torch.arange(1.0, 9.0) / 4 if r == "none" else None)
        losses[f"{name}/{r}"] = {"value": vals(y), "shape": list(y.shape), "grad_input": vals(a.grad), "grad_target": vals(b.grad)}
out["losses"] = {"input": vals(x), "target": vals(t), "target_binary": vals(tb), "cases": losses}

# ---- adaptive average pooling ----
xin = torch.tensor(seq(2 * 2 * 5 * 7, 1.0), dtype=torch.float32).reshape(2, 2, 5, 7)
pools = {}
for key, size in [("3x4", (3, 4)), ("Nonex2", (None, 2)), ("1", 1), ("5x7", (5, 7)), ("7x9", (7, 9))]:
    a = xin.clone().requires_grad_()
    y = F.adaptive_avg_pool2d(a, size)
    up = torch.arange(1.0, y.numel() + 1).reshape(y.shape) / 10
    y.backward(up)
    pools[key] = {"shape": list(y.shape), "value": vals(y), "grad": vals(a.grad)}
out["adaptive_avg_pool2d"] = {"input": vals(xin), "shape": list(xin.shape), "cases": pools}

# ---- batch norm ----
def bn_case(mod, shape):
    xi = torch.tensor(seq(math.prod(shape), 1.5, 0.2), dtype=torch.float32).reshape(shape).requires_grad_()
    with torch.no_grad():
        mod.weight.copy_(torch.tensor(seq(mod.num_features, 0.5, 3.0)) + 1)
        mod.bias.copy_(torch.tensor(seq(mod.num_features, 0.3, 4.0)))
    mod.train()
    y = mod(xi)
    up = torch.tensor(seq(y.numel(), 1.0, 7.0)).reshape(y.shape)
    y.backward(up)
    gw, gb = vals(mod.weight.grad), vals(mod.bias.grad)
    y2 = mod(xi.detach())   # second training step updates the running stats again
    mod.eval()
    xe = xi.detach().clone().requires_grad_()
    ye = mod(xe)
    ye.backward(up)
    return {"shape": shape, "input": vals(xi), "weight": vals(mod.weight), "bias": vals(mod.bias), "upstream": vals(up),
            "train_out": vals(y), "grad_input": vals(xi.grad), "grad_weight": gw, "grad_bias": gb,
            "running_mean": vals(mod.running_mean), "running_var": vals(mod.running_var),
            "num_batches_tracked": int(mod.num_batches_tracked), "eval_out": vals(ye), "eval_grad_input": vals(xe.grad),
            "state_dict_keys": list(mod.state_dict().keys()), "repr": repr(mod)}
out["batchnorm"] = {"2d": bn_case(nn.BatchNorm2d(3), [4, 3, 2, 2]), "1d": bn_case(nn.BatchNorm1d(5), [6, 5]),
                    "1d_3d_input": bn_case(nn.BatchNorm1d(2, momentum=0.3, eps=1e-3), [3, 2, 4])}

# ---- nn.init: gains and the bounds/std each initialiser uses ----
gains = {k: nn.init.calculate_gain(*k.split(":")) if ":" not in k else nn.init.calculate_gain(k.split(":")[0], float(k.split(":")[1]))
         for k in ["linear", "sigmoid", "tanh", "relu", "selu", "conv2d"]}
gains["leaky_relu:0.2"] = nn.init.calculate_gain("leaky_relu", 0.2)
gains["leaky_relu"] = nn.init.calculate_gain("leaky_relu")
fans = {}
for shape in [[10, 4], [6, 3, 5, 5], [7, 2, 3]]:
    fi, fo = nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
    fans["x".join(map(str, shape))] = [fi, fo]
out["init"] = {"gains": gains, "fans": fans}

# ---- reprs ----
out["reprs"] = {
    "modulelist": repr(nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU(), nn.Linear(2, 3)])),
    "sequential_named": repr(nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.ReLU()), ("drop", nn.Dropout2d(0.25))]))),
    "pools": repr(nn.Sequential(nn.AdaptiveAvgPool2d((None, 7)), nn.AdaptiveAvgPool2d(1), nn.AdaptiveAvgPool2d((2, 3)),
                                nn.Identity(), nn.LogSoftmax(dim=1))),
}

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "nn-torch.json")
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print("wrote", os.path.normpath(path))
