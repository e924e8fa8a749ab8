# Layers, losses and tensors are classes: type(), isinstance, __class__, __name__, and the
# init_weights idiom with model.apply.
import torch
import torch.nn as nn

m = nn.Linear(3, 2)
print(type(m) == nn.Linear, type(m) is nn.Linear, type(m) == nn.Conv2d)
print(isinstance(m, nn.Linear), isinstance(m, (nn.Conv2d, nn.Linear)), isinstance(m, nn.Conv2d))
print(type(m).__name__, m.__class__.__name__, isinstance(m, nn.Module))
print(nn.Linear, type(m), nn.CrossEntropyLoss, type(torch.ones(2)))
print(isinstance(torch.ones(2), torch.Tensor), isinstance(nn.MSELoss(), nn.MSELoss))

def init_weights(m):
    if isinstance(m, nn.Linear):
        nn.init.constant_(m.weight, 0.5)
        nn.init.zeros_(m.bias)
    elif type(m) == nn.Conv2d:
        nn.init.ones_(m.weight)
        nn.init.constant_(m.bias, 0.01)

model = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 1))
print(model.apply(init_weights) is model)
print(model[0].weight.data)
print(model(torch.ones(2, 4)))

visited = []
def visit(m):
    visited.append(type(m).__name__)
model.apply(visit)
print(visited)
print([type(c).__name__ for c in model.children()])
print([n for n, _ in model.named_modules()])
print([(n, tuple(p.shape)) for n, p in model.named_parameters()])

class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(1, 2, 3)
        self.fc = nn.Linear(8, 2)

    def forward(self, x):
        return self.fc(torch.relu(self.conv(x)).view(-1, 8))

net = Net()
net.apply(init_weights)
print(type(net).__name__, net.__class__.__name__, isinstance(net, Net), isinstance(net, nn.Module))
print(net(torch.ones(1, 1, 4, 4)))
print(m.in_features, m.out_features, net.conv.kernel_size, net.conv.stride, net.conv.padding, net.conv.in_channels)
print(nn.MaxPool2d(2).kernel_size, nn.Dropout(0.1).p, nn.Flatten().start_dim, nn.Softmax(dim=1).dim)

# The tutorial idiom exactly: xavier_uniform_ on the weight, bias.data.fill_(0.01).
def init_weights2(m):
    if isinstance(m, nn.Linear):
        nn.init.xavier_uniform_(m.weight)
        m.bias.data.fill_(0.01)

model.apply(init_weights2)
print(model[0].bias.data, model[2].bias.data, model[0].weight.abs().max().item() <= (6 / 7) ** 0.5)
