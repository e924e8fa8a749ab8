# Loss options older and newer tutorials use: class weights, ignore_index (padding in sequence
# tasks), label smoothing, the legacy size_average/reduce keywords, and dropout2d on [N, C]
# (deprecated but accepted by PyTorch), each on fixed numbers.
import torch
import torch.nn as nn
import torch.nn.functional as F
import numpy as np

logits = torch.tensor([[2.0, -1.0, 0.5], [0.1, 0.2, 0.3], [-1.0, 3.0, 0.0], [1.5, 1.5, -2.0]], requires_grad=True)
target = torch.tensor([0, 2, 1, 2])
w = torch.tensor([1.0, 2.0, 0.5])
for kwargs in [dict(), dict(weight=w), dict(ignore_index=2), dict(weight=w, ignore_index=1), dict(label_smoothing=0.1),
               dict(weight=w, label_smoothing=0.2), dict(ignore_index=0, label_smoothing=0.3)]:
    for reduction in ['mean', 'sum', 'none']:
        loss = F.cross_entropy(logits, target, reduction=reduction, **kwargs)
        print(sorted(kwargs), reduction, loss)
    logits.grad = None
    F.cross_entropy(logits, target, **kwargs).backward()
    print(logits.grad)

logp = F.log_softmax(logits.detach(), dim=1)
print(F.nll_loss(logp, target, weight=w), F.nll_loss(logp, target, ignore_index=2, reduction='sum'))
crit = nn.CrossEntropyLoss(weight=w, ignore_index=1, label_smoothing=0.05)
print(crit, crit.ignore_index, crit.label_smoothing, crit.weight, crit(logits, target))
print(nn.NLLLoss(ignore_index=0)(logp, target))

p = torch.tensor([0.2, 0.9, 0.6])
t = torch.tensor([0.0, 1.0, 1.0])
print(F.binary_cross_entropy(p, t, size_average=False))
print(F.mse_loss(p, t, size_average=False), F.mse_loss(p, t, reduce=False), F.l1_loss(p, t, size_average=True))
print(nn.MSELoss(size_average=False)(p, t), nn.BCELoss(reduce=False)(p, t))

d = nn.Dropout2d(0.5)
d.eval()
print(d(torch.ones(2, 4)), F.dropout2d(torch.ones(3, 2), training=False))
print(torch.arange(10, 14)[np.int64(2)], torch.arange(12).reshape(3, 4)[np.array([0, 2]), np.int64(1)])
torch.set_default_device('cpu')
print(torch.get_default_device(), torch.ones(2).device)
