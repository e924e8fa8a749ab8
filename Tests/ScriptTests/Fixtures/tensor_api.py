import torch
import torch.nn as nn
device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
print(device, repr(device), torch.cuda.is_available(), torch.cuda.device_count(), torch.backends.mps.is_available())
x = torch.ones(3).to(device)
print(x.device, x.to('cpu') is x, x.cpu() is x)
print(torch.zeros(3, dtype=torch.int64), torch.zeros(3, dtype=torch.float64), torch.ones(2, dtype=torch.double).sum().item())
print(x.type(), x.long().type(), x.double().type(), x.type(torch.float64))
print(torch.float, torch.long, torch.int, torch.double)
print(torch.Tensor([1, 2]), torch.Tensor(2, 3).shape, torch.FloatTensor([1, 2]), torch.LongTensor([1, 2]))
print(torch.autograd.Variable(torch.ones(2), requires_grad=True))
print(torch.tensor([0.1, 0.2], dtype=torch.float64), torch.tensor([0.1, 0.2], dtype=torch.float64).tolist())
print(torch.arange(5, dtype=torch.float32), torch.linspace(0, 1, 3, dtype=torch.float64))
print(torch.full((2,), 3), torch.full_like(x, 2), torch.zeros_like(torch.arange(3)), torch.eye(2, dtype=torch.long))
print(torch.rand(size=(1, 1, 28, 28)).shape, torch.randint(10, (3,)).dtype)
q = torch.ones(2, 2, requires_grad=True)
print((1 - q).grad_fn.name(), (q @ q).grad_fn.name(), q[0].grad_fn.name(), q.sum(0).grad_fn.name(), q.view(4).grad_fn.name())
print(torch.sin(torch.tensor([0.5])), torch.tensor([1.0, 4.0]).sqrt(), torch.tensor([-1.5, 2.5]).round())
a = torch.tensor([[1., 5.], [3., 2.]])
print(a.argmax(axis=1), a.topk(1).values, a.sort(dim=1).indices, a.cumsum(0), a.prod(), a.norm())
print(a.chunk(2), a.split(1, dim=1))
print(torch.where(a > 2, a, torch.zeros(1)), torch.maximum(a, torch.ones(1) * 2), a.clamp(min=torch.tensor([2., 3.])))
print(a[[0, 1], [1, 0]], a[range(2), torch.tensor([1, 0])], a[a > 2])
print(a.view_as(torch.zeros(4)), a.expand(2, 2, 2).shape, a.repeat(1, 2), a.new_ones(2), a.new_zeros((1, 2)))
print(torch.allclose(a, a), a.equal(a), a.numel(), a.size(1), a.dim(), a.tolist())
w = torch.tensor([1.0, 2.0], requires_grad=True)
(w * w).sum().backward()
with torch.no_grad():
    w -= 0.1 * w.grad
print(w)
w.data.sub_(1)
print(w, w._version)
y = w.sigmoid()
y.mul_(2)
try:
    y.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    x.cuda()
except (AssertionError, RuntimeError) as e:
    print("no cuda:", e)
try:
    w.add_(1)
except RuntimeError as e:
    print("RuntimeError:", e)
print(x.int(), torch.tensor([1, 2]).float(), torch.tensor([1.7, -1.7]).long())
loss = torch.tensor(0.5)
print(f"{loss}", f"{loss:.4f}", "{}".format(loss), f"{torch.tensor(7)}")
print(nn.Parameter(torch.ones(2)))
print(torch.ones(2, 3, 4).size()[1:])
h = w.detach() * 2
h.add_(1).mul_(3)
print(h, torch.dot(torch.ones(3), torch.arange(3.)), torch.mm(a, a), torch.mv(a, torch.ones(2)), torch.outer(torch.ones(2), torch.arange(3.)))
try:
    nn.Linear(3, 2)(torch.ones(4, 3, dtype=torch.float64))
except RuntimeError as e:
    print("RuntimeError:", e)
