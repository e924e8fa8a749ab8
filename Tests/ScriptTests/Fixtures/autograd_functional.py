# torch.autograd.functional as the autograd tutorials use it: jacobian of one and several inputs and
# outputs, vjp (with and without v), jvp, a function whose output ignores its input, and the error
# for a missing v. Every value is deterministic.
import torch
from torch.autograd.functional import jacobian, vjp, jvp

def f(x):
    return x ** 2 + 3 * x
x = torch.tensor([1.0, 2.0, -1.0])
print(jacobian(f, x))
def g(a, b):
    return (a * b).sum(), a.exp() * b
a = torch.tensor([0.5, -1.0])
b = torch.tensor([2.0, 3.0])
print(jacobian(g, (a, b)))
print(jacobian(lambda m: m @ m, torch.tensor([[1.0, 2.0], [3.0, 4.0]])))
print(vjp(f, x, torch.tensor([1.0, 0.5, 2.0])))
print(vjp(lambda t: (t ** 3).sum(), x))
print(jvp(f, x, torch.tensor([1.0, 1.0, 0.0])))
print(jvp(g, (a, b), (torch.ones(2), torch.zeros(2))))
print(jacobian(lambda t: torch.ones(2), x))
print(torch.autograd.functional.jacobian(torch.tanh, torch.tensor([0.0, 1.0])))
try:
    vjp(f, x)
except RuntimeError as e:
    print("RuntimeError:", e)
