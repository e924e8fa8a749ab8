# Autograd details older tutorials print: next_functions of expressions with Python numbers on either
# side, the legacy Variable wrapper, torch.normal with its default std.
import torch
from torch.autograd import Variable
a = torch.ones(2, requires_grad=True)
b = torch.sin(a)
for y in [2 * b, 2 + b, 2 - b, b * 2, b - 2, 2 / b, b / 2, 2 ** b]:
    print(y.grad_fn.name(), [(None if f is None else f.name(), i) for f, i in y.grad_fn.next_functions])
for y in [b ** 2, b.pow(2), torch.add(b, 2), torch.mul(b, 3), b.clamp(0, 1), b + b, b.sum(), b.mean(), b.view(2, 1), b[0], b * b.detach()]:
    print(y.grad_fn.name(), [(None if f is None else f.name(), i) for f, i in y.grad_fn.next_functions])
t = torch.FloatTensor([[1, 2], [3, 4]])
v = Variable(t, requires_grad=True)
print(t.requires_grad, v.requires_grad, v is t)
out = torch.mean(v * v)
out.backward()
print(t, v.grad, out)
print(torch.normal(torch.zeros(3)).shape, torch.normal(torch.zeros(2, 2), 2.0).shape)
