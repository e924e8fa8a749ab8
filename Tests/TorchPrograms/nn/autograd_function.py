# A custom torch.autograd.Function with @staticmethod forward/backward, ctx.save_for_backward and
# ctx.saved_tensors, called through .apply; gradients flow into the rest of the graph.
import torch

class MyReLU(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x.clamp(min=0)

    @staticmethod
    def backward(ctx, grad_output):
        x, = ctx.saved_tensors
        grad = grad_output.clone()
        grad[x < 0] = 0
        return grad

class Scale(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, factor):
        ctx.factor = factor
        return x * factor

    @staticmethod
    def backward(ctx, g):
        return g * ctx.factor, None

x = torch.tensor([-1.0, 0.5, 2.0], requires_grad=True)
y = MyReLU.apply(x)
print(y)
(y * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(x.grad)
w = torch.tensor([1.0, -2.0], requires_grad=True)
z = Scale.apply(w, 3.0)
(z ** 2).sum().backward()
print(z.detach(), w.grad)
print(isinstance(MyReLU.apply(x), torch.Tensor), MyReLU.apply(x).requires_grad)
