# More tutorial Python: zip(*m), f-string = and nested specs, dict merging (** and |), slicing, map/join,
# while-else, try-else, int bases, math, Counter/defaultdict, closures in loops, string literals,
# keyword-only parameters, annotations, a container class with __iter__ as a generator, property setter.
import math
import collections
from collections import defaultdict, Counter
from math import *


def main():
    matrix = [[1, 2, 3], [4, 5, 6]]
    print(list(zip(*matrix)), [list(r) for r in zip(*matrix)])
    x, name = 42, "net"
    print(f"{x=}", f"{name!r:>8}", f"{x:{6}.{2}f}", "{:>{w}}|".format("a", w=4), "{:,.2f}".format(1234567.891))
    a = {"lr": 0.1, "bs": 32}
    b = {"bs": 64, "ep": 3}
    print({**a, **b}, a | b, a.get("zz", -1), a.setdefault("m", 0.9), a)
    a.update(ep=5)
    print(a.pop("ep"), a.popitem(), list(a.items()), sorted(b, key=b.get), max(b.items(), key=lambda kv: kv[1]))
    xs = list(range(10))
    print(xs[::2], xs[::-3], xs[-3:], xs.pop(0), xs.pop(), [0] * 3 + [1], "abc"[::-1], "ell" in "hello")
    del xs[1:3]
    print(xs, list(reversed(range(5))), " ".join(map(str, xs)), " ".join(w.capitalize() for w in "a big cat".split()))
    n = len(xs)
    if n > 3:
        print("length", n)
    i = 0
    while i < 3:
        i += 1
    else:
        print("while-else", i)
    try:
        val = int("12")
    except ValueError:
        print("bad")
    else:
        print("parsed", val)
    print(int("0x1f", 16), int("ff", 16), int(3.9), int(-3.9), float("nan") != float("nan"), bool(""), float("1e3"))
    print(math.prod([1, 2, 3, 4]), sqrt(16), pi > 3, sum([0.5, 0.25], start=1), divmod(-7, 2), -7 // 2, -7 % 2)
    cnt = Counter("abracadabra")
    print(cnt.most_common(3), cnt["a"], cnt["z"])
    dd = defaultdict(int)
    for w in "the cat the hat".split():
        dd[w] += 1
    print(sorted(dd.items()), dict(dd))
    funcs = [lambda v, k=k: v * k for k in range(3)]
    late = [lambda v: v * k for k in range(3)]
    print([f(10) for f in funcs], [f(10) for f in late])
    print("tab\there", r"raw\n", "con" "cat", """multi
line""", 'quote"s', "it's")
    a1, b1 = 1, 2
    a1, b1 = b1, a1
    print(a1, b1, *[1, 2], sep="|")
    print("no newline", end="")
    print(" -> continued")

    def kwonly(a, *, scale=2, **rest):
        return a * scale, rest

    print(kwonly(3), kwonly(3, scale=5, extra=1), kwonly(*[1], **{"scale": 3}))
    try:
        kwonly(1, 2)
    except TypeError:
        print("TypeError: keyword-only")

    def typed(x: int, y: float = 1.0) -> float:
        return x * y

    print(typed(3), typed(2, y=0.5))


class Bag:
    def __init__(self, items):
        self._items = list(items)

    def __iter__(self):
        for it in self._items:
            yield it

    def __len__(self):
        return len(self._items)

    def __getitem__(self, idx):
        if isinstance(idx, slice):
            return Bag(self._items[idx])
        return self._items[idx]

    def __contains__(self, v):
        return v in self._items

    def __call__(self, k):
        return self._items[:k]

    def __repr__(self):
        return f"Bag({self._items})"

    @property
    def first(self):
        return self._items[0]

    @first.setter
    def first(self, v):
        self._items[0] = v

    @classmethod
    def of(cls, *xs):
        return cls(xs)


bag = Bag.of(3, 1, 2)
bag.first = 9
print(list(bag), len(bag), bag[1:], bag[-1], 2 in bag, bag(2), bag.first, sorted(bag), max(bag), sum(bag))
print([x * 2 for x in bag if x > 1], dict(enumerate(bag)), list(zip(bag, "abc")))

if __name__ == "__main__":
    main()
