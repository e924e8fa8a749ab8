# torch.utils.data: a user Dataset class, TensorDataset, Subset of any indices, random_split,
# DataLoader over them and over a list, default collate of tensors, numbers, tuples and dicts.
import torch
from torch.utils.data import Dataset, DataLoader, TensorDataset, Subset, random_split

class Squares(Dataset):
    def __init__(self, n):
        super().__init__()
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return torch.tensor([float(i), float(i * i)]), i % 2

ds = Squares(7)
print(len(ds), ds[3], isinstance(ds, Dataset))
loader = DataLoader(ds, batch_size=3, num_workers=0, pin_memory=False)
print(len(loader))
for x, y in loader:
    print(x.shape, x[0].tolist(), y, y.dtype)
print(len(DataLoader(ds, batch_size=3, drop_last=True)), [y.tolist() for _, y in DataLoader(ds, batch_size=3, drop_last=True)])

X = torch.arange(12.0).view(6, 2)
Y = torch.tensor([0, 1, 0, 1, 1, 0])
tds = TensorDataset(X, Y)
print(len(tds), tds[2])
for xb, yb in DataLoader(tds, batch_size=4):
    print(xb.tolist(), yb.tolist())
sub = Subset(tds, [5, 0, 3])
print(len(sub), sub[0], [int(y) for _, y in sub])
a, b = random_split(tds, [4, 2], generator=torch.Generator().manual_seed(42))
print(len(a), len(b), sorted(a.indices + b.indices), type(a).__name__)
c, d = random_split(range(10), [0.7, 0.3])
print(len(c), len(d))

batch = next(iter(DataLoader([{"x": torch.ones(2), "n": 1, "name": "a"}, {"x": torch.zeros(2), "n": 2, "name": "b"}], batch_size=2)))
print(batch)
pairs = next(iter(DataLoader([(1, 2), (3, 4), (5, 6)], batch_size=3)))
print(pairs)
it = iter(DataLoader(list(range(5)), batch_size=2))
print(next(it), next(it), next(it))
print([b for b in DataLoader([10, 20, 30], batch_size=None)])
print(sum(len(yb) for _, yb in DataLoader(tds, batch_size=4, shuffle=True)))
