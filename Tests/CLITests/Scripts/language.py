# Python features beginner PyTorch code uses, in one file (compared with real Python's output).
from __future__ import annotations
import sys
import copy


class Vec:
  """A 2-D vector with operators (2-space indentation on purpose)."""
  def __init__(self, x, y):
    self.x = x
    self.y = y

  def __add__(self, o):
    return Vec(self.x + o.x, self.y + o.y)

  def __mul__(self, k):
    return Vec(self.x * k, self.y * k)

  __rmul__ = __mul__

  def __eq__(self, o):
    return self.x == o.x and self.y == o.y

  def __repr__(self):
    return f"Vec({self.x}, {self.y})"

  def __len__(self):
    return 2

  def __getitem__(self, i):
    return (self.x, self.y)[i]

  @property
  def norm2(self):
    return self.x ** 2 + self.y ** 2

  @staticmethod
  def zero():
    return Vec(0, 0)

  @classmethod
  def unit(cls):
    return cls(1, 0)


v = Vec(1, 2) + Vec(3, 4)
print(v, 2 * v, v == Vec(4, 6), len(v), list(v), v.norm2, Vec.zero(), Vec.unit())
print(str(v), [v])


def squares(n):
    for i in range(n):
        yield i * i
    yield from [100, 200]


print(list(squares(3)), sum(squares(4)))
g = squares(2)
print(next(g), next(g))
for x in squares(2):
    print("x", x)


def counter():
    count = 0

    def inc():
        nonlocal count
        count += 1
        return count
    return inc


c = counter()
c()
c()
print(c())


def f(a, *args, scale=2, **kw):
    return a * scale, args, kw


print(f(1, 2, 3, scale=5, z=1))


def g2(a, *, b):
    return a + b


print(g2(1, b=2))
try:
    g2(1, 2)
except TypeError as e:
    print("TypeError", e)

s = {3, 1, 2, 3}
s.add(4)
print(sorted(s), len(s), 2 in s, sorted(s | {9}), s & {1, 2}, set(), {x % 3 for x in range(10)})


class Timer:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit", exc[0] is None)
        return False


with Timer() as t:
    print("body")


def deco(fn):
    def wrapper(*a, **k):
        print("calling", fn.__name__)
        return fn(*a, **k)
    return wrapper


@deco
def add(a, b):
    return a + b


print(add(2, 3))
print("%d items, %.2f loss, %s" % (3, 0.12345, "ok"))
print("{:.4f} {:>5} {:,} {}".format(3.14159, 42, 1234567, "x"))
n = 1234567
print(f"{n:,} {3.14159:.4f} {42:>5}|{'a':<3}|{7:03d}")
assert 1 == 1, "fine"
d = {"a": 1, "b": 2}
del d["a"]
total = 0


def bump():
    global total
    total += 5


bump()
print(d, total, __name__, isinstance(3, (str, int)), id(d) == id(d), callable(bump))
print(copy.deepcopy([[1], {"k": [2]}]))
print(sys.argv[1:])
if __name__ == "__main__":
    print("main!")
    sys.exit(3)
