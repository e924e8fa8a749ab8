# The activation family of the "activation functions" tutorials: each as F.<name>, as an nn layer
# (printed), and its gradient, on fixed inputs so every number is PyTorch's.
import torch
import torch.nn as nn
import torch.nn.functional as F

x = torch.tensor([-1.5, -1.0, -0.25, 0.0, 0.5, 2.0, 7.0])
print(F.leaky_relu(x), F.leaky_relu(x, 0.2))
print(F.elu(x), F.elu(x, alpha=0.5))
print(F.selu(x))
print(F.gelu(x))
print(F.gelu(x, approximate='tanh'))
print(F.silu(x))
print(F.softplus(x), F.softplus(x, beta=2, threshold=3))
print(F.hardtanh(x), F.hardtanh(x, -2.0, 2.0), F.relu6(x))

layers = [nn.LeakyReLU(), nn.LeakyReLU(0.2, inplace=True), nn.ELU(), nn.ELU(alpha=0.5), nn.SELU(), nn.GELU(),
          nn.GELU(approximate='tanh'), nn.SiLU(), nn.Softplus(), nn.Softplus(beta=2, threshold=3), nn.Hardtanh(),
          nn.Hardtanh(-2, 2), nn.ReLU6(), nn.ReLU(inplace=True)]
for layer in layers:
    print(layer, type(layer).__name__, isinstance(layer, nn.Module))

for layer in layers:
    w = torch.tensor([-1.5, -1.0, -0.25, 0.5, 2.0, 7.0], requires_grad=True)
    y = layer(w * 1.0)
    y.sum().backward()
    print(type(layer).__name__, y.grad_fn.name(), w.grad)

model = nn.Sequential(nn.Linear(3, 4), nn.LeakyReLU(0.1), nn.Linear(4, 2), nn.GELU())
print(model)
y = torch.tensor([[1.0, -2.0, 0.5]])
z = y.clone()
h = F.relu(z)
nn.ReLU(inplace=True)(z)
print(z, h)

# softmax without dim: PyTorch's deprecated implicit choice (dim 1 for 2-D, 0 for 1-D), with a warning
x2 = torch.tensor([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]])
print(F.softmax(x2), F.log_softmax(x2), F.softmax(torch.tensor([1.0, 2.0])))
print(nn.Softmax(), nn.Softmax()(x2), nn.LogSoftmax())
