# dtypes and devices, as device-agnostic tutorial code writes them
import torch

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print(device, torch.cuda.is_available(), torch.cuda.device_count())
print(torch.backends.mps.is_available())
x = torch.ones(2, 3, device=device)
print(x.device, x.to(device).device, x.cpu().device)
print(torch.zeros(3, dtype=torch.int64), torch.ones(2, dtype=torch.long).dtype)
print(torch.arange(5, dtype=torch.float32), torch.linspace(0, 1, 3, dtype=torch.float64))
d = torch.tensor([1.5, 2.5], dtype=torch.float64)
print(d, d.dtype, d.float(), d.float().dtype)
print(torch.tensor([1, 2]).double())
print(x.to(torch.float64).dtype, x.to(dtype=torch.int32).dtype)
print(torch.tensor([1.7, -1.7]).long(), torch.tensor([0, 3]).bool())
print(torch.tensor(3.5).item(), torch.tensor([True, False]).dtype)
print(torch.float32 == torch.float, torch.int64 == torch.long)
lin = torch.nn.Linear(2, 1)
try:
    lin(torch.ones(1, 2, dtype=torch.float64))
except RuntimeError as e:
    print("RuntimeError:", e)
print(lin(torch.ones(1, 2, dtype=torch.float64).float()).shape)
from torch.autograd import Variable
v = Variable(torch.ones(2), requires_grad=True)
print(v)
