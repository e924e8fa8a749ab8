# What older tutorials read from a torchvision dataset: .data (the stored images, before any transform),
# .targets, and the renamed train_data/train_labels; numbers drawn from them the way those courses do.
import torch
import torchvision
import torchvision.transforms as transforms
import matplotlib.pyplot as plt

train_data = torchvision.datasets.FashionMNIST(root='./data', train=True, transform=transforms.ToTensor(),
                                               download=True)
test_data = torchvision.datasets.FashionMNIST(root='./data', train=False)
print(train_data.data.size(), train_data.targets.size(), len(train_data))
print(train_data.train_data.size(), train_data.train_labels[:10].tolist())
print(int(train_data.data.max()), int(train_data.data.min()), train_data.data[0, 10, 10:16].tolist())
print(train_data[0][0].shape, float(train_data[0][0].max()))
plt.imshow(train_data.train_data[0].numpy(), cmap='gray')
plt.title('%i' % train_data.train_labels[0])
test_x = torch.unsqueeze(test_data.test_data, dim=1).type(torch.FloatTensor)[:2000] / 255.
test_y = test_data.test_labels[:2000]
print(test_x.shape, test_x.dtype, round(float(test_x.mean()), 4), test_y[:8])
print('label %i, mean %.3f, %s' % (train_data.train_labels[0], test_x.mean(), test_y[0]))
