# torch.save / torch.load of tensors, state dicts and dicts of them (files in the working folder).
import torch
import torch.nn as nn
import torch.optim as optim

model = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
for p in model.parameters():
    nn.init.constant_(p, 0.25)
opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
model(torch.ones(4, 3)).sum().backward()
opt.step()

torch.save(torch.tensor([1.5, -2.0]), "t.pt")
print(torch.load("t.pt"))
torch.save(model.state_dict(), "model.pt")
sd = torch.load("model.pt", weights_only=True)
print(list(sd.keys()))
print(sd["0.weight"])
ckpt = {"epoch": 5, "loss": 0.125, "name": "run-1", "best": None, "model": model.state_dict(),
        "optimizer": opt.state_dict(), "history": [0.5, 0.25], "shape": (2, 3), "ids": torch.tensor([1, 2, 3])}
torch.save(ckpt, "ckpt.pt")
back = torch.load("ckpt.pt", map_location="cpu")
print(back["epoch"], back["loss"], back["name"], back["best"], back["history"], back["shape"])
print(back["ids"], back["ids"].dtype)
print(back["optimizer"]["param_groups"][0]["lr"], back["optimizer"]["param_groups"][0]["momentum"], list(back["optimizer"]["state"].keys()))
model2 = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.Linear(2, 1))
model2.load_state_dict(back["model"])
print(model2(torch.ones(1, 3)))
opt2 = optim.SGD(model2.parameters(), lr=0.5, momentum=0.9)
opt2.load_state_dict(back["optimizer"])
print(opt2.param_groups[0]["lr"], opt2.state_dict()["state"][0]["momentum_buffer"])
