# Optimizers, parameter groups, state dicts and learning-rate schedulers
import torch
from torch import nn, optim
from torch.optim import lr_scheduler

torch.manual_seed(0)
model = nn.Linear(3, 1)
with torch.no_grad():
    model.weight.copy_(torch.tensor([[0.1, -0.2, 0.3]]))
    model.bias.fill_(0.5)
x = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 2.0]])
y = torch.tensor([[1.0], [0.0]])
criterion = nn.MSELoss()

for name, make in [("SGD", lambda p: optim.SGD(p, lr=0.1, momentum=0.9)),
                   ("Adam", lambda p: optim.Adam(p, lr=0.01)),
                   ("RMSprop", lambda p: optim.RMSprop(p, lr=0.01)),
                   ("Adagrad", lambda p: optim.Adagrad(p, lr=0.1)),
                   ("AdamW", lambda p: optim.AdamW(p, lr=0.01, weight_decay=0.1))]:
    m = nn.Linear(3, 1)
    m.load_state_dict(model.state_dict())
    opt = make(m.parameters())
    for _ in range(5):
        opt.zero_grad()
        loss = criterion(m(x), y)
        loss.backward()
        opt.step()
    print(name, round(criterion(m(x), y).item(), 5))

opt = optim.SGD(model.parameters(), lr=0.1)
print(len(opt.param_groups), opt.param_groups[0]["lr"])
for g in opt.param_groups:
    g["lr"] = 0.05
print(opt.param_groups[0]["lr"])
sd = opt.state_dict()
print(sorted(sd.keys()), sd["param_groups"][0]["lr"])

opt = optim.SGD(model.parameters(), lr=1.0)
sched = lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
lrs = []
for epoch in range(6):
    opt.step()
    sched.step()
    lrs.append(sched.get_last_lr()[0])
print(lrs)
opt = optim.SGD(model.parameters(), lr=1.0)
sched = lr_scheduler.ExponentialLR(opt, gamma=0.9)
for _ in range(3):
    opt.step()
    sched.step()
print([round(v, 4) for v in sched.get_last_lr()])
opt = optim.SGD(model.parameters(), lr=1.0)
sched = lr_scheduler.MultiStepLR(opt, milestones=[1, 3], gamma=0.1)
out = []
for _ in range(4):
    opt.step()
    sched.step()
    out.append(round(opt.param_groups[0]["lr"], 6))
print(out)
