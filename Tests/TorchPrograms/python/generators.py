# Generators are lazy: endless generators with next/zip/islice, side effects interleaved with the
# consumer, yield inside loops, try/finally and with, yield from, return, generator expressions.
import itertools


def naturals():
    n = 0
    while True:
        print("  produce", n)
        yield n
        n += 1


g = naturals()
print(next(g), next(g))
for i, x in zip(range(2), naturals()):
    print("consume", i, x)
print(list(itertools.islice(naturals(), 3)))


def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b


print(list(itertools.islice(fib(), 10)), next(iter(fib())))


def countdown(n):
    print("start")
    while n > 0:
        yield n
        n -= 1
    print("end")


c = countdown(2)
print("created")
for v in c:
    print("got", v)
print(list(c), next(c, "done"))


def pairs(rows):
    for r in rows:
        if not r:
            continue
        for x in r:
            if x < 0:
                return
            yield x * 10
        yield "row end"


print(list(pairs([[1, 2], [], [3], [-1, 5], [7]])))


def guarded():
    try:
        yield 1
        yield 2
        raise ValueError("inside")
    except ValueError as e:
        yield f"caught {e}"
    finally:
        print("finally")
    yield 3


print(list(guarded()))


def stops_early():
    try:
        for i in range(10):
            if i == 2:
                break
            yield i
        else:
            yield "no break"
        yield "after"
    finally:
        print("cleanup")


print(list(stops_early()))


class Ctx:
    def __enter__(self):
        print("enter")
        return self

    def __exit__(self, *exc):
        print("exit", exc[0] is None)
        return False


def within():
    with Ctx():
        yield "a"
        yield "b"


for v in within():
    print(v)


def delegate():
    yield "first"
    yield from range(3)
    yield from countdown(1)
    return "ignored"


print(list(delegate()))


def failing():
    yield 1
    raise KeyError("k")


it = failing()
print(next(it))
try:
    next(it)
except KeyError as e:
    print("KeyError", e)
print(next(it, "exhausted"))
try:
    next(it)
except StopIteration:
    print("StopIteration")

squares = (i * i for i in range(5) if i % 2 == 0)
print(type(squares).__name__, next(squares), list(squares), list(squares))
lazy = (print("eval", i) or i for i in range(3))
print("before")
print(next(lazy))
print(sum(x * x for x in range(10)), max(len(w) for w in ["a", "abc"]), any(x > 3 for x in itertools.count()))
nested = ((i, j) for i in range(3) for j in range(i))
print(list(nested))
print(list(zip(fib(), "abc")), dict(zip("xy", naturals())))
gen = countdown(3)
print(gen.__next__(), [x for x in gen])
closer = naturals()
next(closer)
closer.close()
print(next(closer, "closed"))


def batches(data, size):
    for start in range(0, len(data), size):
        yield data[start:start + size]


print(list(batches(list(range(7)), 3)))
print(list(enumerate(batches("abcdefg", 2), start=1)))


def running_mean():
    total, count = 0.0, 0
    for x in itertools.count(1):
        total += x
        count += 1
        yield total / count


print([round(m, 2) for m in itertools.islice(running_mean(), 4)])
print(sorted(x % 3 for x in range(6)), tuple(str(i) for i in range(3)), set(i % 2 for i in range(5)))
print(list(map(lambda a, b: a + b, [1, 2, 3], naturals())), list(filter(lambda v: v % 2, range(7))))
m = map(str, range(3))
print(next(m), list(m), next(filter(None, naturals())))
it = iter([1, 2])
print(iter(it) is it, next(it), list(it))


class Counter3:
    def __init__(self):
        self.i = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.i >= 3:
            raise StopIteration
        self.i += 1
        return self.i


cn = Counter3()
print(next(cn), list(cn), next(cn, "end"))
try:
    list(zip([1, 2], [3], strict=True))
except ValueError as e:
    print("ValueError:", e)
try:
    list(zip([1], [3, 4], strict=True))
except ValueError as e:
    print("ValueError:", e)
