# Reading local files the way tutorials do (the char-RNN name tutorial, text datasets).
import glob
import io
import os
from io import open
from pathlib import Path

here = os.path.dirname(__file__)
data = os.path.join(here, 'data')


def findFiles(path):
    return glob.glob(path)


def readLines(filename):
    lines = open(filename, encoding='utf-8').read().strip().split('\n')
    return lines


category_lines = {}
for filename in sorted(findFiles(os.path.join(data, 'names', '*.txt'))):
    category = os.path.splitext(os.path.basename(filename))[0]
    category_lines[category] = readLines(filename)
print(category_lines)
print([os.path.basename(p) for p in sorted(glob.glob(os.path.join(data, '*.txt')))])
print(glob.glob(os.path.join(data, 'nothing*')))

with open(os.path.join(data, 'text.txt'), 'r') as f:
    for i, line in enumerate(f):
        print(i, repr(line))
    print(f.closed)
print(f.closed)
with open(os.path.join(data, 'text.txt')) as f:
    print(f.readlines())
with io.open(os.path.join(data, 'text.txt'), encoding='utf8') as f:
    print(repr(f.readline()), repr(f.read(4)), repr(f.read()), repr(f.read()))
f = open(os.path.join(data, 'names', 'Polish.txt'), encoding='utf-8')
print(f.read().splitlines())
f.close()
try:
    f.read()
except ValueError as e:
    print('ValueError:', e)
print(open(os.path.join(data, 'latin1.txt'), encoding='latin-1').read().strip())
try:
    open(os.path.join(data, 'missing.txt'))
except FileNotFoundError as e:
    print('FileNotFoundError:', os.path.basename(str(e)))
try:
    open(data)
except IsADirectoryError:
    print('IsADirectoryError')

print(sorted(os.listdir(data)))
print(os.path.exists(os.path.join(data, 'text.txt')), os.path.isdir(data), os.path.isfile(data))
print(os.path.getsize(os.path.join(data, 'text.txt')))
for root, dirs, files in os.walk(data):
    print(os.path.relpath(root, here), sorted(dirs), sorted(files))

p = Path(data)
print(sorted(q.name for q in p.glob('names/*.txt')))
q = p / 'names' / 'Arabic.txt'
print(q.stem, q.name, q.suffix, q.parent.name, q.exists(), q.is_file())
print(q.read_text(encoding='utf-8').split())
print([x.name for x in sorted(Path(data, 'names').iterdir())])
print(sorted([Path('b'), Path('a')]), Path('a') == Path('a'), Path('a') < Path('b'))
