# dtypes beyond float32/int64: float16, bfloat16, int8, int16, uint8 (and their promotion, printing,
# conversion and limits), compared line by line with what PyTorch prints.
import torch
import torch.functional
import torch.functional as TF

# float16: stored values are rounded to half after every op
x = torch.ones(2, 2, dtype=torch.float16)
print(x)
print(x.dtype, x.type(), x.element_size(), x.is_floating_point(), x.dtype.is_floating_point)
h = torch.tensor([0.1, 1 / 3, 1000.5, 70000.0, -2.5e-8], dtype=torch.float16)
print(h)
print(h[0].item(), h.tolist())
print(torch.tensor([1000.0], dtype=torch.float16) + 0.3)
print(torch.tensor([[0.0001, 123456.0]], dtype=torch.float16))
print(torch.tensor(2.5, dtype=torch.float16), torch.zeros(5, 3, dtype=torch.float16).shape)
print(torch.ones(2, 2).half().exp())
print(torch.tensor([1.0, 2.0], dtype=torch.float16) * 2.5)
print(torch.tensor([3.0], dtype=torch.float16) ** 2, torch.tensor([2.0], dtype=torch.float16).sqrt())
print(torch.tensor([1.0, 2.0], dtype=torch.float16).sum(), torch.tensor([1.0, 2.0], dtype=torch.float16).mean())
a = torch.arange(6, dtype=torch.float16).reshape(2, 3) / 7
print(a)
print(a @ a.t())
print(torch.softmax(a, dim=1))
print(torch.cat([a, a]).dtype, a.max(), a.argmax())
print(torch.randn(3, 3, dtype=torch.float16).dtype, torch.rand(2, dtype=torch.bfloat16).dtype)

# bfloat16
b = torch.tensor([0.1, 1 / 3, 1000.5, 3e38], dtype=torch.bfloat16)
print(b)
print(b.type(), b[0].item(), b.element_size())
print(torch.ones(3).bfloat16() / 3)

# integers wrap around
u = torch.tensor([200], dtype=torch.uint8) + 100
print(u, u.dtype, u.type())
print(torch.tensor([100, -100], dtype=torch.int8) * 2)
print(torch.tensor([300, -300], dtype=torch.int16) * 300)
print(torch.tensor([1, 2], dtype=torch.uint8) - 3, -torch.tensor([1, 2], dtype=torch.uint8))
print(torch.tensor([1, 2], dtype=torch.uint8) + 1000)
print(torch.tensor([1, 2], dtype=torch.uint8) ** 2, torch.tensor([1, 2], dtype=torch.int8) // 2)
print(torch.tensor([7, -7], dtype=torch.int8) % 3, torch.tensor([1, 2], dtype=torch.int8) == 1)
print(torch.tensor([1, 2], dtype=torch.uint8) / 3, torch.tensor([1, 2], dtype=torch.uint8) * 2.5)
print(torch.tensor([1, 2], dtype=torch.uint8).sum(), torch.tensor([1, 2], dtype=torch.int8).sum().dtype)
print(torch.tensor([250, 10], dtype=torch.uint8).max(), torch.tensor([1, 2], dtype=torch.int8).float())
print(torch.arange(5, dtype=torch.uint8), torch.zeros(2, dtype=torch.int16), torch.full((2,), 7, dtype=torch.int8))
v = torch.tensor([250, 5], dtype=torch.uint8)
v += 10
print(v)
try:
    v[0] = 300
except RuntimeError as e:
    print(e)
v[1] = 2.7
print(v)

# conversions: float -> integer truncates, then wraps
f = torch.tensor([-1.5, 300.7, 2.5, -200.0])
print(f.to(torch.uint8), f.to(torch.int8), f.byte(), f.char(), f.short())
print(f.half(), f.to(torch.float16), f.bfloat16(), f.half().float(), f.half().double())
print(f.type(torch.HalfTensor), f.type('torch.ByteTensor'), f.half().long())

# promotion
print(torch.tensor([1, 2], dtype=torch.float16) + torch.tensor([1, 2], dtype=torch.bfloat16))
print(torch.tensor([1, 2], dtype=torch.uint8) + torch.tensor([1, 2], dtype=torch.int8))
print(torch.tensor([1, 2], dtype=torch.float16) + torch.tensor(1.5))
print(torch.tensor([1, 2], dtype=torch.int16) + torch.tensor(1.5, dtype=torch.float16))
print(torch.tensor([1, 2], dtype=torch.float16) + torch.tensor([1, 2]))
dts = [torch.bool, torch.uint8, torch.int8, torch.int16, torch.int32, torch.int64,
       torch.float16, torch.bfloat16, torch.float32, torch.float64]
for d1 in dts:
    print(d1, [str(torch.promote_types(d1, d2)).replace("torch.", "") for d2 in dts])
print(torch.result_type(torch.tensor([1], dtype=torch.uint8), 2.5), torch.result_type(torch.tensor([1], dtype=torch.int8), 300))
print(torch.can_cast(torch.float32, torch.int32), torch.can_cast(torch.int64, torch.float16))
print(torch.is_floating_point(torch.ones(1).half()), torch.get_default_dtype())
print([(d.is_floating_point, d.is_signed, d.itemsize) for d in dts])

# limits
print(torch.finfo(torch.float16))
print(torch.finfo(torch.bfloat16))
print(torch.finfo())
print(torch.iinfo(torch.uint8))
print(torch.iinfo(torch.int8))
print(torch.iinfo(torch.int16))
print(torch.iinfo(torch.int64))
print(torch.finfo(torch.float16).eps, torch.finfo(torch.float32).max, torch.iinfo(torch.int16).max)
print(torch.finfo(torch.float16).tiny, torch.finfo(torch.float64).eps, torch.finfo(torch.half).bits)

# autograd through float16: gradients come back in float16
w = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float16, requires_grad=True)
y = (w * w / 3).sum()
y.backward()
print(y, w.grad)
z = torch.tensor([0.1, 0.2], requires_grad=True)
hz = z.half()
print(hz)
(hz * 3).sum().backward()
print(z.grad)

# errors as PyTorch words them
for thunk in [
    lambda: torch.ones(2, 2, dtype=torch.float16) @ torch.ones(2, 2),
    lambda: torch.finfo(torch.int8),
    lambda: torch.iinfo(torch.float16),
    lambda: torch.ones(2, dtype=torch.uint8).requires_grad_(),
]:
    try:
        thunk()
    except (RuntimeError, TypeError) as e:
        print(type(e).__name__, e)

# torch.functional (not torch.nn.functional): split, norm, unique and F
print(torch.functional.split(torch.arange(5), 2))
print(TF.norm(torch.tensor([3.0, 4.0])), TF.unique(torch.tensor([3, 1, 3])))
print(TF.F.relu(torch.tensor([-1.0, 2.0])), TF.F is torch.nn.functional)
