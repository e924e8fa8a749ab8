# The blitz "Training a Classifier" tutorial on Fashion-MNIST (CIFAR-10 is not available offline):
# Compose(ToTensor, Normalize), DataLoaders over subsets, iter/next, make_grid, a small CNN trained
# with SGD + momentum, running loss, saving and reloading the state dict, torch.max predictions, and
# per-class accuracy with dict comprehensions. The training order is random, so results are printed
# as checks rather than numbers.
import numpy as np
import torch
import torchvision
import torchvision.transforms as transforms
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

transform = transforms.Compose(
    [transforms.ToTensor(),
     transforms.Normalize((0.5,), (0.5,))])

batch_size = 4

trainset = torchvision.datasets.FashionMNIST(root='./data', train=True, download=True, transform=transform)
trainset = torch.utils.data.Subset(trainset, range(2000))
trainloader = torch.utils.data.DataLoader(trainset, batch_size=batch_size, shuffle=True, num_workers=2)
testset = torchvision.datasets.FashionMNIST(root='./data', train=False, download=True, transform=transform)
testset = torch.utils.data.Subset(testset, range(400))
testloader = torch.utils.data.DataLoader(testset, batch_size=batch_size, shuffle=False, num_workers=2)

classes = ('tshirt', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'boot')


def to_image(img):
    img = img / 2 + 0.5     # unnormalize
    npimg = img.numpy()
    return np.transpose(npimg, (1, 2, 0))


dataiter = iter(trainloader)
images, labels = next(dataiter)
grid = torchvision.utils.make_grid(images)
print(images.shape, labels.shape, grid.shape, to_image(grid).shape)
print(f"{float(images.min()):.4f} {float(images.max()):.4f}")


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.pool = nn.MaxPool2d(2, 2)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 4 * 4, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x):
        x = self.pool(F.relu(self.conv1(x)))
        x = self.pool(F.relu(self.conv2(x)))
        x = torch.flatten(x, 1)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = self.fc3(x)
        return x


net = Net()
print(net)
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
history = []
for epoch in range(2):
    running_loss = 0.0
    for i, data in enumerate(trainloader, 0):
        inputs, labels = data
        optimizer.zero_grad()
        outputs = net(inputs)
        loss = criterion(outputs, labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        if i % 250 == 249:
            history.append(running_loss / 250)
            print(f'[{epoch + 1}, {i + 1:5d}] loss below 2.4: {running_loss / 250 < 2.4}')
            running_loss = 0.0
print('Finished Training', len(history), history[-1] < history[0])

PATH = './fashion_net.pth'
torch.save(net.state_dict(), PATH)
dataiter = iter(testloader)
images, labels = next(dataiter)
print('GroundTruth: ', ' '.join(f'{classes[labels[j]]:5s}' for j in range(4)))
net2 = Net()
net2.load_state_dict(torch.load(PATH, weights_only=True))
outputs = net2(images)
_, predicted = torch.max(outputs, 1)
print(predicted.shape, predicted.dtype, torch.equal(outputs, net(images)))

correct = 0
total = 0
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net2(images)
        _, predicted = torch.max(outputs, 1)
        total += labels.size(0)
        correct += (predicted == labels).sum().item()
print(f'Accuracy of the network on the {total} test images above 50%: {100 * correct // total > 50}')

correct_pred = {classname: 0 for classname in classes}
total_pred = {classname: 0 for classname in classes}
with torch.no_grad():
    for data in testloader:
        images, labels = data
        outputs = net2(images)
        _, predictions = torch.max(outputs, 1)
        for label, prediction in zip(labels, predictions):
            if label == prediction:
                correct_pred[classes[label]] += 1
            total_pred[classes[label]] += 1
for classname, correct_count in correct_pred.items():
    accuracy = 100 * float(correct_count) / total_pred[classname]
    print(f'Class: {classname:8s} seen {total_pred[classname]:3d} times, accuracy in range: {0 <= accuracy <= 100}')
print(sum(correct_pred.values()) == correct, sum(total_pred.values()))
device = torch.device('cuda:0' if torch.cuda.is_available() else 'cpu')
print(device)
del dataiter
