# Trains the slides' Net for one epoch in gradstep, prints the test accuracy, saves net.safetensors.
# Run by scripts/check-torch-interop.sh.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

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

torch.manual_seed(1)
tf = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = DataLoader(datasets.FashionMNIST(train=True, transform=tf), batch_size=100, shuffle=True)
test_loader = DataLoader(datasets.FashionMNIST(train=False, transform=tf), batch_size=100)
network = Net()
optimizer = optim.SGD(network.parameters(), lr=0.01)
fit(network, optimizer, train_loader, epochs=1)
r = evaluate(network, test_loader)
print(r)
save(network, 'net.safetensors', optimizer)
