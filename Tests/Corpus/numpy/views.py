# writing through basic indexing reaches the array (numpy's views): a confusion matrix built with conf[t][p] += 1
import numpy as np
conf = np.zeros((3, 3), dtype=np.int64)
for t, p in [(0, 0), (1, 2), (1, 2), (2, 1)]:
    conf[t][p] += 1
print(conf)
a = np.arange(6).reshape(2, 3)
row = a[0]
row[1] = 50
a[1][:] = 7
print(a)
b = a[[0, 1]]
b[0, 0] = -1
print(a)
