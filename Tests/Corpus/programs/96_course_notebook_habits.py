# Habits of course notebooks turned into scripts (in the spirit of the "PyTorch fundamentals/workflow"
# chapters and the "intro to PyTorch" notebooks): checking torch.__version__, the deprecated torch.range,
# seeding through torch.random, pathlib paths for torch.save/torch.load, a '~' dataset root, legend fonts.
import os
from pathlib import Path

import matplotlib.pyplot as plt
import torch
from torch import nn
from torchvision import datasets, transforms

# the version is a str "major.minor.patch[+build]"
print(isinstance(torch.__version__, str), torch.__version__.split("+")[0].count("."))

# torch.range includes its end and makes floats (deprecated, with a warning on stderr)
print(torch.range(0, 10))
print(torch.range(1, 2, 0.25))
print(torch.range(5, 1, -2))
print(torch.range(1, 3, dtype=torch.int64))
print(torch.range(0, 10).dtype, torch.arange(0, 10).dtype)

# torch.random.manual_seed is torch.manual_seed
RANDOM_SEED = 42
torch.random.manual_seed(seed=RANDOM_SEED)
a = torch.rand(3, 4)
torch.manual_seed(RANDOM_SEED)
b = torch.rand(3, 4)
print(torch.equal(a, b), a.shape)

# a straight-line model saved and loaded through pathlib paths
weight, bias = 0.7, 0.3
X = torch.arange(0, 1, 0.02).unsqueeze(dim=1)
y = weight * X + bias


class LinearRegressionModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.weights = nn.Parameter(torch.tensor([0.25]))
        self.bias = nn.Parameter(torch.tensor([0.5]))

    def forward(self, x):
        return self.weights * x + self.bias


model_0 = LinearRegressionModel()
loss_fn = nn.L1Loss()
optimizer = torch.optim.SGD(params=model_0.parameters(), lr=0.01)
for epoch in range(100):
    model_0.train()
    loss = loss_fn(model_0(X), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if epoch % 20 == 0:
        print(f"Epoch: {epoch} | Loss: {loss:.4f}")
print(model_0.state_dict())

MODEL_PATH = Path("models")
MODEL_PATH.mkdir(parents=True, exist_ok=True)
MODEL_SAVE_PATH = MODEL_PATH / "01_pytorch_workflow_model_0.pth"
torch.save(obj=model_0.state_dict(), f=MODEL_SAVE_PATH)
loaded_model_0 = LinearRegressionModel()
loaded_model_0.load_state_dict(torch.load(f=MODEL_SAVE_PATH))
loaded_model_0.eval()
with torch.inference_mode():
    print(torch.equal(loaded_model_0(X), model_0(X)))
print(sorted(p.name for p in MODEL_PATH.iterdir()))

plt.figure(figsize=(10, 7))
plt.scatter(X, y, c="g", s=4, label="Training data")
plt.legend(prop={"size": 14})

# a dataset root under the home folder, written with '~' (torchvision expands it)
root = "~/" + os.path.relpath(os.path.abspath("data"), os.path.expanduser("~"))
testset = datasets.FashionMNIST(root, download=True, train=False, transform=transforms.ToTensor())
image, label = testset[0]
print(len(testset), image.shape, label)
