# In-place operations and what autograd says about them
import torch

a = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
b = a * 2
c = b.sigmoid()
c.mul_(2)
try:
    c.sum().backward()
except RuntimeError as e:
    print("RuntimeError:", str(e).split(";")[0][:70])

w = torch.tensor([1.0, 2.0], requires_grad=True)
try:
    w.add_(1)
except RuntimeError as e:
    print("RuntimeError:", e)

with torch.no_grad():
    w.add_(1)
print(w)
w.data.mul_(2)
print(w)
w.data -= 1
print(w, w.requires_grad)
loss = (w * w).sum()
loss.backward()
print(w.grad)
w.grad.zero_()
print(w.grad)
v = torch.zeros(3)
v.copy_(torch.tensor([1.0, 2.0, 3.0]))
v.fill_(4).sub_(1).div_(3)
print(v)
v.normal_()
v.uniform_(0, 1)
print(v.shape, bool(((v >= 0) & (v <= 1)).all()))
