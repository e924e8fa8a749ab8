# functools as tutorials use it: reduce, partial, wraps, lru_cache/cache (also on a method), cmp_to_key, total_ordering.
import functools
from functools import reduce, partial, wraps, lru_cache, cache, cmp_to_key, total_ordering
print(reduce(lambda a, b: a + b, [1, 2, 3], 10), reduce(max, [3, 9, 2]))
try:
    reduce(lambda a, b: a, [])
except TypeError as e:
    print(e)
def power(base, exp, scale=1):
    return scale * base ** exp
square = partial(power, exp=2)
print(square(5), square(5, scale=3), partial(power, 2)(8))
p = partial(power, 2, scale=10)
print(p.func.__name__, p.args, p.keywords)
def timed(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        wrapper.calls += 1
        return fn(*args, **kwargs)
    wrapper.calls = 0
    return wrapper
@timed
def greet(name):
    """Say hello."""
    return "hi " + name
print(greet("a"), greet("b"), greet.__name__, greet.__doc__, greet.calls, greet.__wrapped__.__name__)
@lru_cache(maxsize=None)
def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info())
@lru_cache
def sq(n):
    print("computing", n)
    return n * n
print(sq(3), sq(3), sq(4))
print(sq.cache_info())
sq.cache_clear()
print(sq.cache_info())
@lru_cache(maxsize=2)
def ident(x):
    print("miss", x)
    return x
for x in [1, 2, 1, 3, 2, 1]:
    ident(x)
print(ident.cache_info())
@cache
def fact(n):
    return 1 if n == 0 else n * fact(n - 1)
print(fact(20))
print(sorted([5, 2, 9, 1], key=cmp_to_key(lambda a, b: b - a)))
print(sorted(["bb", "a", "ccc"], key=cmp_to_key(lambda a, b: len(a) - len(b))))
@total_ordering
class Version:
    def __init__(self, major, minor):
        self.major, self.minor = major, minor
    def __eq__(self, other):
        return (self.major, self.minor) == (other.major, other.minor)
    def __lt__(self, other):
        return (self.major, self.minor) < (other.major, other.minor)
    def __repr__(self):
        return f"v{self.major}.{self.minor}"
a, b = Version(1, 2), Version(1, 10)
print(a < b, a <= b, a > b, a >= b, a == Version(1, 2), a != b)
print(sorted([b, a, Version(0, 9)]), max(a, b))
class Circle:
    def __init__(self, r):
        self.r = r
    @lru_cache(maxsize=None)
    def area(self):
        print("area computed")
        return 3 * self.r * self.r
c = Circle(2)
print(c.area(), c.area())
try:
    sq([1])
except TypeError as e:
    print("TypeError:", e)
