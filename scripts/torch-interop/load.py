# Loads a gradstep safetensors checkpoint into the slides' PyTorch Net with load_state_dict and
# evaluates it on the Fashion-MNIST test set. Run by scripts/check-torch-interop.sh.
import gzip, numpy as np, torch, torch.nn as nn, torch.nn.functional as F, sys
from safetensors.torch import load_file
class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5); self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.fc1 = nn.Linear(320, 50); self.fc2 = nn.Linear(50, 10)
    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2)); x = F.relu(F.max_pool2d(self.conv2(x), 2))
        x = x.view(-1, 320); x = F.relu(self.fc1(x)); x = F.dropout(x, training=self.training)
        return self.fc2(x)
def idx(p):
    raw = gzip.open(p).read(); nd = raw[3]
    dims = [int.from_bytes(raw[4+4*i:8+4*i], 'big') for i in range(nd)]
    return np.frombuffer(raw, np.uint8, offset=4+4*nd).reshape(dims)
d = '/usr/share/datasets/fashion-mnist/'
x = torch.from_numpy(idx(d+'t10k-images-idx3-ubyte.gz').astype(np.float32)/255.0)
x = ((x-0.1307)/0.3081).unsqueeze(1); y = torch.from_numpy(idx(d+'t10k-labels-idx1-ubyte.gz').astype(np.int64))
net = Net(); sd = load_file(sys.argv[1]); print(sorted(sd.keys()))
net.load_state_dict(sd); net.eval()
with torch.no_grad():
    out = net(x); loss = F.cross_entropy(out, y).item(); acc = (out.argmax(1) == y).float().mean().item()
print(f"PyTorch, loaded from {sys.argv[1]}: test loss {loss:.4f}, accuracy {acc*100:.2f}%")
