# float64 through the network ops: softmax/log_softmax, losses, conv2d, linear, relu, computed in
# double precision (no autograd through float64 in gradstep), compared with what PyTorch prints.
import torch
import torch.nn.functional as F



def show(*ts):
    # the dtype and every value to 10 decimals (float32 would differ from the 7th digit)
    for t in ts:
        print(t.dtype, tuple(t.shape), [round(v, 10) for v in t.flatten().tolist()])


x = torch.tensor([[0.1, 0.2, 0.7], [1.0, -2.0, 3.0]], dtype=torch.float64)
show(F.softmax(x, dim=1))
show(F.log_softmax(x, dim=0))
show(torch.softmax(x, 1).sum(1)); print(x.softmax(dim=-1).dtype, x.log_softmax(1).dtype)
t = torch.tensor([2, 0])
show(F.cross_entropy(x, t), F.cross_entropy(x, t, reduction="sum"), F.cross_entropy(x, t, reduction="none"))
print(F.cross_entropy(x, torch.tensor([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0]], dtype=torch.float64)))
show(F.nll_loss(F.log_softmax(x, dim=1), t), F.nll_loss(x, t, reduction="none"))
y = torch.tensor([[0.3, 0.1, 0.6], [0.5, -1.0, 2.0]], dtype=torch.float64)
show(F.mse_loss(x, y), F.mse_loss(x, y, reduction="sum"), F.mse_loss(x, y, reduction="none"))
show(torch.nn.MSELoss()(x, y), torch.nn.CrossEntropyLoss()(x, t))
img = torch.arange(32, dtype=torch.float64).reshape(1, 2, 4, 4) / 10
w = torch.linspace(-1, 1, 36, dtype=torch.float64).reshape(2, 2, 3, 3)
b = torch.tensor([0.5, -0.25], dtype=torch.float64)
show(F.conv2d(img, w, b))
show(F.conv2d(img, w, padding=1, stride=2))
print(F.relu(x), torch.relu(x).dtype)
print(F.linear(x, y, torch.tensor([1.0, 2.0], dtype=torch.float64)))
for thunk in [lambda: F.conv2d(img, w.float()), lambda: F.conv2d(img, w, b.float()),
              lambda: F.linear(x, y.float())]:
    try:
        thunk()
    except RuntimeError as e:
        print(type(e).__name__, e)

# creation in float64 keeps the exact values (not float32 roundings)
print(torch.linspace(-1, 1, 36, dtype=torch.float64)[:4].tolist(), torch.full((2,), 0.1, dtype=torch.float64).tolist())
