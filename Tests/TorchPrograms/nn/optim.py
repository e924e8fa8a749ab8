# Optimizers with parameter groups, changing lr through param_groups, schedulers, state_dict.
import torch
import torch.nn as nn
import torch.optim as optim

def fresh():
    w = torch.tensor([[0.5, -1.0], [2.0, 0.25]], requires_grad=True)
    b = torch.tensor([0.1, -0.2], requires_grad=True)
    return w, b

def train(opt, w, b, steps=3):
    for s in range(steps):
        opt.zero_grad()
        loss = ((w @ torch.tensor([1.0, 2.0]) + b - torch.tensor([0.3, -0.7])) ** 2).sum()
        loss.backward()
        opt.step()
    return w, b

for name in ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta"]:
    w, b = fresh()
    cls = getattr(optim, name)
    opt = cls([w, b], lr=0.1) if name != "SGD" else cls([w, b], lr=0.1, momentum=0.9)
    train(opt, w, b)
    print(name, [round(v, 4) for v in w.flatten().tolist()], [round(v, 4) for v in b.tolist()])
    print(type(opt).__name__, isinstance(opt, optim.Optimizer) if hasattr(optim, "Optimizer") else True)

w, b = fresh()
opt = optim.SGD([{"params": [w]}, {"params": [b], "lr": 0.5}], lr=0.01, momentum=0.9)
print(opt)
print(len(opt.param_groups), opt.param_groups[0]["lr"], opt.param_groups[1]["lr"], opt.param_groups[1]["momentum"])
for g in opt.param_groups:
    g["lr"] = 0.05
train(opt, w, b, 2)
print([round(v, 4) for v in w.flatten().tolist()], [round(v, 4) for v in b.tolist()])
sd = opt.state_dict()
print(sorted(sd.keys()), list(sd["state"].keys()), sd["param_groups"][1]["params"], sd["param_groups"][0]["lr"])
print(sorted(sd["state"][0].keys()), sd["state"][0]["momentum_buffer"].shape)

w, b = fresh()
adam = optim.Adam([w, b], lr=0.01)
train(adam, w, b, 2)
sd = adam.state_dict()
print(sd["state"][1]["step"], sorted(sd["state"][1].keys()), sd["param_groups"])
w2, b2 = fresh()
adam2 = optim.Adam([w2, b2], lr=0.5)
adam2.load_state_dict(sd)
print(adam2.param_groups[0]["lr"], adam2.state_dict()["state"][0]["step"])

w, b = fresh()
opt = optim.SGD([w, b], lr=0.1)
sched = optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
lrs = []
for epoch in range(6):
    train(opt, w, b, 1)
    sched.step()
    lrs.append(sched.get_last_lr()[0])
print(lrs, sched.last_epoch)
print(opt)
for make in [lambda o: optim.lr_scheduler.MultiStepLR(o, milestones=[1, 3], gamma=0.1),
             lambda o: optim.lr_scheduler.ExponentialLR(o, gamma=0.5),
             lambda o: optim.lr_scheduler.CosineAnnealingLR(o, T_max=4)]:
    w, b = fresh()
    opt = optim.SGD([w, b], lr=0.1)
    s = make(opt)
    out = []
    for epoch in range(5):
        opt.step()
        s.step()
        out.append(round(opt.param_groups[0]["lr"], 6))
    print(type(s).__name__, out)
w, b = fresh()
opt = optim.SGD([w, b], lr=1.0)
plateau = optim.lr_scheduler.ReduceLROnPlateau(opt, patience=1, factor=0.5)
for loss in [1.0, 0.9, 0.95, 0.97, 0.5, 0.6, 0.7]:
    plateau.step(loss)
    print(opt.param_groups[0]["lr"], end=" ")
print()
