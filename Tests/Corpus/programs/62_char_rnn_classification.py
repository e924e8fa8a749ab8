# Classifying names with a character-level RNN, in the spirit of the PyTorch tutorial: names turned
# to ASCII with unicodedata, one-hot letter tensors <line_length x 1 x n_letters>, a model of
# nn.RNN + nn.Linear + nn.LogSoftmax that reads the final hidden state, trained with NLLLoss, SGD
# and clip_grad_norm_, then topk predictions. The names are a small made-up set, kept inline.
import string
import time
import math
import unicodedata

import torch
import torch.nn as nn

torch.manual_seed(2024)

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)
print(n_letters)


def unicodeToAscii(s):
    return ''.join(
        c for c in unicodedata.normalize('NFD', s)
        if unicodedata.category(c) != 'Mn'
        and c in all_letters
    )


print(unicodeToAscii('Ślusàrski'))

category_lines = {
    "Italian": ["Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci"],
    "Japanese": ["Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura"],
    "Polish": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński"],
}
all_categories = list(category_lines.keys())
for c in all_categories:
    category_lines[c] = [unicodeToAscii(line) for line in category_lines[c]]
n_categories = len(all_categories)
print(all_categories, category_lines["Polish"][:3])


def letterToIndex(letter):
    return all_letters.find(letter)


def letterToTensor(letter):
    tensor = torch.zeros(1, n_letters)
    tensor[0][letterToIndex(letter)] = 1
    return tensor


def lineToTensor(line):
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


print(letterToTensor('J').argmax(dim=1), letterToTensor('J').sum())
print(lineToTensor('Jones').size())


class CharRNN(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(CharRNN, self).__init__()

        self.rnn = nn.RNN(input_size, hidden_size)
        self.h2o = nn.Linear(hidden_size, output_size)
        self.softmax = nn.LogSoftmax(dim=1)

    def forward(self, line_tensor):
        rnn_out, hidden = self.rnn(line_tensor)
        output = self.h2o(hidden[0])
        output = self.softmax(output)

        return output


n_hidden = 32
rnn = CharRNN(n_letters, n_hidden, len(all_categories))
print(rnn)

input = lineToTensor('Albert')
output = rnn(input)
print(output.shape, torch.allclose(output.exp().sum(), torch.tensor(1.0)))


def label_from_output(output, output_labels):
    top_n, top_i = output.topk(1)
    label_i = top_i[0].item()
    return output_labels[label_i], label_i


print(label_from_output(output, all_categories)[0] in all_categories)

examples = [(lineToTensor(name), torch.tensor([i], dtype=torch.long), name, cat)
            for i, cat in enumerate(all_categories) for name in category_lines[cat]]
print(len(examples), "training names")


def train(rnn, examples, n_epoch=40, learning_rate=0.05):
    rnn.train()
    criterion = nn.NLLLoss()
    optimizer = torch.optim.SGD(rnn.parameters(), lr=learning_rate)
    losses = []
    start = time.time()
    for epoch in range(n_epoch):
        total = 0.0
        for line_tensor, label_tensor, name, cat in examples:
            output = rnn(line_tensor)
            loss = criterion(output, label_tensor)
            loss.backward()
            norm = nn.utils.clip_grad_norm_(rnn.parameters(), 3)
            optimizer.step()
            optimizer.zero_grad()
            total += loss.item()
        losses.append(total / len(examples))
    elapsed = time.time() - start
    return losses, math.floor(elapsed / 60) >= 0


losses, timed = train(rnn, examples)
print(len(losses), timed, losses[-1] < losses[0], losses[-1] < 0.5)

rnn.eval()
correct = 0
with torch.no_grad():
    for line_tensor, label_tensor, name, cat in examples:
        guess, _ = label_from_output(rnn(line_tensor), all_categories)
        correct += guess == cat
print(f"train accuracy above 90%: {correct / len(examples) > 0.9}")


def predict(input_line, n_predictions=2):
    with torch.no_grad():
        output = rnn(lineToTensor(input_line))
        topv, topi = output.topk(n_predictions, 1, True)
        return [all_categories[topi[0][i].item()] for i in range(n_predictions)]


print(predict('Tanaka')[0], predict('Nowak')[0], predict('Rossi')[0])
