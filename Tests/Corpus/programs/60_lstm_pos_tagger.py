# Sequence models and LSTMs, in the spirit of the PyTorch NLP tutorial: an LSTM stepped one
# element at a time and over a whole sequence at once (the last output equals the hidden state),
# then a part-of-speech tagger: word embeddings -> LSTM -> linear -> log_softmax, trained with
# NLLLoss and SGD on two tagged sentences, predicting the tags after training.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

lstm = nn.LSTM(3, 3)  # input dim 3, output dim 3
print(lstm)
inputs = [torch.randn(1, 3) for _ in range(5)]  # a sequence of length 5

hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))
for i in inputs:
    # one element at a time; after each step, hidden holds the state
    out, hidden = lstm(i.view(1, 1, -1), hidden)
print(out.shape, hidden[0].shape, hidden[1].shape)

# the whole sequence at once: a 3-D input (seq, batch, features)
inputs = torch.cat(inputs).view(len(inputs), 1, -1)
hidden = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))
out, hidden = lstm(inputs, hidden)
print(out.size(), [h.size() for h in hidden])
print("last output is the hidden state:", torch.allclose(out[-1], hidden[0][0]))


def prepare_sequence(seq, to_ix):
    idxs = [to_ix[w] for w in seq]
    return torch.tensor(idxs, dtype=torch.long)


training_data = [
    # Tags are: DET - determiner; NN - noun; V - verb
    ("The dog ate the apple".split(), ["DET", "NN", "V", "DET", "NN"]),
    ("Everybody read that book".split(), ["NN", "V", "DET", "NN"]),
]
word_to_ix = {}
for sent, tags in training_data:
    for word in sent:
        if word not in word_to_ix:
            word_to_ix[word] = len(word_to_ix)
print(word_to_ix)
tag_to_ix = {"DET": 0, "NN": 1, "V": 2}
ix_to_tag = {v: k for k, v in tag_to_ix.items()}

EMBEDDING_DIM = 6
HIDDEN_DIM = 6


class LSTMTagger(nn.Module):

    def __init__(self, embedding_dim, hidden_dim, vocab_size, tagset_size):
        super(LSTMTagger, self).__init__()
        self.hidden_dim = hidden_dim

        self.word_embeddings = nn.Embedding(vocab_size, embedding_dim)

        # The LSTM takes word embeddings as inputs and outputs hidden states of size hidden_dim.
        self.lstm = nn.LSTM(embedding_dim, hidden_dim)

        # The linear layer that maps from hidden state space to tag space
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence):
        embeds = self.word_embeddings(sentence)
        lstm_out, _ = self.lstm(embeds.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        tag_scores = F.log_softmax(tag_space, dim=1)
        return tag_scores


model = LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, len(word_to_ix), len(tag_to_ix))
print(model)
print(sum(p.numel() for p in model.parameters()), "parameters")
for name, param in model.named_parameters():
    print(name, list(param.shape))
loss_function = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)

with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs)
    print(tag_scores.shape, bool(torch.allclose(tag_scores.exp().sum(1), torch.ones(5))))

first_loss = None
for epoch in range(300):  # toy data: many epochs
    for sentence, tags in training_data:
        model.zero_grad()
        sentence_in = prepare_sequence(sentence, word_to_ix)
        targets = prepare_sequence(tags, tag_to_ix)
        tag_scores = model(sentence_in)
        loss = loss_function(tag_scores, targets)
        if first_loss is None:
            first_loss = loss.item()
        loss.backward()
        optimizer.step()

print("loss went down:", loss.item() < first_loss, loss.item() < 0.2)
with torch.no_grad():
    for sentence, tags in training_data:
        tag_scores = model(prepare_sequence(sentence, word_to_ix))
        predicted = [ix_to_tag[int(i)] for i in tag_scores.argmax(dim=1)]
        print(" ".join(sentence), "->", predicted, predicted == tags)
