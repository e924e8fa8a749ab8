# Assignment expressions, scopes, exceptions and unpacking as tutorials and examples write them.
if (n := 5) > 3:
    print('walrus', n)
xs = [y for x in range(5) if (y := x * 2) > 4]
print(xs, y)
data = [1, 2, 3, 0, 5]
i = 0
while (v := data[i]) != 0:
    print(v, end=' ')
    i += 1
print()


def squares():
    vals = [last := k * k for k in range(4)]
    return vals, last


print(squares(), max(z := [3, 1, 2]), z)
counter = 0


def inc():
    global counter
    counter += 1


def outer():
    n = 0

    def inner():
        nonlocal n
        n += 1
        return n
    inner()
    inner()
    return n


inc()
inc()
print(counter, outer())


def t(v):
    try:
        r = 10 / v
    except ZeroDivisionError as e:
        print('zde', e)
        return -1
    else:
        print('else', r)
        return r
    finally:
        print('finally')


print(t(2), t(0))
try:
    assert 1 > 2, 'one is not bigger: %d' % 1
except AssertionError as e:
    print('AssertionError', e)
print(1 < 2 < 3, 1 < 3 < 2, 0 <= 1 != 2)
a, *b = [1, 2, 3, 4]
*c, d = (1, 2, 3)
e, (f1, g1) = 1, (2, 3)
print(a, b, c, d, e, f1, g1)


def h(*xs, **kw):
    return xs, kw


print(h(*[1, 2], 3, *(4,), k=1, **{'z': 2}))
fs = [lambda x, i=i: x + i for i in range(3)]
print([fn(10) for fn in fs])
print([[i * j for j in range(3)] for i in range(3)], [x for row in [[1, 2], [3]] for x in row if x > 1])
print(list(enumerate('abc', start=1)), list(zip([1, 2, 3], 'ab')), dict(zip('ab', [1, 2])))
print(sorted([3, 1, 2], reverse=True), sorted(['bb', 'a', 'ccc'], key=len),
      sorted({'a': 2, 'b': 1}.items(), key=lambda kv: kv[1]))
print(max([1, 5, 3], key=lambda v: -v), min('abc'), max(3, 7), max([], default=0))
dct = {'z': 1, 'a': 2}
dct['m'] = 3
print(list(dct.items()), isinstance(3, (int, float)), isinstance('x', (int, float)))
print('%d %5.2f %s %r %-5s| %05d %x %e %%' % (3, 3.14159, 'a', 'b', 'c', 42, 255, 12345.678))
print('{0} {1} {0}'.format('a', 'b'), '{name}'.format(name='n'), '{:>5}|{:<5}|{:^7}|'.format(2, 3, 4))
print('{:.3f} {:,} {:08.3f} {!r} {:e} {:%} {:x} {:b}'.format(5.0, 1234567, 3.14159, 'x', 1234.5, 0.25, 255, 5))
print('Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}'.format(1, 640, 60000, 100. * 10 / 938, 0.2345678))
x, w, p = 3.14159, 10, 2
print(f'{x=}', f'{x:{w}.{p}f}|', f"{'a':<5}|{3:>4d}|{x!r}", f'{1e-5:.2e}', f'{12345678:,d}', f'{0.5:.1%}')
print('{:>{w}}|'.format('r', w=6), '{0[1]} {1[a]}'.format([1, 2], {'a': 3}), '{d[k]}'.format(d={'k': 5}))
l = list(range(8))
del l[1:3]
l[::2] = ['a', 'b', 'c']
l[1:2] = []
l[-1:] = [8, 9]
print(l)
try:
    l[::2] = [1]
except ValueError as err:
    print('ValueError:', err)
