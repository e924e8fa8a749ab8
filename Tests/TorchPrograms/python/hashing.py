# User objects in sets and as dict keys: identity by default, __hash__/__eq__ when defined.
import torch


class Node:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return f"Node({self.name})"


a, b = Node("a"), Node("b")
s = {a, b, a}
print(len(s), a in s, Node("a") in s)
d = {a: 1, b: 2}
d[a] += 10
print(d[a], d[b], list(d.values()), a in d)
s.discard(a)
print(s, len({a: 0, Node("a"): 1}))


class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y

    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)

    def __hash__(self):
        return hash((self.x, self.y))

    def __repr__(self):
        return f"P({self.x},{self.y})"


pts = {Point(1, 2), Point(1, 2), Point(3, 4)}
print(len(pts), Point(3, 4) in pts, {Point(0, 0): "origin"}[Point(0, 0)])
print(hash(Point(1, 2)) == hash(Point(1, 2)), hash(7), hash(True), hash(2.0) == hash(2))


class OnlyEq:
    def __eq__(self, other):
        return True


try:
    {OnlyEq()}
except TypeError as e:
    print("TypeError:", e)


class NoHash:
    __hash__ = None


try:
    hash(NoHash())
except TypeError as e:
    print("TypeError:", e)


class Child(Point):
    pass


print(len({Child(1, 1), Child(1, 1)}))
for bad in ([1], {"k": 1}, {1}):
    try:
        {bad: 1}
    except TypeError as e:
        print("TypeError:", e)
print({frozenset([1, 2]): "x"}[frozenset([2, 1])], len({(1, a), (1, a)}))
print(OnlyEq() in [1, 2], [a, b].index(b), [Point(1, 1), Point(2, 2)].count(Point(2, 2)))
t = torch.zeros(2)
seen = {t: "zeros"}
print(seen[t], t in seen, torch.zeros(2) in {id(t)})
funcs = {len: "len", print: "print"}
print(funcs[len], {int: 0, str: 1}[type("x")])
