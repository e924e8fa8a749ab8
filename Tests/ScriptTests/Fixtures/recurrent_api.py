# Recurrent, embedding and normalisation layers as a beginner script uses them: construction,
# printing, attributes, parameter names and shapes, calls with and without state, tuple results,
# grad_fn names, gradients, clipping, and PyTorch's errors. Weights are set from arange-based
# values so every printed number is PyTorch's (no RNG-dependent output).
import math
import torch
import torch.nn as nn
import torch.nn.functional as F


def fill(module, scale=0.1):
    with torch.no_grad():
        for k, p in enumerate(module.parameters()):
            n = p.numel()
            p.copy_((torch.arange(n, dtype=torch.float32).view(p.shape) % 7 - 3) * scale + 0.01 * k)


def show_error(f):
    try:
        f()
    except Exception as e:
        print(type(e).__name__ + ":", e)


lstm = nn.LSTM(3, 4)
print(lstm)
for name, p in lstm.named_parameters():
    print(name, tuple(p.shape), p.requires_grad)
print(lstm.input_size, lstm.hidden_size, lstm.num_layers, lstm.bias, lstm.batch_first, lstm.bidirectional)
print(type(lstm).__name__, isinstance(lstm, nn.LSTM), isinstance(lstm, nn.Module))
fill(lstm)
x = (torch.arange(15, dtype=torch.float32).view(5, 1, 3) - 7) / 10
out, (h, c) = lstm(x)
print(out)
print(h)
print(c)
print(torch.allclose(out[-1], h[0]))
h0 = torch.full((1, 1, 4), 0.5)
c0 = torch.full((1, 1, 4), -0.5)
out2, hidden = lstm(x, (h0, c0))
print(out2.shape, len(hidden), hidden[0].shape)
print(out2.sum().item() != out.sum().item())
step_h = (h0, c0)
for t in range(5):
    o, step_h = lstm(x[t].view(1, 1, -1), step_h)
print(torch.allclose(o, out2[-1:]), torch.allclose(step_h[1], hidden[1]))

gru = nn.GRU(3, 2, num_layers=2, batch_first=True, bidirectional=True)
print(gru)
print([k for k in gru.state_dict().keys()])
fill(gru, 0.05)
xb = (torch.arange(24, dtype=torch.float32).view(2, 4, 3) % 5 - 2) / 4
o, h = gru(xb)
print(o.shape, h.shape)
print(o[:, -1])
print(h)

rnn = nn.RNN(3, 2, nonlinearity='relu', bias=False)
print(rnn, rnn.nonlinearity)
fill(rnn)
o, h = rnn(x.view(5, 3))
print(o, h)
loss = o.pow(2).sum()
loss.backward()
print(rnn.weight_ih_l0.grad)
print(rnn.weight_hh_l0.grad)

cell = nn.LSTMCell(3, 2)
print(cell)
fill(cell)
hx, cx = cell(x[0])
print(hx, cx)
hx, cx = cell(x[1], (hx, cx))
print(str(hx.grad_fn).split(" ")[0], str(cx.grad_fn).split(" ")[0])
print(nn.GRUCell(3, 2, bias=False), nn.RNNCell(3, 2, nonlinearity='relu'))
g = nn.GRUCell(3, 2)
fill(g)
print(g(x.view(5, 3)))

emb = nn.Embedding(6, 3, padding_idx=0)
print(emb, emb.num_embeddings, emb.embedding_dim, emb.padding_idx)
print(emb.weight[0])
fill(emb)
words = torch.tensor([[1, 2, 0], [5, 2, 2]])
e = emb(words)
print(e)
(e * torch.arange(18, dtype=torch.float32).view(2, 3, 3)).sum().backward()
print(emb.weight.grad)
print(F.embedding(torch.tensor([2, 1]), torch.eye(3) * 2))
pre = nn.Embedding.from_pretrained(torch.eye(4), freeze=True)
print(pre, pre.weight.requires_grad, pre(torch.tensor(3)))

ln = nn.LayerNorm(4)
print(ln, ln.weight.shape, ln.bias.shape, nn.LayerNorm([2, 4], elementwise_affine=False))
y = ln(torch.tensor([[1., 2., 3., 5.], [0., 0., 1., 1.]]))
print(y)
print(F.layer_norm(torch.tensor([[1., 2., 3.]]), (3,)))

model = nn.Sequential(nn.Linear(3, 4), nn.LayerNorm(4), nn.Linear(4, 2))
fill(model)
model(torch.ones(2, 3)).sum().backward()
total = nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
print(total)
print(sum(p.grad.pow(2).sum() for p in model.parameters()).sqrt())
print(torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5, norm_type=math.inf))
print(nn.utils.clip_grad_value_(model.parameters(), clip_value=0.01))
print(model[0].bias.grad)

show_error(lambda: lstm(torch.zeros(5, 1, 4)))
show_error(lambda: lstm(torch.zeros(5, 1, 3, 1)))
show_error(lambda: lstm(x, (torch.zeros(1, 1, 5), torch.zeros(1, 1, 4))))
show_error(lambda: lstm(torch.zeros(5, 3), (torch.zeros(1, 1, 4), torch.zeros(1, 1, 4))))
show_error(lambda: nn.GRU(3, 2)(torch.zeros(5, 2, 3), torch.zeros(1, 3, 2)))
show_error(lambda: nn.RNN(3, 2, nonlinearity='sigmoid'))
show_error(lambda: nn.LSTM(3, 0))
show_error(lambda: nn.LSTMCell(3, 2)(torch.zeros(2, 5)))
show_error(lambda: nn.GRUCell(3, 2)(torch.zeros(2, 3), torch.zeros(3, 2)))
show_error(lambda: emb(torch.tensor([6])))
show_error(lambda: emb(torch.tensor([1.0])))
show_error(lambda: nn.Embedding(4, 2, padding_idx=4))
show_error(lambda: ln(torch.zeros(2, 3)))

# one-hot letters written through chained subscripts (t[i][j] is a view in PyTorch)
letters = "abcde"
line = torch.zeros(3, 1, len(letters))
for li, letter in enumerate("bad"):
    line[li][0][letters.find(letter)] = 1
print(line.argmax(dim=2).view(-1), line.sum())
confusion = torch.zeros(2, 2)
confusion[1][0] += 1
confusion[1][0] += 1
confusion[0][1:] = 5
print(confusion)

# helpers the char-RNN tutorials use: nonzero, in-place unsqueeze_/squeeze_
print(line[0].nonzero(), confusion.nonzero(as_tuple=True))
target = torch.LongTensor([3, 1, 4])
target.unsqueeze_(-1)
print(target.shape, target[1])
target.squeeze_(1)
print(target)
show_error(lambda: torch.zeros(2, requires_grad=True).unsqueeze_(0))

# constructor keywords at their defaults are accepted; _weight / _freeze as in PyTorch
print(nn.Embedding(3, 2, max_norm=None, scale_grad_by_freq=False, sparse=False, device="cpu", dtype=torch.float32))
fixed = nn.Embedding(3, 2, _weight=torch.ones(3, 2), _freeze=True)
print(fixed.weight.requires_grad, fixed(torch.tensor([1])))
print(nn.LSTM(2, 3, proj_size=0, device=torch.device("cpu")), nn.LayerNorm(2, device="cpu"), nn.GRUCell(2, 2, dtype=None))
show_error(lambda: nn.GRU(3, 2, proj_size=1))
