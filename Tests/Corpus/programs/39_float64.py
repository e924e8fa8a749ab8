# float64 as PyTorch has it: double-precision arithmetic, math functions, reductions, indexing and
# joining keep float64; a float64 input meeting float32 weights in a matrix product is PyTorch's error.
import torch
lin = torch.nn.Linear(2, 1)
x = torch.tensor([[1.0, 2.0]], dtype=torch.float64)
for f in [lambda: x @ lin.weight.T, lambda: lin(x), lambda: torch.mm(x, lin.weight.T), lambda: x @ torch.ones(2, 1)]:
    try:
        print(f())
    except RuntimeError as e:
        print("RuntimeError:", e)
a = torch.tensor([0.1, 0.2, 1e-10], dtype=torch.float64)
b = torch.tensor([0.3, 0.7, 1.0], dtype=torch.float64)
print(a + b, a - b, a * b, a / b, a ** 2, (a + b).dtype)
print(a.sum(), a.mean(), torch.exp(a), torch.log(b), torch.sin(a), torch.sqrt(b))
print((a + 1).dtype, (a * 2.5), a + torch.ones(3), (a + torch.ones(3)).dtype)
print(f"{(a + b).sum().item():.17f}", f"{(b * 3).sum().item():.17f}")
print(torch.tensor(1/3, dtype=torch.float64) * 3 - 1)
print(torch.arange(5, dtype=torch.float64).pow(0.5))
print(x.double().sum(dim=1), a.max(), a.min(), a.abs(), -a, a.exp().dtype)
print(torch.tensor([1.0, 2.0], dtype=torch.float64).view(2, 1).dtype)
print((a > 0.15), a[1], a[1:].dtype, torch.cat([a, b]).dtype)
