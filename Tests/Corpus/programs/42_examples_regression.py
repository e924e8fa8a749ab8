#!/usr/bin/env python
# Polynomial regression in the spirit of pytorch/examples regression/main.py: learn the
# coefficients of a degree-4 polynomial with a single Linear layer and smooth_l1_loss, stopping
# when the loss is small. The target is fixed so the learned function prints the same anywhere.
from __future__ import print_function
from itertools import count

import torch
import torch.nn.functional as F

POLY_DEGREE = 4
torch.manual_seed(0)
W_target = torch.tensor([[0.5], [-1.5], [2.0], [0.3]])
b_target = torch.tensor([1.5])


def make_features(x):
    """Builds features i.e. a matrix with columns [x, x^2, x^3, x^4]."""
    x = x.unsqueeze(1)
    return torch.cat([x ** i for i in range(1, POLY_DEGREE+1)], 1)


def f(x):
    """Approximated function."""
    return x.mm(W_target) + b_target.item()


def poly_desc(W, b):
    """Creates a string description of a polynomial."""
    result = 'y = '
    for i, w in enumerate(W):
        result += '{:+.1f} x^{} '.format(w, i + 1)
    result += '{:+.1f}'.format(b[0])
    return result


def get_batch(batch_size=32):
    """Builds a batch i.e. (x, f(x)) pair."""
    random = torch.randn(batch_size)
    x = make_features(random)
    y = f(x)
    return x, y


print(make_features(torch.tensor([1.0, 2.0, -1.0])))
print(f(make_features(torch.tensor([1.0, 2.0]))))
print(poly_desc(W_target.view(-1), b_target))

# Define model
fc = torch.nn.Linear(W_target.size(0), 1)

for batch_idx in count(1):
    # Get data
    batch_x, batch_y = get_batch()

    # Reset gradients
    fc.zero_grad()

    # Forward pass
    output = F.smooth_l1_loss(fc(batch_x), batch_y)
    loss = output.item()

    # Backward pass
    output.backward()

    # Apply gradients
    for param in fc.parameters():
        param.data.add_(-0.1 * param.grad)

    # Stop criterion
    if loss < 1e-4:
        break

print('Loss below 1e-4:', loss < 1e-4, 'after more than 10 batches:', batch_idx > 10)
print('==> Learned function:\t' + poly_desc(fc.weight.view(-1), fc.bias))
print('==> Actual function:\t' + poly_desc(W_target.view(-1), b_target))
print(F.smooth_l1_loss(torch.tensor([0.0, 0.5, 3.0]), torch.tensor([0.2, 2.0, 3.0])))
print(F.smooth_l1_loss(torch.tensor([0.0, 0.5, 3.0]), torch.tensor([0.2, 2.0, 3.0]), beta=0.5))
print(torch.nn.SmoothL1Loss(reduction='sum')(torch.tensor([0.0, 0.5]), torch.tensor([0.2, 2.0])))
print(F.huber_loss(torch.tensor([0.0, 0.5, 3.0]), torch.tensor([0.2, 2.0, 3.0]), delta=0.5))
print('{:.3f} and {:>8.2e}'.format(torch.tensor(3.14159), torch.tensor(12345.0)))
print(f"{torch.tensor(2.5):.2f} {torch.tensor(7)}")
