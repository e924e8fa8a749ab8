# Building models with PyTorch ("introyt" series): nn.Module subclasses, listing parameters, the
# common layer types (Linear, Conv2d, MaxPool2d, BatchNorm1d, Dropout) and what they do to shapes and
# statistics. Weights are set from fixed patterns, so the printed values do not depend on the RNG.
import torch
import torch.nn as nn
import torch.nn.functional as F


class TinyModel(torch.nn.Module):

    def __init__(self):
        super(TinyModel, self).__init__()

        self.linear1 = torch.nn.Linear(100, 200)
        self.activation = torch.nn.ReLU()
        self.linear2 = torch.nn.Linear(200, 10)
        self.softmax = torch.nn.Softmax()

    def forward(self, x):
        x = self.linear1(x)
        x = self.activation(x)
        x = self.linear2(x)
        x = self.softmax(x)
        return x

tinymodel = TinyModel()

print('The model:')
print(tinymodel)

print('\n\nJust one layer:')
print(tinymodel.linear2)

print('\n\nModel params:')
for param in tinymodel.parameters():
    print(param.shape)

print('\n\nLayer params:')
for param in tinymodel.linear2.parameters():
    print(param.shape, param.requires_grad)

lin = torch.nn.Linear(3, 2)
with torch.no_grad():
    lin.weight.copy_(torch.tensor([[0.1, 0.2, 0.3], [-0.3, 0.0, 0.5]]))
    lin.bias.copy_(torch.tensor([0.5, -0.5]))
x = torch.tensor([[0.25, 0.5, 0.75]])
print('Input:')
print(x)

print('\n\nWeight and Bias parameters:')
for param in lin.parameters():
    print(param)

y = lin(x)
print('\n\nOutput:')
print(y)


class LeNet(torch.nn.Module):

    def __init__(self):
        super(LeNet, self).__init__()
        # 1 input image channel (black & white), 6 output channels, 5x5 square convolution
        # kernel
        self.conv1 = torch.nn.Conv2d(1, 6, 5)
        self.conv2 = torch.nn.Conv2d(6, 16, 3)
        # an affine operation: y = Wx + b
        self.fc1 = torch.nn.Linear(16 * 6 * 6, 120)  # 6*6 from image dimension
        self.fc2 = torch.nn.Linear(120, 84)
        self.fc3 = torch.nn.Linear(84, 10)

    def forward(self, x):
        # Max pooling over a (2, 2) window
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        # If the size is a square you can only specify a single number
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, self.num_flat_features(x))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x

    def num_flat_features(self, x):
        size = x.size()[1:]  # all dimensions except the batch dimension
        num_features = 1
        for s in size:
            num_features *= s
        return num_features

net = LeNet()
print(net)
print(net.num_flat_features(torch.ones(1, 16, 6, 6)))
for name, p in net.named_parameters():
    with torch.no_grad():
        p.copy_(torch.sin(torch.arange(p.numel(), dtype=torch.float32) * 0.3).reshape(p.shape) * 0.1)
    print(name, tuple(p.shape))
image = torch.linspace(-1, 1, 32 * 32).reshape(1, 1, 32, 32)
out = net(image)
print(out.shape)
print(out)

my_tensor = (torch.arange(16, dtype=torch.float32).reshape(1, 4, 4) % 5) / 4
print(my_tensor)

maxpool_layer = torch.nn.MaxPool2d(3)
print(maxpool_layer(my_tensor))

my_tensor = (torch.arange(32, dtype=torch.float32).reshape(1, 4, 8) % 7) * 5 + 15
print(my_tensor)

print(my_tensor.mean())

norm_layer = torch.nn.BatchNorm1d(4)
normed_tensor = norm_layer(my_tensor)
print(normed_tensor.grad_fn.name())
print(normed_tensor[:, :3, 1:4])

print(normed_tensor.mean().abs() < 1e-6)
print(norm_layer.running_mean)
print(norm_layer.running_var)
norm_layer.eval()
print(norm_layer(my_tensor)[0, 0, :4])

my_tensor = torch.ones(1, 4, 4)

dropout = torch.nn.Dropout(p=0.4)
kept = dropout(my_tensor)
print(kept.shape, sorted(set(kept.flatten().tolist()) | {0.0}) == [0.0, 1 / 0.6] or kept.unique().tolist())
dropout.eval()
print(dropout(my_tensor))
print(dropout)
