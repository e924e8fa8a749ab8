# The layers and losses beyond the slides, with deterministic weights: outputs, gradients, reprs,
# state_dict keys, train/eval behaviour, reassigned parameters.
import torch
import torch.nn as nn
import torch.nn.functional as F
from collections import OrderedDict

x = torch.arange(32.0).view(1, 2, 4, 4) / 10
print(nn.AdaptiveAvgPool2d((1, 1))(x).flatten(), F.adaptive_avg_pool2d(x, (2, 3)).shape)
d = nn.Dropout2d(0.5)
d.eval()
print(bool((d(x) == x).all()), d)
bn = nn.BatchNorm2d(2)
y = bn(x)
print(y.mean().item() < 1e-6, bn.running_mean, bn.running_var, bn.num_batches_tracked)
bn.eval()
print(bn(x)[0, 1, 0], list(bn.state_dict().keys()))
logits = torch.tensor([[1.0, 2.0, 0.5], [0.1, -1.0, 3.0]])
target = torch.tensor([1, 2])
lsm = nn.LogSoftmax(dim=1)
print(nn.NLLLoss()(lsm(logits), target), F.nll_loss(F.log_softmax(logits, dim=1), target))
print(nn.Softmax(dim=1)(logits).sum(dim=1))
p = torch.tensor([0.2, -1.5, 3.0], requires_grad=True)
t = torch.tensor([0.0, 1.0, 1.0])
loss = nn.BCEWithLogitsLoss()(p, t)
loss.backward()
print(loss, p.grad)
print(F.binary_cross_entropy(torch.sigmoid(p), t), nn.BCELoss()(torch.sigmoid(p), t))
a = torch.tensor([0.5, 2.0, -3.0])
b = torch.tensor([0.0, 0.0, 0.0])
print(F.smooth_l1_loss(a, b), nn.SmoothL1Loss(beta=0.5)(a, b), nn.L1Loss()(a, b), F.l1_loss(a, b, reduction="sum"))

layers = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)])
layers.append(nn.ReLU())
print(layers, len(layers), type(layers[3]).__name__)
seq = nn.Sequential(OrderedDict([("fc", nn.Linear(2, 2)), ("act", nn.ReLU()), ("out", nn.Identity())]))
print(seq, seq.fc.in_features, [n for n, _ in seq.named_children()])

lin = nn.Linear(2, 1)
lin.weight = nn.Parameter(torch.tensor([[2.0, -1.0]]))
lin.bias = None
print(lin, lin(torch.tensor([[1.0, 3.0]])), [tuple(q.shape) for q in lin.parameters()], list(lin.state_dict().keys()))

class Scaler(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.ones(2))
        self.register_buffer("calls", torch.zeros(1))

    def forward(self, x):
        return x * self.w

s = Scaler()
s.w = nn.Parameter(torch.tensor([3.0, 4.0]))
print(s(torch.ones(2)), [n for n, _ in s.named_parameters()], list(s.state_dict().keys()), s)
net = nn.Sequential(nn.Linear(2, 2), nn.BatchNorm1d(2), nn.Linear(2, 1))
net.requires_grad_(False)
print([q.requires_grad for q in net.parameters()], [n for n, _ in net.named_buffers()])
