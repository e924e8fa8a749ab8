"""
What is a state_dict, saving a general checkpoint, warmstarting
================================================================
In the spirit of the PyTorch recipes on state_dict, checkpoints and warmstarting.
"""

import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = x.flatten(start_dim=1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

net = Net()
print(net)

optimizer = optim.SGD(net.parameters(), lr=0.001, momentum=0.9)

# Print model's state_dict
print("Model's state_dict:")
for param_tensor in net.state_dict():
    print(param_tensor, "\t", net.state_dict()[param_tensor].size())

print()

# Print optimizer's state_dict
print("Optimizer's state_dict:")
for var_name in optimizer.state_dict():
    print(var_name, "\t", optimizer.state_dict()[var_name])

print(optimizer.state_dict()['param_groups'][0]['lr'], optimizer.state_dict()['param_groups'][0]['momentum'])
print(optimizer.state_dict()['param_groups'][0]['params'])

# one training step so the optimizer has state
inputs = torch.ones(4, 3, 32, 32) * 0.5
labels = torch.tensor([1, 0, 4, 9])
criterion = nn.CrossEntropyLoss()
optimizer.zero_grad()
loss = criterion(net(inputs), labels)
loss.backward()
optimizer.step()
print(len(optimizer.state_dict()['state']))
print(sorted(optimizer.state_dict()['state'][0].keys()))

# Saving a general checkpoint
EPOCH = 5
PATH = "model.pt"
LOSS = 0.4

torch.save({
            'epoch': EPOCH,
            'model_state_dict': net.state_dict(),
            'optimizer_state_dict': optimizer.state_dict(),
            'loss': LOSS,
            }, PATH)

model = Net()
optimizer2 = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)

checkpoint = torch.load(PATH, weights_only=True)
model.load_state_dict(checkpoint['model_state_dict'])
optimizer2.load_state_dict(checkpoint['optimizer_state_dict'])
epoch = checkpoint['epoch']
loss = checkpoint['loss']
print(epoch, loss)

model.eval()
with torch.no_grad():
    same = torch.equal(model(inputs), net(inputs))
print("same outputs after loading:", same)
print(torch.allclose(model.fc3.weight, net.fc3.weight))

# - or -
model.train()

# Saving multiple models in one file
netA = Net()
netB = Net()
optimizerA = optim.SGD(netA.parameters(), lr=0.001, momentum=0.9)
optimizerB = optim.SGD(netB.parameters(), lr=0.001, momentum=0.9)
torch.save({
            'modelA_state_dict': netA.state_dict(),
            'modelB_state_dict': netB.state_dict(),
            'optimizerA_state_dict': optimizerA.state_dict(),
            'optimizerB_state_dict': optimizerB.state_dict(),
            }, "multi.pt")
loaded = torch.load("multi.pt")
print(sorted(loaded.keys()))
modelA = Net()
modelA.load_state_dict(loaded['modelA_state_dict'])
print(torch.equal(modelA.conv1.weight, netA.conv1.weight))

# Warmstarting: load a state_dict into a model with different keys
class NetB(nn.Module):
    def __init__(self):
        super(NetB, self).__init__()
        self.conv1 = nn.Conv2d(3, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.head = nn.Linear(120, 2)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        return self.head(F.relu(self.fc1(x)))

torch.save(netA.state_dict(), PATH)
netB = NetB()
result = netB.load_state_dict(torch.load(PATH), strict=False)
print(result.missing_keys)
print(result.unexpected_keys)
print(torch.equal(netB.conv2.bias, netA.conv2.bias))
print(netB(inputs).shape)
