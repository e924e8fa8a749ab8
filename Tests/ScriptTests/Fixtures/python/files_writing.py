# Writing files the way tutorials and course scripts do: logs, CSV rows, binary data, checkpoints
# through file objects, numpy arrays with torch.save and np.save. Everything goes to a temporary folder.
import os
import tempfile

import numpy as np
import torch

with tempfile.TemporaryDirectory() as d:
    print(os.path.isdir(d), os.listdir(d))
    log = os.path.join(d, 'logs', 'train.log')
    os.makedirs(os.path.dirname(log), exist_ok=True)
    os.makedirs(os.path.dirname(log), exist_ok=True)

    # text: write, print(file=), writelines, append, read back
    with open(log, 'w') as f:
        n = f.write('epoch,loss\n')
        print('wrote', n, 'characters; writable', f.writable(), 'readable', f.readable())
        for epoch, loss in enumerate([0.9, 0.5, 0.25]):
            print(f'{epoch},{loss}', file=f)
        f.writelines(['# done\n', '# ünïcode ✓\n'])
    print(f.closed, os.path.exists(log), os.path.getsize(log))
    with open(log, 'a') as f:
        f.write('appended\n')
    with open(log) as f:
        print(f.read())
    with open(log, encoding='utf-8') as f:
        rows = [line.rstrip('\n').split(',') for line in f if not line.startswith('#')]
    print(rows)
    f = open(log, 'r+')
    print(repr(f.readline()), f.tell())
    f.seek(0)
    f.write('EPOCH')
    f.seek(0)
    print(f.read(10))
    f.close()
    f = open(os.path.join(d, 'w_plus.txt'), 'w+')
    f.write('one\ntwo\nthree\n')
    f.seek(0)
    print(f.readlines())
    f.seek(0)
    print([line for line in f])
    f.truncate(4)
    f.seek(0)
    print(repr(f.read()))
    f.close()

    # exclusive creation, modes and errors as Python reports them
    x = os.path.join(d, 'new.txt')
    with open(x, 'x') as f:
        f.write('first')
    for path, mode in [(x, 'x'), (d, 'w'), (os.path.join(d, 'no', 'such.txt'), 'w'), (os.path.join(d, 'none.txt'), 'r'),
                       (x, 'rw'), (x, 'wz'), (x, 'rbt'), (x, 'ww')]:
        try:
            open(path, mode)
        except (OSError, ValueError) as e:
            print(type(e).__name__, str(e).replace(d, 'TMP'))
    try:
        open(x, 'rb', encoding='utf-8')
    except ValueError as e:
        print('ValueError', e)
    f = open(x)
    f.close()
    try:
        f.read()
    except ValueError as e:
        print('ValueError', e)
    with open(x, 'w') as f:
        try:
            f.write(b'bytes')
        except TypeError as e:
            print('TypeError', e)
        try:
            f.read()
        except Exception as e:
            print(type(e).__name__, e)

    # bytes and binary files
    b = b'\x00\x01ab' + bytes([255, 10]) + 'é'.encode('utf-8')
    print(b, len(b), b[2], b[-1], b[2:4], list(b[:3]), b'ab' in b, 97 in b, b.hex())
    print(type(b).__name__, isinstance(b, bytes), b == b'\x00\x01ab\xff\n\xc3\xa9', bytes(2), bytes('hi', 'ascii'))
    print(b'it\'s', b"say \"hi\"", b'\\', rb'\n', b'a' b'b', b'' == bytes(), bool(b''), b'x' * 3)
    print(b[6:].decode('utf-8'), b'caf\xe9'.decode('latin-1'), 'na\u00efve'.encode())
    try:
        b'\xff'.decode('utf-8')
    except UnicodeDecodeError as e:
        print('UnicodeDecodeError', e)
    binpath = os.path.join(d, 'data.bin')
    with open(binpath, 'wb') as f:
        print(f.write(b), f.write(bytes(range(5))))
        try:
            f.write('text')
        except TypeError as e:
            print('TypeError', e)
    with open(binpath, 'rb') as f:
        head = f.read(4)
        print(head, f.tell(), f.read(), f.read())
        f.seek(-3, 2)
        print(f.read(), f.seek(0), f.readline())
    with open(binpath, 'ab') as f:
        f.write(b'!')
    print(os.path.getsize(binpath), open(binpath, 'rb').read()[-2:])

    # torch.save / torch.load with a path and with file objects
    ckpt = os.path.join(d, 'ckpt.pt')
    state = {'epoch': 3, 'lr': 0.01, 'name': 'net', 'flags': [True, None], 'w': torch.arange(4.0),
             'shape': (2, 2), 'd': torch.tensor([0.1, 0.2], dtype=torch.float64)}
    torch.save(state, ckpt)
    print(torch.load(ckpt))
    with open(ckpt, 'wb') as f:
        torch.save(state, f)
    with open(ckpt, 'rb') as f:
        loaded = torch.load(f)
    print(loaded['w'], loaded['d'], loaded['d'].dtype, loaded['shape'])
    print(torch.load(open(ckpt, 'rb'), weights_only=True)['epoch'])
    try:
        torch.load(os.path.join(d, 'missing.pt'))
    except FileNotFoundError as e:
        print('FileNotFoundError', str(e).replace(d, 'TMP'))

    # numpy arrays through torch.save: PyTorch 2.6+ loads them only with weights_only=False
    x = np.sin(np.arange(6).reshape(2, 3) / 4.0)
    data = os.path.join(d, 'traindata.pt')
    torch.save(x, open(data, 'wb'))
    try:
        torch.load(data)
    except Exception as e:
        print(type(e).__name__, [line for line in str(e).split('\n') if 'WeightsUnpickler' in line])
    y = torch.load(data, weights_only=False)
    print(type(y).__name__, y.dtype, y.shape, (y == x).all())
    print(y)
    both = torch.load(data, weights_only=False)
    print(torch.from_numpy(both[:, 1:]))
    torch.save({'ids': np.arange(3), 'mask': np.array([True, False]), 'f': np.ones(2, dtype=np.float32)}, data)
    print(torch.load(data, weights_only=False))

    # np.save / np.load
    np.save(os.path.join(d, 'arr'), x)
    print(sorted(p for p in os.listdir(d) if p.endswith('.npy')))
    print(np.load(os.path.join(d, 'arr.npy')))
    for a in [np.arange(5), np.array([[1.5, 2.5]], dtype=np.float32), np.array([True, False, True]), np.float64(2.5)]:
        with open(os.path.join(d, 'one.npy'), 'wb') as f:
            np.save(f, a)
        back = np.load(os.path.join(d, 'one.npy'))
        print(back, back.dtype, back.shape, os.path.getsize(os.path.join(d, 'one.npy')))
    np.save(os.path.join(d, 'list.npy'), [[1, 2], [3, 4]])
    print(np.load(os.path.join(d, 'list.npy')))

    # removing files
    os.remove(x if isinstance(x, str) else os.path.join(d, 'new.txt'))
    os.remove(os.path.join(d, 'new.txt')) if os.path.exists(os.path.join(d, 'new.txt')) else None
    print(os.path.exists(os.path.join(d, 'new.txt')))
    for bad in [os.path.join(d, 'new.txt'), os.path.join(d, 'logs')]:
        try:
            os.remove(bad)
        except OSError as e:
            print(type(e).__name__, str(e).replace(d, 'TMP'))
    keep = d
print(os.path.exists(keep))
