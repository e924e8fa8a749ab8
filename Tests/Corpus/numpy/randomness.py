# np.random: shapes, ranges and reproducibility (values depend on the generator, so only properties print)
import numpy as np

np.random.seed(0)
a = np.random.rand(3, 4)
np.random.seed(0)
b = np.random.rand(3, 4)
print(a.shape, a.dtype, (a == b).all(), (a >= 0).all(), (a < 1).all())
n = np.random.randn(1000)
print(n.shape, abs(n.mean()) < 0.2, 0.8 < n.std() < 1.2)
r = np.random.randint(0, 10, size=(5,))
print(r.shape, r.dtype, (r >= 0).all(), (r < 10).all())
print(isinstance(np.random.randint(5), int), isinstance(np.random.rand(), float))
g = np.random.normal(5.0, 0.1, size=(2, 2))
print(g.shape, (abs(g - 5) < 1).all())
u = np.random.uniform(-1, 1, 100)
print(u.shape, u.min() >= -1, u.max() < 1)
c = np.random.choice(10, 5, replace=False)
print(c.shape, len(np.unique(c)))
p = np.random.permutation(6)
print(sorted(p.tolist()))
items = [1, 2, 3, 4]
np.random.shuffle(items)
print(sorted(items))
rng = np.random.default_rng(42)
print(rng.random(3).shape, rng.integers(0, 5, size=4).shape, rng.normal(size=(2, 3)).shape)
idx = np.random.permutation(10)[:3]
data = np.arange(10) * 10
print(data[idx].shape)
