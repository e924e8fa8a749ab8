# Generating names with a character-level RNN, in the spirit of the PyTorch tutorial: a recurrent
# cell written by hand from nn.Linear layers (category, input and hidden concatenated with
# torch.cat), dropout and LogSoftmax, trained letter by letter with the loss summed over the name,
# then sampling names one letter at a time until the end-of-sequence marker. Made-up names inline.
import string
import random
import torch
import torch.nn as nn

torch.manual_seed(0)
random.seed(0)

all_letters = string.ascii_letters + " .,;'-"
n_letters = len(all_letters) + 1  # plus the end-of-sequence marker
category_lines = {
    "Greek": ["Andreou", "Antonopoulos", "Christou", "Dimitriou", "Georgiou", "Nikolaou", "Papadopoulos"],
    "Scottish": ["Campbell", "MacDonald", "MacLeod", "Fraser", "Stewart", "Robertson", "Murray"],
}
all_categories = list(category_lines)
n_categories = len(all_categories)
print(n_letters, n_categories, all_categories)


class RNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(RNN, self).__init__()
        self.hidden_size = hidden_size

        self.i2h = nn.Linear(n_categories + input_size + hidden_size, hidden_size)
        self.i2o = nn.Linear(n_categories + input_size + hidden_size, output_size)
        self.o2o = nn.Linear(hidden_size + output_size, output_size)
        self.dropout = nn.Dropout(0.1)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, category, input, hidden):
        input_combined = torch.cat((category, input, hidden), 1)
        hidden = self.i2h(input_combined)
        output = self.i2o(input_combined)
        output_combined = torch.cat((hidden, output), 1)
        output = self.o2o(output_combined)
        output = self.dropout(output)
        output = self.softmax(output)
        return output, hidden

    def initHidden(self):
        return torch.zeros(1, self.hidden_size)


def categoryTensor(category):
    li = all_categories.index(category)
    tensor = torch.zeros(1, n_categories)
    tensor[0][li] = 1
    return tensor


def inputTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li in range(len(line)):
        letter = line[li]
        tensor[li][0][all_letters.find(letter)] = 1
    return tensor


def targetTensor(line):
    letter_indexes = [all_letters.find(line[li]) for li in range(1, len(line))]
    letter_indexes.append(n_letters - 1)  # EOS
    return torch.LongTensor(letter_indexes)


print(inputTensor("Abe").sum(dim=2).view(-1), targetTensor("Abe"))
print(categoryTensor("Scottish"))

criterion = nn.NLLLoss()
learning_rate = 0.0005
rnn = RNN(n_letters, 64, n_letters)
print(rnn)


def train(category_tensor, input_line_tensor, target_line_tensor):
    target_line_tensor.unsqueeze_(-1)
    hidden = rnn.initHidden()
    rnn.zero_grad()
    loss = torch.Tensor([0])  # you can also just simply use ``loss = 0``
    for i in range(input_line_tensor.size(0)):
        output, hidden = rnn(category_tensor, input_line_tensor[i], hidden)
        l = criterion(output, target_line_tensor[i])
        loss += l
    loss.backward()
    for p in rnn.parameters():
        p.data.add_(p.grad.data, alpha=-learning_rate)
    return output, loss.item() / input_line_tensor.size(0)


pairs = [(c, line) for c in all_categories for line in category_lines[c]]
losses = []
for it in range(3):
    total = 0
    for category, line in pairs:
        output, loss = train(categoryTensor(category), inputTensor(line), targetTensor(line))
        total += loss
    losses.append(total / len(pairs))
print(len(losses), all(l > 0 for l in losses), losses[-1] < losses[0])

max_length = 12


def sample(category, start_letter='A'):
    with torch.no_grad():  # no need to track history in sampling
        category_tensor = categoryTensor(category)
        input = inputTensor(start_letter)
        hidden = rnn.initHidden()
        output_name = start_letter
        for i in range(max_length):
            output, hidden = rnn(category_tensor, input[0], hidden)
            topv, topi = output.topk(1)
            topi = topi[0][0]
            if topi == n_letters - 1:
                break
            else:
                letter = all_letters[topi]
                output_name += letter
            input = inputTensor(letter)
        return output_name


rnn.eval()
for start in "ABC":
    name = sample("Greek", start)
    print(name[0], 1 <= len(name) <= max_length + 1, all(c in all_letters for c in name))
