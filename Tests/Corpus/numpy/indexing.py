# indexing and slicing (ints, slices, negative, masks, integer arrays), assignment, shapes
import numpy as np

x = np.arange(12).reshape(3, 4)
print(x[0], x[-1], x[1, 2], repr(x[1, 2]), x[1][2])
print(x[:, 0], x[:2, 1:3], x[::2, ::-1])
print(x[..., -1], x[None].shape, x[:, np.newaxis, :].shape)
print(x[[0, 2]], x[[0, 2], [1, 3]], x[:, [1, 2]])
print(x[x > 5], x[x % 2 == 0])
print(x[np.array([True, False, True])])
y = x.copy()
y[0, 0] = 100
y[1] = -1
y[:, 3] = np.array([7, 8, 9])
y[y > 50] = 0
print(y)
print(x)
z = np.zeros(5)
z[1:4] = 2.5
z[[0, 4]] = 1
print(z)
f = np.arange(6).astype(np.float32)
f[2] = 0.1
print(f, f.dtype)
print(x.reshape(4, 3), x.reshape(-1), x.reshape(2, -1).shape)
print(x.T, x.transpose().shape, x.flatten(), x.ravel().shape)
print(np.zeros((1, 3, 1)).squeeze().shape, np.expand_dims(np.arange(3), 0).shape, np.expand_dims(np.arange(3), -1).shape)
print(np.concatenate([x, x]).shape, np.concatenate([x, x], axis=1).shape)
print(np.stack([np.arange(3), np.arange(3)]), np.stack([np.arange(3), np.arange(3)], axis=1))
print(np.vstack([np.arange(3), np.arange(3)]), np.hstack([np.arange(2), np.arange(3)]))
for row in x[:2]:
    print(row, row.sum())
print([v for v in np.arange(3)], list(np.arange(3) * 2))
print(len(x), x.shape[0], x.shape[1])
print(np.reshape(np.arange(6), (2, 3)), np.transpose(np.arange(6).reshape(2, 3)))
try:
    x[5]
except IndexError as e:
    print("IndexError:", e)
try:
    x.reshape(5, 5)
except ValueError as e:
    print("ValueError:", e)
try:
    if x > 3:
        pass
except ValueError as e:
    print("ValueError:", e)
