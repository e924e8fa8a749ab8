# Python as tutorials use it around PyTorch code
import math
import random
import itertools
import collections
import os
import time
import sys
from collections import OrderedDict, defaultdict, Counter, namedtuple
from functools import reduce


def countdown(n):
    while n > 0:
        yield n
        n -= 1


print(list(countdown(3)), sum(countdown(4)))
gen = (i * i for i in range(4))
print(next(gen), list(gen))


def logged(fn):
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__)
        return fn(*args, **kwargs)
    return wrapper


@logged
def add(a, b=2, *rest, scale=1, **extra):
    return (a + b + sum(rest)) * scale + len(extra)


print(add(1), add(1, 2, 3, 4, scale=2, z=0))


class Point:
    count = 0

    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.count += 1

    def __repr__(self):
        return f"Point({self.x}, {self.y})"

    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)

    def __eq__(self, other):
        return self.x == other.x and self.y == other.y

    @property
    def norm(self):
        return math.sqrt(self.x ** 2 + self.y ** 2)

    @staticmethod
    def origin():
        return Point(0, 0)

    @classmethod
    def unit(cls):
        return cls(1, 0)


p = Point(3, 4) + Point.origin()
print(p, p.norm, Point.unit(), Point.count, p == Point(3, 4))


class Stack:
    def __init__(self):
        self.items = []

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __contains__(self, x):
        return x in self.items

    def __iter__(self):
        return iter(self.items)

    def push(self, x):
        self.items.append(x)
        return self


s = Stack().push(1).push(2)
print(len(s), s[0], 2 in s, [x for x in s])

squares = {k: k * k for k in range(4)}
evens = {x for x in range(10) if x % 2 == 0}
print(squares, sorted(evens), {1, 2} | {3}, {1, 2} & {2, 3})
words = ["apple", "bob", "kiwi"]
print(sorted(words, key=len), sorted(words, key=lambda w: w[-1], reverse=True))
print(list(zip(words, range(3))), dict(enumerate(words, start=1)))
print("%d items, %.3f, %s" % (3, math.pi, "ok"), "{:>6.2f}|{:<4}|{:^5}|".format(2.5, "a", "b"))
print(f"{1234567:,} {0.5:.1%} {42:05d} {255:x} {3.14159:e}")
counts = Counter("mississippi")
print(counts.most_common(2))
dd = defaultdict(list)
dd["a"].append(1)
print(dict(dd))
Pair = namedtuple("Pair", ["first", "second"])
pr = Pair(1, second=2)
print(pr, pr.first + pr.second)
od = OrderedDict([("b", 1), ("a", 2)])
print(list(od.keys()))
print(list(itertools.product([1, 2], "ab")), list(itertools.chain([1], [2, 3])), list(itertools.islice(itertools.count(5), 3)))
print(reduce(lambda a, b: a * b, [1, 2, 3, 4]))
print(math.floor(2.7), math.ceil(2.1), math.isclose(0.1 + 0.2, 0.3), math.log(math.e), math.inf > 1e308)
random.seed(0)
r = random.random()
print(0 <= r < 1, random.randint(1, 6) in range(1, 7), len(random.sample(range(10), 3)))
print(os.path.join("data", "raw"), os.path.basename("/a/b.txt"), os.path.splitext("x.py"), os.path.exists("/definitely/not/here"))
start = time.time()
print(time.time() - start < 5)
print(isinstance(3, (int, float)), isinstance("a", str), type(1.5).__name__, callable(len))
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e)
finally:
    print("finally runs")
try:
    raise ValueError("bad value")
except (TypeError, ValueError) as e:
    print(type(e).__name__, e)
x = 10


def bump():
    global x
    x += 1


bump()
print(x)


def outer():
    n = 0

    def inc():
        nonlocal n
        n += 1
        return n
    inc()
    return inc()


print(outer())
a, *rest = [1, 2, 3]
print(a, rest, divmod(7, 2), abs(-3), round(2.675, 2), max([1, 5, 3]), min(4, 2), pow(2, 10))
assert a == 1, "a should be 1"
del a
print("a" in dir(), __name__)
print(sys.version_info[0])
