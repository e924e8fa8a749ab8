# string constants, unicodedata and typing, as the NLP tutorials and type-hinted examples use them.
import string
import unicodedata
from typing import Any, Callable, Dict, List, Optional, Tuple, Union

import torch

all_letters = string.ascii_letters + " .,;'"
n_letters = len(all_letters)
print(n_letters, string.digits, string.punctuation, repr(string.whitespace))
print(string.ascii_lowercase, string.ascii_uppercase, string.hexdigits, string.capwords('hello  big world'))


def unicodeToAscii(s):
    return ''.join(
        c for c in unicodedata.normalize('NFD', s)
        if unicodedata.category(c) != 'Mn'
        and c in all_letters
    )


print(unicodeToAscii('Ślusàrski'), unicodeToAscii('Müller'), unicodeToAscii("O'Néàl"))
print(len('é'), len(unicodedata.normalize('NFD', 'é')), len(unicodedata.normalize('NFC', 'e\u0301')))
print([unicodedata.category(c) for c in 'aZ1 ,\u0301€'], unicodedata.combining('\u0301'))
print(list(unicodedata.normalize('NFKD', 'ﬁ')), 'naïve'[2], 'naïve'[::-1])


def letterToIndex(letter):
    return all_letters.find(letter)


def lineToTensor(line: str) -> torch.Tensor:
    tensor = torch.zeros(len(line), 1, n_letters)
    for li, letter in enumerate(line):
        tensor[li][0][letterToIndex(letter)] = 1
    return tensor


print(lineToTensor('Jones').size(), letterToIndex('J'))


class Config:
    hidden: int = 128
    names: List[str] = ['a']
    extra: Optional[Dict[str, int]] = None


def shape_of(x: torch.Tensor, dims: Tuple[int, ...] = (0,), *rest: Any, **kw: Union[int, str]) -> List[int]:
    return [x.shape[d] for d in dims]


f: Callable[[int], int] = lambda v: v + 1
print(Config.hidden, Config.names, Config.extra, shape_of(torch.zeros(2, 3), (1, 0)), f(1))
print(List[int], Dict[str, List[int]], Optional[torch.Tensor], Tuple[int, ...])
