# The translation tutorial's data preparation (unicodeToAscii, normalizeString with re.sub, Lang) and
# the rest of re as scripts use it.
from __future__ import unicode_literals, print_function, division
from io import open
import unicodedata
import re
import random
import time
import math
import os

SOS_token = 0
EOS_token = 1

class Lang:
    def __init__(self, name):
        self.name = name
        self.word2index = {}
        self.word2count = {}
        self.index2word = {0: "SOS", 1: "EOS"}
        self.n_words = 2

    def addSentence(self, sentence):
        for word in sentence.split(' '):
            self.addWord(word)

    def addWord(self, word):
        if word not in self.word2index:
            self.word2index[word] = self.n_words
            self.word2count[word] = 1
            self.index2word[self.n_words] = word
            self.n_words += 1
        else:
            self.word2count[word] += 1

def unicodeToAscii(s):
    return ''.join(
        c for c in unicodedata.normalize('NFD', s)
        if unicodedata.category(c) != 'Mn'
    )

def normalizeString(s):
    s = unicodeToAscii(s.lower().strip())
    s = re.sub(r"([.!?])", r" \1", s)
    s = re.sub(r"[^a-zA-Z!?]+", r" ", s)
    return s.strip()

def readLangs(lang1, lang2, reverse=False):
    print("Reading lines...")
    lines = open(os.path.join(os.path.dirname(__file__), 'data', '%s-%s.txt' % (lang1, lang2)), encoding='utf-8').\
        read().strip().split('\n')
    pairs = [[normalizeString(s) for s in l.split('\t')] for l in lines]
    if reverse:
        pairs = [list(reversed(p)) for p in pairs]
        input_lang = Lang(lang2)
        output_lang = Lang(lang1)
    else:
        input_lang = Lang(lang1)
        output_lang = Lang(lang2)
    return input_lang, output_lang, pairs

MAX_LENGTH = 10
eng_prefixes = ("i am ", "i m ", "he is", "go", "run")

def filterPair(p):
    return len(p[0].split(' ')) < MAX_LENGTH and \
        len(p[1].split(' ')) < MAX_LENGTH and \
        p[1].startswith(eng_prefixes)

def prepareData(lang1, lang2, reverse=False):
    input_lang, output_lang, pairs = readLangs(lang1, lang2, reverse)
    print("Read %s sentence pairs" % len(pairs))
    pairs = [pair for pair in pairs if filterPair(pair)]
    print("Trimmed to %s sentence pairs" % len(pairs))
    for pair in pairs:
        input_lang.addSentence(pair[0])
        output_lang.addSentence(pair[1])
    print("Counted words:")
    print(input_lang.name, input_lang.n_words)
    print(output_lang.name, output_lang.n_words)
    return input_lang, output_lang, pairs

input_lang, output_lang, pairs = prepareData('eng', 'fra', True)
print(pairs)

def asMinutes(s):
    m = math.floor(s)
    m = math.floor(s / 60)
    s -= m * 60
    return '%dm %ds' % (m, s)

def timeSince(since, percent):
    now = time.time()
    s = now - since
    es = s / (percent)
    rs = es - s
    return '%s (- %s)' % (asMinutes(s), asMinutes(rs))
print(asMinutes(125.3))
print(re.findall(r"\w+", "hello world 42"), re.split(r"\s+", "a  b c"), re.match(r"(\d+)-(\d+)", "10-20").groups())
m = re.search(r"(?P<num>\d+)", "abc 123 def")
print(m.group(0), m.group("num"), m.start(), m.end(), m.span())
pat = re.compile(r"[aeiou]", re.IGNORECASE)
print(pat.sub("*", "HEllo"), pat.findall("AEb"), re.sub(r"(\w+) (\w+)", r"\2 \1", "hello world"), re.escape("a.b"))
print(re.sub(r"\d", lambda mm: str(int(mm.group()) * 2), "a1b2"), bool(re.fullmatch(r"\d+", "123")), re.match("x", "y"))
print(re.subn(r"a", "b", "banana"), re.split(r"(,)", "a,b,c", maxsplit=1), re.findall(r"(\w)(\d)", "a1 b2"))
print([m.span() for m in re.finditer(r"o", "foo boo")], re.sub(r"(?P<w>\w+)@", r"\g<w> at ", "me@x"))
print(re.search(r"^b", "a\nb", re.M) is not None, re.search(r"a.b", "a\nb", re.S).group(), re.sub(r"\s+$", "", "x  "))
print(re.match(r"(a)(b)?", "ac").groups(), re.match(r"(a)(b)?", "ac").groups(default='-'), re.search(r"ü", "Müller").span())
