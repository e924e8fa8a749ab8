# Gaps the beginner corpus found (programs 41-45), each printed as PyTorch prints it: writes through
# x[0][1], Huber loss, bitwise/logical ops, predicates, unique, cross/det, torch.exp_, unsqueeze_,
# the broadcast message, and what load_state_dict returns.
import torch
import torch.nn as nn
import torch.nn.functional as F
a = torch.ones(2, 3)
a[0][1] = 5
a[1].fill_(2)
a[:, 2].zero_()
print(a)
b = torch.arange(6).reshape(2, 3)
row = b[1]
row[0] = 9
print(b)
w = torch.ones(2, 2, requires_grad=True)
try:
    w[0][1] = 3
except RuntimeError as e:
    print(e)
print(F.huber_loss(torch.tensor([0.0, 0.5, 3.0]), torch.tensor([0.2, 2.0, 3.0]), delta=0.5))
print(nn.HuberLoss(delta=2.0)(torch.tensor([0.0, 5.0]), torch.tensor([1.0, 0.0])))
print(torch.bitwise_xor(torch.tensor([1, 5, 11]), torch.tensor([2, 7, 10])), torch.tensor([12, 10]) & 6, ~torch.tensor([0, 3]))
print(torch.logical_and(torch.tensor([1.0, 0.0]), torch.tensor([2.0, 2.0])), torch.eq(torch.tensor([[1., 2.], [3., 4.]]), torch.ones(1, 2)))
print(torch.isfinite(torch.tensor([1.0, float('inf'), float('nan')])), torch.tensor([float('nan'), 1.0]).isnan())
print(torch.unique(torch.tensor([3, 1, 2, 1, 3, 3])), torch.unique(torch.tensor([2.5, 1.0, 2.5]), return_counts=True))
print(torch.linalg.cross(torch.tensor([0., 1., 0.]), torch.tensor([1., 0., 0.])), torch.det(torch.tensor([[1.5, 3.0], [4.5, -1.5]])))
x = torch.tensor([0.0, 1.0])
torch.exp_(x)
print(x)
y = torch.ones(3, 4)
y.unsqueeze_(0)
print(y.shape)
try:
    torch.ones(2, 3) * torch.ones(3, 2)
except RuntimeError as e:
    print(e)
m = nn.Linear(2, 1)
print(m.load_state_dict(m.state_dict()))
r = m.load_state_dict({'weight': torch.zeros(1, 2), 'extra': torch.ones(1)}, strict=False)
print(r.missing_keys, r.unexpected_keys)
print(r)
lin = nn.Linear(3, 2)
opt = torch.optim.SGD(lin.parameters(), lr=0.1)
lin(torch.ones(1, 3)).sum().backward()
opt.zero_grad(set_to_none=False)
print(lin.weight.grad, lin.bias.grad)
lin.zero_grad()
print(lin.weight.grad)


@torch.no_grad()
def doubled(t):
    return t * 2


print(doubled(torch.ones(2, requires_grad=True)))
print(nn.Softmax(), nn.Softmax()(torch.tensor([[1.0, 2.0], [3.0, 5.0]])))
print(nn.LogSoftmax()(torch.tensor([1.0, 2.0])))
lazy = nn.LazyLinear(2)
print(lazy)
lazy(torch.ones(4, 5))
print(lazy, lazy.weight.shape, type(lazy).__name__)
lazy2 = nn.Sequential(nn.LazyLinear(2))
lazy2.load_state_dict(nn.Sequential(nn.Linear(3, 2)).state_dict())
print(lazy2[0].weight.shape)
print(type(lin.bias), type(lin.bias.data), isinstance(lin.bias, torch.Tensor), isinstance(lin.weight, nn.Parameter))
print(nn.MaxPool2d(2)(torch.arange(16.0).reshape(1, 4, 4)))
bn = nn.BatchNorm1d(2)
print(bn(torch.tensor([[1.0, 2.0], [3.0, 5.0]], requires_grad=True)).grad_fn.name())
b = torch.ones(2, requires_grad=True)
print([type(f).__name__ if f is not None else None for f, _ in (2 * b).grad_fn.next_functions])
print([type(f).__name__ if f is not None else None for f, _ in (2 + b).grad_fn.next_functions])
hx = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
handle = hx.register_hook(lambda g: g * 2)
(hx * hx).sum().backward()
print(hx.grad)
handle.remove()
hy = hx * 3
hy.retain_grad()
hy.sum().backward()
print(hy.grad, hx.grad, hy.retains_grad)
p = torch.tensor(2.0, requires_grad=True)
q = torch.tensor(3.0, requires_grad=True)
print(torch.autograd.grad(p ** 2 * q, (p, q)), p.grad)
try:
    torch.autograd.grad(p * 2, [p, q])
except RuntimeError as e:
    print(e)
print(torch.autograd.grad(p * 2, [p, q], allow_unused=True))
