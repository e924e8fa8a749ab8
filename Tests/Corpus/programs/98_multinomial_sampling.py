# Sampling the next token with torch.multinomial, as the bigram / char-RNN / word language-model tutorials
# do (`idx_next = torch.multinomial(probs, num_samples=1)`); only what does not depend on the random
# stream is printed (shapes, dtypes, certain draws, frequencies to one decimal, errors).
import torch
import torch.nn as nn
from torch.nn import functional as F

torch.manual_seed(1337)

# certain draws
print(torch.multinomial(torch.tensor([0.0, 1.0, 0.0]), 3, replacement=True))
print(torch.multinomial(torch.tensor([[0.0, 5.0], [2.0, 0.0]]), 1))
print(torch.multinomial(torch.tensor([0.0, 1.0, 0.0]), 2))
print(torch.multinomial(torch.tensor([1.0, 2.0, 3.0, 4.0]), 4).sort().values)
s = torch.multinomial(torch.tensor([0.2, 0.8]), 10000, replacement=True)
print(s.shape, s.dtype, round(s.float().mean().item(), 1))
rows = torch.multinomial(torch.tensor([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]), 2)
print(rows.shape, rows[1].tolist(), sorted(rows[0].tolist()))

for bad in [
    lambda: torch.multinomial(torch.tensor([0.0, 0.0]), 1),
    lambda: torch.multinomial(torch.tensor([1.0, -1.0]), 1),
    lambda: torch.multinomial(torch.tensor([1.0, 1.0]), 3),
    lambda: torch.multinomial(torch.ones(2, 2, 2), 1),
    lambda: torch.multinomial(torch.tensor([1.0, 1.0]), 0),
]:
    try:
        bad()
    except RuntimeError as e:
        print("RuntimeError:", e)

# a bigram language model's generate loop
chars = sorted(set("hello world"))
vocab_size = len(chars)


class BigramLanguageModel(nn.Module):
    def __init__(self, vocab_size):
        super().__init__()
        self.token_embedding_table = nn.Embedding(vocab_size, vocab_size)

    def forward(self, idx):
        return self.token_embedding_table(idx)

    def generate(self, idx, max_new_tokens):
        for _ in range(max_new_tokens):
            logits = self(idx)[:, -1, :]
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx


m = BigramLanguageModel(vocab_size)
out = m.generate(torch.zeros((1, 1), dtype=torch.long), max_new_tokens=20)
print(out.shape, out.dtype, all(0 <= i < vocab_size for i in out[0].tolist()))
