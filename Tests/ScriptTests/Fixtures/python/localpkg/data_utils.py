# A corpus helper in the style of the language-model examples (a Dictionary and a Corpus class).
import torch

_counter = 0


class Dictionary(object):
    def __init__(self):
        self.word2idx = {}
        self.idx2word = {}
        self.idx = 0

    def add_word(self, word):
        if word not in self.word2idx:
            self.word2idx[word] = self.idx
            self.idx2word[self.idx] = word
            self.idx += 1

    def __len__(self):
        return len(self.word2idx)


class Corpus(object):
    def __init__(self):
        self.dictionary = Dictionary()

    def get_data(self, text, batch_size=2):
        global _counter
        _counter += 1
        words = text.split() + ['<eos>']
        for w in words:
            self.dictionary.add_word(w)
        ids = torch.tensor([self.dictionary.word2idx[w] for w in words], dtype=torch.int64)
        num_batches = ids.size(0) // batch_size
        return ids[:num_batches * batch_size].view(batch_size, -1)


def calls():
    return _counter


if __name__ == '__main__':
    print('not printed when imported')
