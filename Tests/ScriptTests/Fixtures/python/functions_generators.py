# Function names as Python reports them (qualified names in reprs and errors), and generators that
# receive values with send().


def main():
    def f(x):
        return x

    class A:
        def m(self):
            return self

    g = lambda: 0
    print(f.__name__, f.__qualname__, A.__qualname__, A.m.__qualname__, g.__name__, g.__qualname__)
    print(repr(f).split(' at ')[0], repr(A.m).split(' at ')[0])
    try:
        f(1, 2)
    except TypeError as e:
        print(e)


class B:
    def m(self, a, b=2, *, c):
        return a


main()
for call in [lambda: B().m(), lambda: B().m(1), lambda: B().m(1, 2, 3, c=4), lambda: B.m()]:
    try:
        call()
    except TypeError as e:
        print(e)


def running_average():
    total, n = 0.0, 0
    average = None
    while True:
        value = yield average
        if value is None:
            break
        total += value
        n += 1
        average = total / n


avg = running_average()
print(next(avg), avg.send(10), avg.send(20), avg.send(60))
try:
    avg.send(None)
except StopIteration:
    print('stopped')


def echo():
    received = []
    for i in range(3):
        got = yield i
        received.append(got)
    yield received


e = echo()
print(next(e), e.send('a'), next(e), e.send('c'))
try:
    echo().send(1)
except TypeError as err:
    print(err)
