# Datasets and DataLoaders: a custom Dataset, TensorDataset, random_split, batching
import torch
from torch.utils.data import Dataset, DataLoader, TensorDataset, random_split


class SquaresDataset(Dataset):
    def __init__(self, n, transform=None):
        self.n = n
        self.transform = transform

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        x = torch.tensor([float(idx)])
        y = idx * idx
        if self.transform:
            x = self.transform(x)
        return x, y


ds = SquaresDataset(10, transform=lambda t: t * 2)
print(len(ds))
print(ds[3])
loader = DataLoader(ds, batch_size=4, shuffle=False)
for xb, yb in loader:
    print(xb.shape, yb)
print(len(loader))
loader = DataLoader(ds, batch_size=4, drop_last=True, num_workers=0, pin_memory=False)
print(len(loader), sum(1 for _ in loader))

features = torch.arange(12, dtype=torch.float32).reshape(6, 2)
labels = torch.tensor([0, 1, 0, 1, 1, 0])
tds = TensorDataset(features, labels)
print(len(tds), tds[2])
for f, l in DataLoader(tds, batch_size=3):
    print(f.tolist(), l.tolist())

train_set, val_set = random_split(range(100), [80, 20], generator=torch.Generator().manual_seed(42))
print(len(train_set), len(val_set))
print(sorted(list(train_set) + list(val_set)) == list(range(100)))

batch = next(iter(DataLoader([(torch.ones(2), 1), (torch.zeros(2), 0)], batch_size=2)))
print(batch)
dict_batch = next(iter(DataLoader([{"x": torch.ones(3), "y": 1.5}, {"x": torch.zeros(3), "y": 2.5}], batch_size=2)))
print(dict_batch)
