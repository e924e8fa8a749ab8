# Loads the state dict PyTorch saved (torch_net.safetensors, by train_torch.py) into the slides' Net
# in gradstep and evaluates it on the Fashion-MNIST test set, normalised as train_torch.py does.
# Run by scripts/check-torch-interop-reverse.sh.
import torch
import torch.nn as nn
import torch.nn.functional as F

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

network = Net()
load(network, 'torch_net.safetensors')
tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.2860,), (0.3530,))])
test_loader = DataLoader(datasets.FashionMNIST(train=False, transform=tf), batch_size=1000)
r = evaluate(network, test_loader)
print("gradstep:", r)
