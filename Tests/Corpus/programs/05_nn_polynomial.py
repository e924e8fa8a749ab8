# The same fit with nn.Sequential, MSELoss(reduction='sum') and an optimizer
#
# The bias and the x^2 coefficient have their optimum at 0 (sin is odd). Once there, their gradients
# are float32 rounding noise, and RMSprop divides each gradient by its own running RMS, so they
# take lr-sized steps in directions set by the summation order: PyTorch's own float32 and float64
# runs of this program print 108.6 and 108.5 at step 499, and "-0.00" or "0.00". So this program
# prints the loss to tens and only the sizes of those two coefficients.
import torch
import math

x = torch.linspace(-math.pi, math.pi, 2000)
y = torch.sin(x)

p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)
print(xx.shape)

model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
with torch.no_grad():
    model[0].weight.fill_(0.01)
    model[0].bias.fill_(0.0)
print(model)

loss_fn = torch.nn.MSELoss(reduction='sum')
learning_rate = 1e-3
optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
for t in range(1000):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 250 == 249:
        print(t, round(loss.item(), -1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

linear_layer = model[0]
print(f'Result: y = {linear_layer.weight[:, 0].item():.2f} x + {linear_layer.weight[:, 2].item():.2f} x^3')
print(abs(linear_layer.bias.item()) < 0.05, abs(linear_layer.weight[:, 1].item()) < 0.05)
