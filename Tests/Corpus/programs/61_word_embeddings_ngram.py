# Word embeddings, in the spirit of the PyTorch NLP tutorial: an nn.Embedding looked up with a
# LongTensor, an N-gram language model (context embeddings concatenated -> linear -> relu -> linear
# -> log_softmax) trained with NLLLoss and SGD on a short text, then a continuous bag-of-words
# model (CBOW) that sums the context embeddings; after training both predict the training words.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim

torch.manual_seed(1)

word_to_ix = {"hello": 0, "world": 1}
embeds = nn.Embedding(2, 5)  # 2 words in vocab, 5 dimensional embeddings
print(embeds)
lookup_tensor = torch.tensor([word_to_ix["hello"]], dtype=torch.long)
hello_embed = embeds(lookup_tensor)
print(hello_embed.shape, hello_embed.requires_grad, hello_embed.grad_fn is not None)
print(embeds(torch.tensor([[0, 1], [1, 1]])).shape)

CONTEXT_SIZE = 2
EMBEDDING_DIM = 10
test_sentence = """The river runs past the old mill and the old mill turns
the stone and the stone grinds the grain that the river brings down
from the hills where the snow melts in the spring and the river rises""".split()
# (context words, target word) tuples
ngrams = [
    ([test_sentence[i - j - 1] for j in range(CONTEXT_SIZE)], test_sentence[i])
    for i in range(CONTEXT_SIZE, len(test_sentence))
]
print(ngrams[:3])

vocab = set(test_sentence)
word_to_ix = {word: i for i, word in enumerate(sorted(vocab))}
print(len(vocab), "words in the vocabulary")


class NGramLanguageModeler(nn.Module):

    def __init__(self, vocab_size, embedding_dim, context_size):
        super(NGramLanguageModeler, self).__init__()
        self.embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.linear1 = nn.Linear(context_size * embedding_dim, 128)
        self.linear2 = nn.Linear(128, vocab_size)

    def forward(self, inputs):
        embeds = self.embeddings(inputs).view((1, -1))
        out = F.relu(self.linear1(embeds))
        out = self.linear2(out)
        log_probs = F.log_softmax(out, dim=1)
        return log_probs


losses = []
loss_function = nn.NLLLoss()
model = NGramLanguageModeler(len(vocab), EMBEDDING_DIM, CONTEXT_SIZE)
optimizer = optim.SGD(model.parameters(), lr=0.001)

for epoch in range(10):
    total_loss = 0
    for context, target in ngrams:
        # Step 1. Turn the words into integer indices and wrap them in tensors
        context_idxs = torch.tensor([word_to_ix[w] for w in context], dtype=torch.long)
        # Step 2. Torch accumulates gradients: zero them before each instance
        model.zero_grad()
        # Step 3. Run the forward pass, getting log probabilities over next words
        log_probs = model(context_idxs)
        # Step 4. Compute the loss (the target word wrapped in a tensor)
        loss = loss_function(log_probs, torch.tensor([word_to_ix[target]], dtype=torch.long))
        # Step 5. Backward pass and update
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    losses.append(total_loss)
print(len(losses), "epochs; the loss went down every epoch:",
      all(b < a for a, b in zip(losses, losses[1:])))
print(model.embeddings.weight[word_to_ix["river"]].shape)

# Continuous bag of words: predict a word from the two words before and after it
raw_text = test_sentence
data = []
for i in range(CONTEXT_SIZE, len(raw_text) - CONTEXT_SIZE):
    context = (
        [raw_text[i - j - 1] for j in range(CONTEXT_SIZE)]
        + [raw_text[i + j + 1] for j in range(CONTEXT_SIZE)]
    )
    target = raw_text[i]
    data.append((context, target))
print(data[:2])


class CBOW(nn.Module):

    def __init__(self, vocab_size, embedding_dim):
        super().__init__()
        self.embeddings = nn.Embedding(vocab_size, embedding_dim)
        self.linear = nn.Linear(embedding_dim, vocab_size)

    def forward(self, inputs):
        embeds = self.embeddings(inputs).sum(dim=0).view(1, -1)
        return F.log_softmax(self.linear(embeds), dim=1)


def make_context_vector(context, word_to_ix):
    idxs = [word_to_ix[w] for w in context]
    return torch.tensor(idxs, dtype=torch.long)


cbow = CBOW(len(vocab), EMBEDDING_DIM)
print(cbow)
print(make_context_vector(data[0][0], word_to_ix))
optimizer = optim.Adam(cbow.parameters(), lr=0.05)
for epoch in range(60):
    total = 0.0
    for context, target in data:
        optimizer.zero_grad()
        log_probs = cbow(make_context_vector(context, word_to_ix))
        loss = F.nll_loss(log_probs, torch.tensor([word_to_ix[target]]))
        loss.backward()
        optimizer.step()
        total += loss.item()
correct = 0
with torch.no_grad():
    for context, target in data:
        if cbow(make_context_vector(context, word_to_ix)).argmax(dim=1).item() == word_to_ix[target]:
            correct += 1
print(f"CBOW predicts at least 90% of the training words: {correct / len(data) >= 0.9}")
