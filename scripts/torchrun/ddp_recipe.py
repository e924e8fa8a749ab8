"""The slides' recipe on more than one process: DistributedDataParallel on CPU (gloo).

    torchrun --nproc_per_node=2 scripts/torchrun/ddp_recipe.py [--epochs 1] [--train-size 60000]

Each process trains a replica of the slides' Net on its own share of the training set
(DistributedSampler); after every backward, DDP averages the gradients over the processes, so the
replicas stay identical and take the same SGD steps as one process with a batch of
world_size × 100. Rank 0 then tests the model on the Fashion-MNIST test set and prints the result.
Data: Debian's Fashion-MNIST (/usr/share/datasets/fashion-mnist) or $GRADSTEP_DATA, the four IDX
files read directly (.gz or not). On GPUs: backend "nccl", and model and batches .to(device).
"""
import argparse
import gzip
import os

import numpy as np
import torch
import torch.distributed as dist
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torch.nn.parallel import DistributedDataParallel as DDP
from torch.utils.data import DataLoader, TensorDataset
from torch.utils.data.distributed import DistributedSampler


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
        x = self.fc2(x)
        return x


def idx(folder, name):
    path = os.path.join(folder, name + ".gz")
    raw = gzip.open(path).read() if os.path.exists(path) else open(os.path.join(folder, name), "rb").read()
    nd = raw[3]
    dims = [int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(nd)]
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * nd).reshape(dims)


def fashion_mnist(train, size=None):
    folder = os.environ.get("GRADSTEP_DATA") or "/usr/share/datasets/fashion-mnist"
    split = "train" if train else "t10k"
    x = torch.from_numpy(idx(folder, split + "-images-idx3-ubyte").astype(np.float32) / 255.0)
    y = torch.from_numpy(idx(folder, split + "-labels-idx1-ubyte").astype(np.int64))
    if size:
        x, y = x[:size], y[:size]
    return TensorDataset(((x - 0.2860) / 0.3530).unsqueeze(1), y)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--train-size", type=int, default=None)
    ap.add_argument("--lr", type=float, default=0.01)
    args = ap.parse_args()

    dist.init_process_group("gloo")  # torchrun sets RANK, WORLD_SIZE, MASTER_ADDR, MASTER_PORT
    rank, world = dist.get_rank(), dist.get_world_size()
    torch.set_num_threads(1)
    torch.manual_seed(1)  # the same initial weights on every rank (DDP also broadcasts rank 0's)

    train_set = fashion_mnist(True, args.train_size)
    sampler = DistributedSampler(train_set, num_replicas=world, rank=rank, shuffle=True, seed=1)
    train_loader = DataLoader(train_set, batch_size=100, sampler=sampler)
    network = DDP(Net())
    optimizer = optim.SGD(network.parameters(), lr=args.lr)

    for epoch in range(args.epochs):
        sampler.set_epoch(epoch)  # a different shuffle every epoch, the same on every rank
        network.train()
        for step, (data, target) in enumerate(train_loader):
            output = network(data)
            loss = F.cross_entropy(output, target)
            optimizer.zero_grad()
            loss.backward()  # DDP averages the gradients over the ranks here
            optimizer.step()
        print("rank %d of %d: epoch %d done, %d steps of %d images, last loss %.4f"
              % (rank, world, epoch + 1, len(train_loader), 100, loss.item()), flush=True)

    # The replicas are identical: check it, then test on rank 0 only.
    flat = torch.cat([p.detach().flatten() for p in network.module.parameters()])
    gathered = [torch.zeros_like(flat) for _ in range(world)]
    dist.all_gather(gathered, flat)
    if rank == 0:
        same = all(torch.equal(gathered[0], g) for g in gathered)
        test_set = fashion_mnist(False)
        net = network.module
        net.eval()
        correct, loss_sum = 0, 0.0
        with torch.no_grad():
            for data, target in DataLoader(test_set, batch_size=1000):
                out = net(data)
                loss_sum += F.cross_entropy(out, target, reduction="sum").item()
                correct += (out.argmax(dim=1) == target).sum().item()
        n = len(test_set)
        print("replicas identical: %s" % same)
        print("Test set: Average loss: %.4f, Accuracy: %d/%d (%.0f%%)" % (loss_sum / n, correct, n, 100.0 * correct / n))
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
