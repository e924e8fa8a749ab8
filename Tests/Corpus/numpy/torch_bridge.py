# numpy <-> torch as beginner code moves data between them (float32 and int64; float64 needs .astype first here)
import numpy as np
import torch

x_np = np.array([[1.0, 2.0], [3.0, 4.0]], dtype=np.float32)
x = torch.from_numpy(x_np)
print(x, x.dtype, x.shape)
labels = torch.from_numpy(np.array([0, 2, 1]))
print(labels, labels.dtype)
t = torch.tensor([0.5, 1.5, 2.5])
a = t.numpy()
print(a, a.dtype, repr(a))
print(repr(torch.arange(4).numpy()), repr((torch.arange(3) > 0).numpy()))
print(np.array(torch.tensor([[1, 2], [3, 4]])))
print(torch.tensor(np.arange(3)), torch.tensor(x_np * 2))
w = torch.tensor([1.0, 2.0], requires_grad=True)
print(w.detach().numpy())
try:
    w.numpy()
except RuntimeError as e:
    print("RuntimeError:", e)
y = (w * 3).sum()
y.backward()
print(w.grad.numpy())
preds = torch.tensor([[0.1, 0.9], [0.8, 0.2]]).argmax(dim=1).numpy()
print(preds, (preds == np.array([1, 0])).mean())
losses = [0.9, 0.5, 0.25]
print(np.mean(losses), np.array(losses).round(2))
print(torch.tensor([np.float32(0.5), np.float32(1.5)]))
print(float(np.float64(2.5)), int(np.int64(7)), list(range(np.int64(3))))
