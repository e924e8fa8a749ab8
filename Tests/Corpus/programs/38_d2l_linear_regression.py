# Dive into Deep Learning, linear regression from scratch and concisely: synthetic data from
# torch.normal, a shuffled minibatch generator, hand-written linreg/squared_loss/sgd, then
# TensorDataset + DataLoader, nn.Sequential(nn.Linear), .data.normal_/.fill_, MSELoss and SGD.
# The data are random, so the program prints shapes and whether the fit recovered the weights.
import random
import torch
from torch import nn
from torch.utils import data


def synthetic_data(w, b, num_examples):
    """y = Xw + b + noise."""
    X = torch.normal(0, 1, (num_examples, len(w)))
    y = torch.matmul(X, w) + b
    y += torch.normal(0, 0.01, y.shape)
    return X, y.reshape((-1, 1))


true_w = torch.tensor([2, -3.4])
true_b = 4.2
features, labels = synthetic_data(true_w, true_b, 1000)
print('features:', features[0].shape, '\nlabel:', labels[0].shape, features.shape, labels.shape)


def data_iter(batch_size, features, labels):
    num_examples = len(features)
    indices = list(range(num_examples))
    random.shuffle(indices)
    for i in range(0, num_examples, batch_size):
        batch_indices = torch.tensor(indices[i: min(i + batch_size, num_examples)])
        yield features[batch_indices], labels[batch_indices]


batch_size = 10
for X, y in data_iter(batch_size, features, labels):
    print(X.shape, '\n', y.shape)
    break

w = torch.normal(0, 0.01, size=(2, 1), requires_grad=True)
b = torch.zeros(1, requires_grad=True)


def linreg(X, w, b):
    return torch.matmul(X, w) + b


def squared_loss(y_hat, y):
    return (y_hat - y.reshape(y_hat.shape)) ** 2 / 2


def sgd(params, lr, batch_size):
    with torch.no_grad():
        for param in params:
            param -= lr * param.grad / batch_size
            param.grad.zero_()


lr = 0.03
num_epochs = 3
net = linreg
loss = squared_loss
for epoch in range(num_epochs):
    for X, y in data_iter(batch_size, features, labels):
        l = loss(net(X, w, b), y)
        l.sum().backward()
        sgd([w, b], lr, batch_size)
    with torch.no_grad():
        train_l = loss(net(features, w, b), labels)
        print(f'epoch {epoch + 1}, loss below 0.05: {float(train_l.mean()) < 0.05}')
print('error in w small:', bool((true_w - w.reshape(true_w.shape)).abs().max() < 0.05))
print('error in b small:', abs(true_b - b.item()) < 0.05)


def load_array(data_arrays, batch_size, is_train=True):
    dataset = data.TensorDataset(*data_arrays)
    return data.DataLoader(dataset, batch_size, shuffle=is_train)


data_iter = load_array((features, labels), batch_size)
batch = next(iter(data_iter))
print(len(batch), batch[0].shape, batch[1].shape)

net = nn.Sequential(nn.Linear(2, 1))
net[0].weight.data.normal_(0, 0.01)
net[0].bias.data.fill_(0)
print(net[0].bias.data)
loss = nn.MSELoss()
trainer = torch.optim.SGD(net.parameters(), lr=0.03)
for epoch in range(num_epochs):
    for X, y in data_iter:
        l = loss(net(X), y)
        trainer.zero_grad()
        l.backward()
        trainer.step()
    l = loss(net(features), labels)
    print(f'epoch {epoch + 1}, loss below 0.001: {l.item() < 0.001}')
w = net[0].weight.data
print('w shape', w.shape, 'error small:', bool((true_w - w.reshape(true_w.shape)).abs().max() < 0.01))
b = net[0].bias.data
print('b shape', b.shape, 'error small:', abs(true_b - b.item()) < 0.01)
