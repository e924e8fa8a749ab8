# The init_weights idiom: apply, isinstance, nn.init, reassigned parameters
import torch
import torch.nn as nn

torch.manual_seed(0)
net = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))


def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.1)
        m.bias.data.fill_(0.01)
        print("initialised", type(m).__name__, m.__class__.__name__)


net.apply(init_weights)
x = torch.ones(1, 4)
print(net(x))
print(type(net) == nn.Sequential, isinstance(net, nn.Module), isinstance(net[1], nn.ReLU))
nn.init.zeros_(net[2].bias)
nn.init.ones_(net[0].weight)
print(net(x))
layer = nn.Linear(2, 2)
layer.weight = nn.Parameter(torch.tensor([[1.0, 0.0], [0.0, 2.0]]))
layer.bias = None
print(layer(torch.tensor([[3.0, 4.0]])))
print(layer)
print([n for n, _ in layer.named_parameters()])
w = nn.Parameter(torch.zeros(2))
print(w)
for m in net.modules():
    print(type(m).__name__)
for name, child in net.named_children():
    print(name, child)
print(sum(p.numel() for p in net.parameters()))
nn.init.xavier_uniform_(net[0].weight)
nn.init.kaiming_normal_(net[2].weight, mode="fan_out", nonlinearity="relu")
print(net[0].weight.shape, net[2].weight.shape)
net.requires_grad_(False)
print(all(not p.requires_grad for p in net.parameters()))
