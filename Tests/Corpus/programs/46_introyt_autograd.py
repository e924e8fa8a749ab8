# The autograd video of the "introyt" series: gradients of sin over a grid, grad_fn chains and
# next_functions, a tiny model's weights and gradients over a few steps, turning autograd off and on,
# in-place operations on leaves, and a Jacobian-vector product.
import torch
import math

a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
print(a)

b = torch.sin(a)
print(b)

c = 2 * b
print(c)

d = c + 1
print(d)

out = d.sum()
print(out)

def name(fn):
    return None if fn is None else type(fn).__name__

# (the objects themselves print with their memory address; their class names do not change)
print('d:')
print(name(d.grad_fn))
print([(name(f), i) for f, i in d.grad_fn.next_functions])
print([(name(f), i) for f, i in d.grad_fn.next_functions[0][0].next_functions])
print([(name(f), i) for f, i in d.grad_fn.next_functions[0][0].next_functions[0][0].next_functions])
print('\nc:')
print(name(c.grad_fn))
print('\nb:')
print(name(b.grad_fn))
print('\na:')
print(a.grad_fn)

out.backward()
print(a.grad)
print(torch.allclose(a.grad, 2 * torch.cos(a.detach())))

BATCH_SIZE = 16
DIM_IN = 1000
HIDDEN_SIZE = 100
DIM_OUT = 10

class TinyModel(torch.nn.Module):

    def __init__(self):
        super(TinyModel, self).__init__()

        self.layer1 = torch.nn.Linear(DIM_IN, HIDDEN_SIZE)
        self.relu = torch.nn.ReLU()
        self.layer2 = torch.nn.Linear(HIDDEN_SIZE, DIM_OUT)

    def forward(self, x):
        x = self.layer1(x)
        x = self.relu(x)
        x = self.layer2(x)
        return x

some_input = torch.linspace(-1, 1, BATCH_SIZE * DIM_IN).reshape(BATCH_SIZE, DIM_IN)
ideal_output = torch.linspace(0, 1, BATCH_SIZE * DIM_OUT).reshape(BATCH_SIZE, DIM_OUT)

model = TinyModel()
with torch.no_grad():
    for p in model.parameters():
        p.copy_(torch.cos(torch.arange(p.numel(), dtype=torch.float32)).reshape(p.shape) * 0.05)

print(model.layer2.weight[0][0:10]) # just a small slice
print(model.layer2.weight.grad)

optimizer = torch.optim.SGD(model.parameters(), lr=0.001)
prediction = model(some_input)

loss = (ideal_output - prediction).pow(2).sum()
print(loss)

loss.backward()
print(model.layer2.weight[0][0:10])
print(model.layer2.weight.grad[0][0:10])

optimizer.step()
print(model.layer2.weight[0][0:10])
print(model.layer2.weight.grad[0][0:10])

print(model.layer2.weight.grad[0][0:10])

for i in range(0, 5):
    prediction = model(some_input)
    loss = (ideal_output - prediction).pow(2).sum()
    loss.backward()

print(model.layer2.weight.grad[0][0:10])

optimizer.zero_grad(set_to_none=False)

print(model.layer2.weight.grad[0][0:10])

a = torch.ones(2, 3, requires_grad=True)
print(a)

b1 = 2 * a
print(b1)

a.requires_grad = False
b2 = 2 * a
print(b2)

a = torch.ones(2, 3, requires_grad=True) * 2
b = torch.ones(2, 3, requires_grad=True) * 3

c1 = a + b
print(c1)

with torch.no_grad():
    c2 = a + b

print(c2)

c3 = a * b
print(c3)

def add_tensors1(x, y):
    return x + y

@torch.no_grad()
def add_tensors2(x, y):
    return x + y


a = torch.ones(2, 3, requires_grad=True) * 2
b = torch.ones(2, 3, requires_grad=True) * 3

c1 = add_tensors1(a, b)
print(c1)

c2 = add_tensors2(a, b)
print(c2)

x = torch.linspace(0, 1, 5, requires_grad=True)
y = x.detach()

print(x)
print(y)

a = torch.linspace(0., 2. * math.pi, steps=25, requires_grad=True)
try:
    torch.sin_(a)
except RuntimeError as e:
    print(e)

x = torch.tensor([0.25, -0.5, 1.0], requires_grad=True)

y = x * 2
while y.data.norm() < 1000:
    y = y * 2

print(y)

v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
y.backward(v)

print(x.grad)

def exp_adder(x, y):
    return 2 * x.exp() + 3 * y

inputs = (torch.tensor([0.5]), torch.tensor([0.25]))
x, y = torch.tensor([0.5], requires_grad=True), torch.tensor([0.25], requires_grad=True)
exp_adder(x, y).backward()
print(x.grad, y.grad)
