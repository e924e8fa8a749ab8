# Time-sequence prediction, in the spirit of the PyTorch example: sine waves with random phase,
# a model of two stacked nn.LSTMCell and a nn.Linear stepped over the sequence with input.split(1,
# dim=1), predicting the next value, then continuing into the future from its own outputs. Float32
# and Adam on a short run instead of the example's float64 and LBFGS.
import math
import numpy as np
import torch
import torch.nn as nn
import torch.optim as optim

np.random.seed(2)
T = 20
L = 100
N = 12
x = np.empty((N, L), 'int64')
x[:] = np.array(range(L)) + np.random.randint(-4 * T, 4 * T, N).reshape(N, 1)
data = np.sin(x / 1.0 / T).astype('float32')
print(data.shape, data.dtype)


class Sequence(nn.Module):
    def __init__(self, hidden=24):
        super(Sequence, self).__init__()
        self.hidden = hidden
        self.lstm1 = nn.LSTMCell(1, hidden)
        self.lstm2 = nn.LSTMCell(hidden, hidden)
        self.linear = nn.Linear(hidden, 1)

    def forward(self, input, future=0):
        outputs = []
        h_t = torch.zeros(input.size(0), self.hidden)
        c_t = torch.zeros(input.size(0), self.hidden)
        h_t2 = torch.zeros(input.size(0), self.hidden)
        c_t2 = torch.zeros(input.size(0), self.hidden)

        for input_t in input.split(1, dim=1):
            h_t, c_t = self.lstm1(input_t, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        for i in range(future):  # if we should predict the future
            h_t, c_t = self.lstm1(output, (h_t, c_t))
            h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
            output = self.linear(h_t2)
            outputs += [output]
        outputs = torch.cat(outputs, dim=1)
        return outputs


torch.manual_seed(0)
input = torch.from_numpy(data[3:, :-1])
target = torch.from_numpy(data[3:, 1:])
test_input = torch.from_numpy(data[:3, :-1])
test_target = torch.from_numpy(data[:3, 1:])
print(input.shape, target.shape, test_input.dtype)

seq = Sequence()
print(seq)
criterion = nn.MSELoss()
optimizer = optim.Adam(seq.parameters(), lr=0.02)
losses = []
for i in range(40):
    optimizer.zero_grad()
    out = seq(input)
    loss = criterion(out, target)
    loss.backward()
    optimizer.step()
    losses.append(loss.item())
print('training loss fell below a tenth of its start:', losses[-1] < losses[0] / 10)

with torch.no_grad():
    future = 30
    pred = seq(test_input, future=future)
    loss = criterion(pred[:, :-future], test_target)
    print('prediction:', pred.shape, 'test loss below 0.05:', loss.item() < 0.05)
    y = pred.detach().numpy()
print(type(y).__name__, y.shape, bool(np.all(np.abs(y) < 2)))
