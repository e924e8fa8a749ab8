# Everyday Python of tutorials and course notebooks: positional-only and keyword-only parameters,
# decorators with arguments, str methods, %-formatting (%c, %(name)s, precision on %s), classes,
# builtin exceptions as printed, for/while-else, number literals.
import functools
def f(a, /, b, *, c=3):
    return a + b + c
print(f(1, 2), f(1, b=2, c=0))
def deco(n):
    def wrap(fn):
        @functools.wraps(fn)
        def inner(*args, **kwargs):
            return fn(*args, **kwargs) * n
        return inner
    return wrap
@deco(3)
def g(x):
    """doc"""
    return x
print(g(2), g.__name__, g.__doc__)
print(*[1, 2, 3], sep=", ")
x = 5
y = 10 if x > 3 else 0
print(y, x if x else None, [i for i in range(10)][2:8:3])
s = "Hello, World"
print(s.lower().replace(",", "").split(), s[::-1], s.center(20, "*"), s.count("l"), s.find("W"), "a,b".split(","), " x ".strip())
print("%s has %d items costing %.2f" % ("cart", 3, 9.5), "%5s|%-5s|" % ("a", "b"), "%c" % 65, "%o" % 8, "%+d" % 5, "%.3e" % 0.000123)
class Base:
    count = 0
    def __init__(self):
        Base.count += 1
class Child(Base):
    def __init__(self, name):
        super().__init__()
        self.name = name
    def __str__(self):
        return "Child " + self.name
c = Child("a")
print(c, Base.count, isinstance(c, Base), issubclass(Child, Base), Child.__name__, type(c) is Child, Child.__mro__ if False else "")
nums = [3, 1, 4, 1, 5, 9, 2, 6]
print(sorted(set(nums)), nums.index(4), nums.count(1), min(nums), sum(nums) / len(nums), list(reversed(nums))[:3])
matrix = [[1, 2], [3, 4]]
print([list(r) for r in zip(*matrix)], [[row[i] for row in matrix] for i in range(2)], {i: i * i for i in range(3)})
a = b = []
a.append(1)
print(a is b, a == [1], id(a) == id(b), None is None, type(None).__name__)
try:
    {}["k"]
except KeyError as e:
    print("KeyError", e, repr(e))
try:
    int("x")
except ValueError as e:
    print(e)
try:
    [][0]
except IndexError as e:
    print(e)
while True:
    break
else:
    print("no")
for i in range(2):
    pass
else:
    print("for-else", i)
print(bin(5), hex(255), oct(8), ord("a"), chr(98), 0b101, 0xff, 1_000_000, 1e3, -0.0, 5 // 0.5)
print("%(name)s is %(age)d" % {"name": "x", "age": 3}, "%.3s|%5r|" % ("abcdef", "q"), "%c%c" % ("z", 10))
