# Datasets, DataLoaders and transforms as "Learn the Basics" uses them: FashionMNIST with ToTensor
# and a one-hot target_transform (Lambda + scatter_), indexing a dataset, a custom Dataset class,
# next(iter(loader)), batch shapes, and labels_map lookups.
import os
import torch
from torch.utils.data import Dataset, DataLoader
from torchvision import datasets
from torchvision.transforms import ToTensor, Lambda

train_ds = datasets.FashionMNIST(
    root="data",
    train=True,
    download=True,
    transform=ToTensor(),
    target_transform=Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(0, torch.tensor(y), value=1)),
)
test_ds = datasets.FashionMNIST(root="data", train=False, download=True, transform=ToTensor())
print(len(train_ds), len(test_ds))

labels_map = {
    0: "T-Shirt", 1: "Trouser", 2: "Pullover", 3: "Dress", 4: "Coat",
    5: "Sandal", 6: "Shirt", 7: "Sneaker", 8: "Bag", 9: "Ankle Boot",
}
for i in range(3):
    img, label = test_ds[i]
    print(i, img.shape, img.dtype, labels_map[label], f"{img.mean().item():.4f}", f"{img.max().item():.4f}")

img, onehot = train_ds[0]
print(onehot, onehot.argmax().item(), labels_map[onehot.argmax().item()])
to_onehot = Lambda(lambda y: torch.zeros(10, dtype=torch.float).scatter_(dim=0, index=torch.tensor(y), value=1))
print(to_onehot(4))

test_loader = DataLoader(test_ds, batch_size=64, shuffle=False)
features, labels = next(iter(test_loader))
print(f"Feature batch shape: {features.size()}")
print(f"Labels batch shape: {labels.size()}")
first = features[0].squeeze()
print(first.shape, f"Label: {labels[0]}", labels[:10])
print(len(test_loader), sum(1 for _ in DataLoader(test_ds, batch_size=1000)))

onehot_loader = DataLoader(train_ds, batch_size=8)
xb, yb = next(iter(onehot_loader))
print(xb.shape, yb.shape, yb.dtype, yb.sum(1))


class CountingDataset(Dataset):
    """A dataset built in code: sample i is a small image with value i and label i % 3."""

    def __init__(self, n, transform=None, target_transform=None):
        self.n = n
        self.transform = transform
        self.target_transform = target_transform

    def __len__(self):
        return self.n

    def __getitem__(self, idx):
        image = torch.full((1, 2, 2), float(idx))
        label = idx % 3
        if self.transform:
            image = self.transform(image)
        if self.target_transform:
            label = self.target_transform(label)
        return image, label


ds = CountingDataset(7, transform=Lambda(lambda x: x / 10), target_transform=Lambda(lambda y: y * 100))
print(len(ds), ds[4])
for images, targets in DataLoader(ds, batch_size=3):
    print(images.shape, images.flatten(1)[:, 0], targets)
print(os.path.join("data", "FashionMNIST", "raw"))
