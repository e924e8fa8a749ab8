# Subclassing built-in layers as PyTorch programs do (pytorch/examples mnist_forward_forward has
# `class Layer(nn.Linear)`): super().__init__ with the layer's arguments, inherited parameters,
# overridden forward and methods, super().forward, isinstance, state_dict keys, printing, and
# containers (Sequential, ModuleList) and LSTM as base classes. Weights are set explicitly, so every
# printed number is PyTorch's.
import torch
import torch.nn as nn

torch.manual_seed(0)

class Layer(nn.Linear):
    def __init__(self, in_features, out_features, bias=True, device=None, dtype=None):
        super().__init__(in_features, out_features, bias, device, dtype)
        self.relu = torch.nn.ReLU()
        self.threshold = 2.0

    def forward(self, x):
        return self.relu(torch.mm(x, self.weight.T) + self.bias.unsqueeze(0))

    def train(self, a, b):
        return a + b

l = Layer(3, 2)
with torch.no_grad():
    l.weight.copy_(torch.arange(6.).view(2, 3) / 10 - 0.2)
    l.bias.copy_(torch.tensor([0.1, -0.3]))
print(l)
print(isinstance(l, nn.Linear), isinstance(l, nn.Module), type(l).__name__)
print(list(l.state_dict().keys()))
print([n for n, p in l.named_parameters()])
print(l.in_features, l.out_features, l.threshold)
x = torch.tensor([[1., 2., 3.], [-1., 0., 1.]])
y = l(x)
print(y)
print(l.train(1, 2))
class Plain(nn.Linear):
    def forward(self, x):
        return super().forward(x) * 2
p = Plain(3, 2)
with torch.no_grad():
    p.weight.copy_(torch.ones(2, 3))
    p.bias.zero_()
print(p, p(x))
p.weight = nn.Parameter(torch.full((2, 3), 0.5))
print(p(x))
p.bias = None
print(p, p(x))
class NoFwd(nn.Linear):
    pass
q = NoFwd(3, 1, bias=False)
with torch.no_grad():
    q.weight.fill_(1.0)
print(q, q(x))
class MySeq(nn.Sequential):
    def __init__(self, n):
        super().__init__(nn.Linear(n, n), nn.ReLU())
        self.n = n
s = MySeq(2)
print(s, len(s), s[1])
s.append(nn.Tanh())
print(s)
print(list(s.state_dict().keys()))
class Blocks(nn.ModuleList):
    pass
b = Blocks([nn.Linear(2, 2) for _ in range(3)])
print(b, len(b))
for m in b:
    print(type(m).__name__)
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.a = Layer(3, 2)
        self.b = Plain(2, 1)
    def forward(self, x):
        return self.b(self.a(x))
n = Net()
print(n)
print(list(n.state_dict().keys()))
n.b.eval()
print(n.b.training, n.a.training, n.training)
class Conv(nn.Conv2d):
    def __init__(self):
        super(Conv, self).__init__(1, 2, kernel_size=3, padding=1, bias=False)
print(Conv(), Conv().weight.shape)
class LSTMx(nn.LSTM):
    pass
r = LSTMx(2, 3, batch_first=True)
print(r)
out, (h, c) = r(torch.zeros(1, 4, 2))
print(out.shape, h.shape)
print(isinstance(r, nn.LSTM))
# gradients and an optimizer built in __init__ from the inherited parameters
class Trained(nn.Linear):
    def __init__(self, i, o):
        super().__init__(i, o)
        self.opt = torch.optim.SGD(self.parameters(), lr=0.1)
    def step(self, x):
        loss = self(x).pow(2).mean()
        self.opt.zero_grad()
        loss.backward()
        self.opt.step()
        return loss.item()
t = Trained(3, 2).to(torch.device("cpu"))
with torch.no_grad():
    t.weight.copy_(torch.tensor([[0.1, -0.2, 0.3], [0.0, 0.5, -0.1]]))
    t.bias.copy_(torch.tensor([0.05, -0.05]))
print(type(t).__name__, round(t.step(x), 6), round(t.step(x), 6))
print(t.weight.grad)
print(t.weight)
print(nn.MaxPool2d(3, stride=2, padding=1))
pool_in = torch.arange(-12., 13.).view(1, 1, 5, 5).requires_grad_()
pooled = nn.MaxPool2d(3, 2, 1)(pool_in)
print(pooled)
pooled.sum().backward()
print(pool_in.grad)
