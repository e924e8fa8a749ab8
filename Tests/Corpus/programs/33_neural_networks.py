# The blitz "Neural Networks" tutorial's LeNet: conv and pooling layers, parameters, a backward with
# a given gradient, MSELoss, walking grad_fn.next_functions, a manual SGD step through .data, then
# optim.SGD. The weights are set from a formula so every printed number is reproducible.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


class Net(nn.Module):

    def __init__(self):
        super(Net, self).__init__()
        # 1 input channel, 6 output channels, 5x5 kernels
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        # y = Wx + b
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, input):
        c1 = F.relu(self.conv1(input))
        s2 = F.max_pool2d(c1, (2, 2))
        c3 = F.relu(self.conv2(s2))
        s4 = F.max_pool2d(c3, 2)
        s4 = torch.flatten(s4, 1)
        f5 = F.relu(self.fc1(s4))
        f6 = F.relu(self.fc2(f5))
        output = self.fc3(f6)
        return output


net = Net()
print(net)
params = list(net.parameters())
print(len(params))
print(params[0].size())
print([tuple(p.shape) for p in params])

with torch.no_grad():
    for i, p in enumerate(net.parameters()):
        n = p.numel()
        p.copy_((torch.sin(torch.arange(n, dtype=torch.float32) * (0.7 + i)) * 0.2).reshape(p.shape))

input = (torch.arange(32 * 32, dtype=torch.float32).reshape(1, 1, 32, 32) % 7) / 7
out = net(input)
print(out)
net.zero_grad()
out.backward(torch.linspace(-1, 1, 10).reshape(1, 10))
print(net.conv1.bias.grad)

output = net(input)
target = torch.arange(10, dtype=torch.float32) / 10
target = target.view(1, -1)
criterion = nn.MSELoss()
loss = criterion(output, target)
print(loss)
print(loss.grad_fn.name())
print(loss.grad_fn.next_functions[0][0].name())
print(loss.grad_fn.next_functions[0][0].next_functions[0][0].name())
print(loss.grad_fn.next_functions[0][0].next_functions[1][0].name())

net.zero_grad()
print('conv1.bias.grad before backward')
print(net.conv1.bias.grad)
loss.backward()
print('conv1.bias.grad after backward')
print(net.conv1.bias.grad)

learning_rate = 0.01
for f in net.parameters():
    f.data.sub_(f.grad.data * learning_rate)
print(criterion(net(input), target))

optimizer = optim.SGD(net.parameters(), lr=0.01)
for step in range(3):
    optimizer.zero_grad()
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()
    print(step, round(loss.item(), 6))
