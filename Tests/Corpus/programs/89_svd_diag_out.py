# From the introyt tensors tutorial: torch.svd (printed through sign-free facts: S, reconstruction, orthonormal
# columns, |U|, |V|), torch.diag, and creation with out= (`torch.rand(2, 2, out=c)` refills c, same object).
import torch
m = torch.tensor([[3., 1.], [1., 3.]])
print(torch.svd(m).S)
for A in [torch.tensor([[1., 2., 3.], [4., 5., 6.]]), torch.tensor([[1., 2.], [3., 4.], [5., 6.]]), torch.tensor([[2., 0.], [0., 0.]])]:
    U, S, V = torch.svd(A)
    print(U.shape, S, V.shape, torch.allclose(U @ torch.diag(S) @ V.T, A, atol=1e-5), torch.allclose(U.T @ U, torch.eye(U.shape[1]), atol=1e-5), torch.allclose(V.T @ V, torch.eye(V.shape[1]), atol=1e-5))
    print(U.abs(), V.abs())
a = torch.rand(2, 2); b = torch.rand(2, 2); c = torch.zeros(2, 2)
d = torch.matmul(a, b, out=c); print(c is d)
torch.rand(2, 2, out=c); print(c.shape, (c >= 0).all().item())
r = torch.svd(torch.tensor([[3., 0.], [0., 4.]])); print(r.S, r[1], len(r), type(r).__name__)
print(torch.diag(torch.tensor([1., 2.])), torch.diag(torch.tensor([[1., 2., 3.], [4., 5., 6.]])), torch.diag(torch.tensor([1, 2])))
print(torch.diag(torch.tensor([[1., 2.], [3., 4.], [5., 6.]])))
try:
    torch.diag(torch.ones(2, 2, 2))
except RuntimeError as e:
    print(e)
old_id = id(c)
torch.zeros(2, 2, out=c)
print(c, id(c) == old_id)
