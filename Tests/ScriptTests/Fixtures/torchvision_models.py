# torchvision.models.resnet18/34 as programs use them (pytorch/examples siamese_network): the
# printed model, parameter names and state-dict keys, then a forward and backward on a small input
# with weights loaded from a state_dict of deterministic values (no RNG-dependent output): the stem
# (stride-2 7x7 conv, BatchNorm2d, MaxPool2d(3, 2, padding=1)), strided residual blocks with
# downsample, AdaptiveAvgPool2d and fc, in training mode (batch statistics) and eval mode
# (running statistics), and the siamese program's surgery (new conv1, children()[:-1]).
import math
import torch
import torch.nn as nn
import torchvision


def deterministic_state(model):
    sd = {}
    for k, (name, t) in enumerate(model.state_dict().items()):
        if name.endswith("num_batches_tracked"):
            sd[name] = t.clone()
            continue
        n = t.numel()
        v = torch.sin(torch.arange(n, dtype=torch.float32) * 0.7 + k).view(t.shape)
        if name.endswith("running_var"):
            v = 1.0 + 0.5 * v.abs()
        elif t.dim() == 4:
            v = v * math.sqrt(2.0 / (t.shape[1] * t.shape[2] * t.shape[3]))
        elif t.dim() == 2:
            v = v / math.sqrt(t.shape[1])
        else:
            v = 0.1 * v + (1.0 if name.endswith("weight") else 0.0)
        sd[name] = v
    return sd


m = torchvision.models.resnet18(weights=None, num_classes=5)
print(m)
print(len(m.state_dict()), list(m.state_dict().keys())[:8])
print([n for n, _ in m.named_parameters()][-6:])
print(sum(p.numel() for p in m.parameters()))
print(type(m).__name__, type(m.layer2[0]).__name__, m.fc.in_features, m.layer2[0].downsample)
print(m.load_state_dict(deterministic_state(m)))

x = torch.sin(torch.arange(4 * 3 * 64 * 64, dtype=torch.float32).view(4, 3, 64, 64) * 0.37)
y = m(x)
print(y.shape, y.grad_fn is not None)
print(torch.round(y, decimals=3))
y.pow(2).sum().backward()
for name in ["conv1.weight", "bn1.weight", "layer1.0.conv2.weight", "layer2.0.downsample.0.weight",
             "layer4.1.bn2.bias", "fc.weight", "fc.bias"]:
    p = dict(m.named_parameters())[name]
    print(name, f"{p.grad.norm().item():.4g}")
print(torch.round(m.bn1.running_mean[:4], decimals=4), m.bn1.num_batches_tracked)
m.eval()
with torch.no_grad():
    print(torch.round(m(x) / 1000, decimals=3))  # eval output is ~1000 times larger here

r34 = torchvision.models.resnet34()
print(len(r34.layer3), len(r34.state_dict()), r34.fc)
r50 = torchvision.models.resnet50(num_classes=3)
print(r50.layer1[0])
print(len(r50.state_dict()), sum(p.numel() for p in r50.parameters()))

# the siamese program: a 1-channel stem, then everything but fc in a Sequential
net = torchvision.models.resnet18(weights=None)
net.conv1 = nn.Conv2d(1, 64, kernel_size=(7, 7), stride=(2, 2), padding=(3, 3), bias=False)
features = net.fc.in_features
body = nn.Sequential(*(list(net.children())[:-1]))
print(features, len(body), body[0])
print(body(torch.ones(2, 1, 28, 28)).shape)
print(isinstance(net, torchvision.models.ResNet), isinstance(net.layer1[0], nn.Module))
