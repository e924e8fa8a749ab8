# transforms.Compose over the script's own transform classes (objects with __call__) and functions, as the
# data-loading tutorials write them; pooling a single [C, H, W] image.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision.transforms as transforms
class MulTransform:
    def __init__(self, f):
        self.f = f
    def __call__(self, s):
        return s * self.f
print(transforms.Compose([MulTransform(2), MulTransform(3)])(torch.ones(2)))
print(transforms.Compose([transforms.Lambda(lambda x: x + 1), MulTransform(3)])(torch.ones(2)))
print(nn.MaxPool2d(2)(torch.arange(16.).reshape(1, 4, 4)))
print(F.max_pool2d(torch.arange(16.).reshape(1, 4, 4), 2))
print(nn.Softmax(dim=1)(torch.ones(2, 3)))
class ToDict:
    def __call__(self, sample):
        image, label = sample['image'], sample['label']
        return {'image': image * 2, 'label': label + 1}
t = transforms.Compose([ToDict(), lambda s: {'image': s['image'].sum(), 'label': s['label']}])
print(t({'image': torch.ones(2, 2), 'label': 3}))
