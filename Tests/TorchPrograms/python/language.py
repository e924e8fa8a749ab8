# Python as tutorials write it: classes with super(), custom exceptions, try/except/finally and
# re-raising, unpacking, lambdas, comprehensions, chained comparisons, *args/**kwargs forwarding,
# assert messages, string methods and formatting, dataclasses, global/nonlocal.
import math
from dataclasses import asdict, astuple, dataclass, field, fields, replace


class Animal:
    def __init__(self, name, sound="..."):
        self.name = name
        self.sound = sound

    def speak(self):
        return f"{self.name} says {self.sound}"

    def __str__(self):
        return f"Animal({self.name})"


class Dog(Animal):
    def __init__(self, name):
        super().__init__(name, sound="woof")
        self.tricks = []

    def speak(self):
        return super().speak() + "!"


d = Dog("rex")
print(d.speak(), str(d), isinstance(d, Animal), issubclass(Dog, Animal), type(d).__name__)


class MyError(Exception):
    pass


class DetailedError(ValueError):
    def __init__(self, code):
        super().__init__(f"code {code}")
        self.code = code


try:
    raise MyError("custom")
except MyError as e:
    print("caught", type(e).__name__, e)
try:
    raise DetailedError(42)
except ValueError as e:
    print("caught", e, e.code)


def risky(x):
    try:
        if x < 0:
            raise ValueError("negative")
        return math.sqrt(x)
    except ValueError as err:
        print("error:", err)
        raise
    finally:
        print("finally for", x)


print(risky(4))
try:
    risky(-1)
except ValueError as e:
    print("re-raised", e)
try:
    try:
        1 / 0
    except ZeroDivisionError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    print(e, type(e.__cause__).__name__)

first, *middle, last = range(6)
print(first, middle, last)
(a, b), c = (1, 2), 3
print(a, b, c)
for i, (x, y) in enumerate([(1, 2), (3, 4)], start=1):
    print(i, x + y)
f = lambda x, y=10, *args, **kw: (x, y, args, kw)
print(f(1), f(1, 2, 3, k=4))
print([x * y for x in range(3) for y in range(3) if x != y if y > 0])
print({k: v for k, v in zip("abc", range(3)) if v}, {c for c in "hello"} == set("helo"))
print(1 < 2 < 3, 1 < 3 < 2, 0 <= 5 > 3 != 4)


def fwd(*args, **kwargs):
    return target(*args, **kwargs)


def target(a, b, c=0, *, d=1):
    return a + b + c + d


print(fwd(1, 2), fwd(1, 2, c=3, d=4), fwd(*[1, 2], **{"d": 10}))
try:
    assert 1 == 2, f"values differ: {1} vs {2}"
except AssertionError as e:
    print("AssertionError:", e)
s = "  Hello, World  "
print(s.strip().lower(), s.split(","), "-".join(["a", "b"]), s.strip().startswith("Hell"), "abc".upper().center(9, "*"))
print("x=%d y=%.2f z=%s %5.1f%%" % (3, 2.5, "s", 45.25), "%-6s|" % "ab", "%03d" % 7, "%e" % 12345.678)
print(f"{3.14159:>7f}|{42:>5d}|{1234567:,}|{0.25:.1%}|{'x':^5}|{12:08.3f}|{-3:+d}|{255:#x}|{1e-5:g}")
print("{:>10}".format("right"), "{:<10}|".format("left"), "{0} {1} {0}".format("a", "b"), "{name}".format(name="n"))
print(sorted([("b", 2), ("a", 2), ("c", 1)], key=lambda t: (t[1], t[0])), sorted("bca", reverse=True))
print(list(enumerate("ab", start=5)), "a,b,,c".split(","), "a b  c".split(), "abc".replace("b", "B"), "x".zfill(3))
print("hello world".title(), "Hello".swapcase(), "abc".find("c"), "abc".index("b"), "a1".isalnum(), "12".isdigit())
print(f"{'nested ' + str(1 + 1)}", f"{[1, 2][0]}", f"{ {'a': 1}['a'] }", f"{d.name!r}", f"{3!s:>3}")


@dataclass
class Config:
    lr: float = 0.01
    epochs: int = 3
    layers: list = field(default_factory=list)
    name: str = "run"


cfg = Config(lr=0.1)
print(cfg, cfg.lr, cfg == Config(lr=0.1), Config(0.5, 2, [1]).layers)


@dataclass
class Point:
    x: int
    y: int

    def norm2(self):
        return self.x ** 2 + self.y ** 2


p = Point(3, 4)
print(p, p.norm2(), Point(1, 2) == Point(1, 2))
counter = 0


def inc():
    global counter
    counter += 1


inc()
inc()
print(counter)


def make_acc():
    total = 0

    def add(x):
        nonlocal total
        total += x
        return total

    return add


acc = make_acc()
acc(5)
print(acc(10))


@dataclass(frozen=True, order=True)
class Version:
    major: int
    minor: int = 0


v1, v2 = Version(1, 2), Version(1, 10)
print(v1 < v2, sorted([v2, v1]), len({v1, Version(1, 2)}), asdict(v1), astuple(v2))
try:
    v1.major = 3
except Exception as e:
    print(type(e).__name__, e)
print([f.name for f in fields(Config)], replace(cfg, epochs=9))
try:
    Point(1)
except TypeError as e:
    print("TypeError:", e)


@dataclass
class Scaled(Point):
    scale: float = 1.0

    def __post_init__(self):
        self.area = self.x * self.y * self.scale


sc = Scaled(2, 3, scale=0.5)
print(sc, sc.area, isinstance(sc, Point))
try:
    {Point(0, 0)}
except TypeError as e:
    print("TypeError:", e)
print("%x %X %#x %#o %05x|%-5x|" % (255, 255, 255, 8, 255, 10), f"{10:#b} {255:X} {1234.5:n}")
print("a.b.c".rsplit(".", 1), "k=v=w".partition("="), "x".rpartition("="), "  a  ".lstrip() + "|", "ab\n".rstrip())
print("line1\nline2".splitlines(), "test_x".removeprefix("test_"), "a-b-c".replace("-", "+", 1), "A1 b2".title())
print("conv1.weight".startswith(("fc", "conv")), "hello".rfind("l"), "Hi".isupper(), "hi".islower(), " ".isspace())
try:
    "abc".index("z")
except ValueError as e:
    print("ValueError:", e)
