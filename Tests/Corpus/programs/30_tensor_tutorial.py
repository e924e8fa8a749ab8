# Tensors as the blitz and "Learn the Basics" tensor tutorials show them: creation from data, from
# numpy and from other tensors, attributes, numpy-like indexing, joining, out= arithmetic, in place,
# and the numpy bridge (shared memory both ways). Random values are only looked at through shapes.
import torch
import numpy as np

rows = [[5, 6], [7, 8]]
t_data = torch.tensor(rows)
arr = np.array(rows)
t_np = torch.from_numpy(arr)
print(t_data, t_np, t_np.dtype)

t_ones = torch.ones_like(t_data)
print(f"Ones like: \n {t_ones} \n")
t_rand = torch.rand_like(t_data, dtype=torch.float)
print(f"Random like: {t_rand.shape} {t_rand.dtype} {bool(((t_rand >= 0) & (t_rand < 1)).all())}\n")

shape = (3, 2,)
print(torch.rand(shape).shape, torch.ones(shape), torch.zeros(shape), sep="\n")

t = torch.rand(2, 5)
print(f"Shape of tensor: {t.shape}")
print(f"Datatype of tensor: {t.dtype}")
print(f"Device tensor is stored on: {t.device}")
if torch.cuda.is_available():
    t = t.to("cuda")

m = torch.arange(1, 17, dtype=torch.float32).reshape(4, 4)
print("First row:", m[0])
print("First column:", m[:, 0])
print("Last column:", m[..., -1])
m[:, 2] = 0
print(m)
print(torch.cat([m, m], dim=1).shape, torch.cat([m, m]).shape, torch.stack([m, m]).shape)

p1 = m @ m.T
p2 = m.matmul(m.T)
p3 = torch.zeros_like(m)
torch.matmul(m, m.T, out=p3)
print(p1, torch.equal(p1, p2), torch.equal(p1, p3))
e1 = m * m
e2 = m.mul(m)
e3 = torch.empty(4, 4)
r = torch.mul(m, m, out=e3)
print(torch.equal(e1, e2), torch.equal(e1, e3), r is e3)
s = torch.empty(0)
torch.add(m, 1, out=s)
print(s.shape, s[0])

total = m.sum()
v = total.item()
print(v, type(v))
print(m, "\n")
m.add_(10)
print(m)

x = torch.ones(2, 3)
y = x.new_ones(3, 2, dtype=torch.float64)
print(y)
z = torch.randn_like(x, dtype=torch.float)
print(z.size(), x.size()[0], len(x.size()))
res = torch.empty(2, 3)
torch.add(x, x, out=res)
print(res)
x2 = x.clone()
x2.add_(x)
print(x2, x2[:, 1])
big = torch.arange(16.0)
print(big.view(16).shape, big.view(-1, 8).shape, big.view(2, -1, 2).shape)
print(torch.tensor([2.5]).item())

a = torch.ones(4)
b = a.numpy()
a.add_(2)
print(a, b)
b[0] = 7
print(a)
c = np.zeros(3)
d = torch.from_numpy(c)
np.add(c, 2, out=c)
print(c, d)
d.mul_(3)
print(c)
