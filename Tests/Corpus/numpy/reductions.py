# reductions with axis= and keepdims=, argmax/argmin, std/var, cumsum, sort, unique
import numpy as np

a = np.array([[1.0, 5.0, 3.0], [4.0, 2.0, 6.0]])
print(a.sum(), a.sum(axis=0), a.sum(axis=1), a.sum(axis=1, keepdims=True))
print(a.mean(), a.mean(axis=0), a.mean(axis=-1, keepdims=True))
print(np.sum(a), np.mean(a, axis=0), np.sum(a, axis=(0, 1)))
print(a.max(), a.max(axis=0), a.min(axis=1), np.max(a, axis=1), np.min(a))
print(a.argmax(), a.argmax(axis=0), a.argmin(axis=1), np.argmax(a, axis=1))
print(a.std(), a.var(), a.std(axis=0), np.std(a, axis=1), np.var(a, ddof=1))
print(np.cumsum(np.arange(5)), a.cumsum(axis=1))
print(a.prod(), np.prod(a, axis=0))
print(np.any(a > 5), np.all(a > 0), (a > 3).any(axis=0), (a > 3).sum(), (a > 3).mean())
i = np.array([[3, 1], [2, 8]])
print(i.sum(), repr(i.sum()), i.mean(), repr(i.max()), i.sum(axis=0))
print(np.sort(np.array([3, 1, 2])), np.argsort(np.array([3.0, 1.0, 2.0])))
print(np.unique(np.array([2, 1, 2, 3, 1])), np.unique(np.array([2, 1, 2]), return_counts=True))
print(np.count_nonzero(np.array([0, 1, 2, 0])))
x = np.arange(10) * 0.1
print(x.sum(), x.mean(), x.std())
preds = np.array([[0.1, 0.9], [0.8, 0.2], [0.3, 0.7]])
labels = np.array([1, 0, 0])
print(preds.argmax(axis=1), (preds.argmax(axis=1) == labels).mean())
print(np.allclose(np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-9])), np.array_equal(np.arange(3), [0, 1, 2]))
