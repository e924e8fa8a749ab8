# Trains the slides' Net in PyTorch (one epoch of Fashion-MNIST, or the first --train-size images),
# saves its state dict with safetensors (torch_net.safetensors), and prints its test loss and
# accuracy. Run by scripts/check-torch-interop-reverse.sh, which loads the file into gradstep.
import argparse, gzip, os, sys
import numpy as np, torch, torch.nn as nn, torch.nn.functional as F, torch.optim as optim
from safetensors.torch import save_file


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        return self.fc2(x)


def idx(folder, name):
    p = os.path.join(folder, name + ".gz")
    raw = gzip.open(p).read() if os.path.exists(p) else open(os.path.join(folder, name), "rb").read()
    nd = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * nd).reshape(dims)


def data(train, folder):
    split = "train" if train else "t10k"
    x = torch.from_numpy(idx(folder, split + "-images-idx3-ubyte").astype(np.float32) / 255.0)
    y = torch.from_numpy(idx(folder, split + "-labels-idx1-ubyte").astype(np.int64))
    return ((x - 0.2860) / 0.3530).unsqueeze(1), y


ap = argparse.ArgumentParser()
ap.add_argument("--train-size", type=int, default=60000)
ap.add_argument("--out", default="torch_net.safetensors")
args = ap.parse_args()
folder = os.environ.get("GRADSTEP_DATA") or "/usr/share/datasets/fashion-mnist"
torch.manual_seed(1)
x, y = data(True, folder)
x, y = x[:args.train_size], y[:args.train_size]
net = Net()
opt = optim.SGD(net.parameters(), lr=0.01, momentum=0.5)
perm = torch.randperm(len(y))
net.train()
for i in range(0, len(y), 100):
    b = perm[i:i + 100]
    loss = F.cross_entropy(net(x[b]), y[b])
    opt.zero_grad(); loss.backward(); opt.step()
save_file(net.state_dict(), args.out)
tx, ty = data(False, folder)
net.eval()
with torch.no_grad():
    out = net(tx)
    loss = F.cross_entropy(out, ty).item()
    correct = (out.argmax(1) == ty).sum().item()
print("PyTorch: Average loss: %.4f, Accuracy: %d/%d (%.0f%%)" % (loss, correct, len(ty), 100.0 * correct / len(ty)))
