# Autograd beyond backward(), as the autograd tutorial's "optional reading" and the autograd
# mechanics notes use it: Jacobian-vector products with retain_graph, gradients that accumulate and
# are zeroed, retain_grad() on intermediate tensors, hooks that see and change gradients,
# torch.autograd.grad, detach and requires_grad_, and the grad_fn of common ops.
import torch

inp = torch.eye(4, 5, requires_grad=True)
out = (inp+1).pow(2).t()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"First call\n{inp.grad}")
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nSecond call\n{inp.grad}")
inp.grad.zero_()
out.backward(torch.ones_like(out), retain_graph=True)
print(f"\nCall after zeroing gradients\n{inp.grad}")

x = torch.ones(5)  # input tensor
y = torch.zeros(3)  # expected output
w = torch.ones(5, 3, requires_grad=True) * 0.1
w.retain_grad()
b = torch.full((3,), -0.2, requires_grad=True)
z = torch.matmul(x, w)+b
loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
print(f"Gradient function for z = {type(z.grad_fn).__name__}")
print(f"Gradient function for loss = {type(loss.grad_fn).__name__}")
loss.backward()
print(w.grad)
print(b.grad)
print(w.is_leaf, w.retains_grad, b.is_leaf)

z = torch.matmul(x, w)+b
print(z.requires_grad)

with torch.no_grad():
    z = torch.matmul(x, w)+b
print(z.requires_grad)

z = torch.matmul(x, w)+b
z_det = z.detach()
print(z_det.requires_grad)

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
seen = []
h = a.register_hook(lambda g: seen.append(g.clone()))
(a * a).sum().backward()
print(a.grad, seen)
h.remove()
a.grad = None
h2 = a.register_hook(lambda g: g * 10)
(a ** 3).sum().backward()
print(a.grad)
h2.remove()

u = a * 2
u.retain_grad()
v = (u ** 2).mean()
v.backward()
print(u.grad)

p = torch.tensor(2.0, requires_grad=True)
q = torch.tensor(3.0, requires_grad=True)
r = p ** 2 * q + q
dp, dq = torch.autograd.grad(r, (p, q))
print(dp, dq, p.grad, q.grad)
(g,) = torch.autograd.grad((p * p).sum(), [p])
print(g)

t = torch.zeros(3)
t.requires_grad_()
print(t.requires_grad, t.is_leaf)
s = (t + 1).exp().sum()
s.backward()
print(t.grad)

ops = [x.sum(), x.mean(), x * 2, x + 1, x - 1, 1 - x, x / 2, x.exp(), x.log(), x.sin(), x.relu(),
       x.sigmoid(), x.tanh(), x.view(5, 1), x.reshape(1, 5), x.t() if x.dim() == 2 else x.unsqueeze(0),
       x[1:3], x[0], x.pow(2), x.max(), x.abs(), torch.cat([x, x])]
xx = torch.ones(5, requires_grad=True)
names = []
for f in [lambda x: x.sum(), lambda x: x.mean(), lambda x: x * 2, lambda x: x + 1, lambda x: x - 1,
          lambda x: 1 - x, lambda x: x / 2, lambda x: x.exp(), lambda x: x.log(), lambda x: x.sin(),
          lambda x: x.relu(), lambda x: x.sigmoid(), lambda x: x.tanh(), lambda x: x.view(5, 1),
          lambda x: x.reshape(1, 5), lambda x: x.unsqueeze(0), lambda x: x[1:3], lambda x: x[0],
          lambda x: x.pow(2), lambda x: x.max(), lambda x: x.abs(), lambda x: torch.cat([x, x]),
          lambda x: x @ torch.ones(5), lambda x: torch.ones(2, 5) @ x, lambda x: x.clamp(0, 1),
          lambda x: torch.stack([x, x]), lambda x: x.mean(dim=0), lambda x: x.sqrt(), lambda x: -x]:
    names.append(f(xx).grad_fn.name())
print(names)
