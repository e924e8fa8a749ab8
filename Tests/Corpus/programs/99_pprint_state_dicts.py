# pprint as tutorials use it: a model's state_dict after training (mrdbourke's workflow chapter prints
# `pprint(model_1.state_dict())`), a dict of hyper-parameters, nested lists; pformat, width, sort_dicts.
from pprint import pprint
import pprint as pp

import torch
from torch import nn


class LinearRegressionModelV2(nn.Module):
    def __init__(self):
        super().__init__()
        self.linear_layer = nn.Linear(in_features=1, out_features=1)

    def forward(self, x):
        return self.linear_layer(x)


model_1 = LinearRegressionModelV2()
with torch.no_grad():
    model_1.linear_layer.weight.fill_(0.6968)
    model_1.linear_layer.bias.fill_(0.3025)
pprint(model_1.state_dict())

net = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
with torch.no_grad():
    for i, p in enumerate(net.parameters()):
        p.copy_(torch.arange(p.numel(), dtype=torch.float32).reshape(p.shape) / (i + 2))
pprint(net.state_dict())

config = {"lr": 0.01, "epochs": 100, "batch_size": 32, "optimizer": "SGD", "layers": [784, 128, 64, 10],
          "schedule": {"step_size": 30, "gamma": 0.1}, "augment": ("flip", "crop")}
pprint(config)
pprint(config, sort_dicts=False)
pprint(config, width=40)
pprint(config, indent=4, width=50)
pprint([list(range(12)), list(range(30)), (1,), ("a" * 30, "b" * 30, "c" * 30)])
print(pp.pformat({"b": 1, "a": [1, 2, 3]}))
pprint(torch.arange(6).reshape(2, 3))
pprint({})
pprint([])
pprint(("only",))
