#!/usr/bin/env python3
"""Fuzz the gradstep binary with mutated lessons and programs (issue 10's "done when").

Every input is a small program made by mutating code from the lessons, the slides, the corpus of
whole programs (Tests/Corpus) and a list of hostile snippets (self-containing values, huge sizes,
overflowing numbers, deep nesting, odd indexing, bad checkpoints paths, ...). Inputs go to the real
binary in three ways, each taking about a third of the inputs (--py-share sets the `run FILE.py` one):

  lesson   a markdown lesson whose blocks are the inputs, through `gradstep run --keep-going`
           (front matter `timeout:` bounds each block, so an endless loop is a reported failure);
  repl     the inputs piped into `gradstep repl`, one after another in one session;
  py       a .py file through `gradstep run FILE.py`. Most files hold --py-pack inputs, each a
           mutated snippet or (--corpus-share of them) a whole mutated corpus program, run one after
           another at top level inside `try: ... except Exception` so an error in one does not stop
           the next (an input Python itself cannot compile that way is replaced by another). One file
           in --raw-share is a single mutated program as it is, unwrapped: syntax errors, uncaught
           errors and tracebacks of a file. Each input in a file prints a marker first, so the count
           of inputs that were reached (not cut short by a Ctrl-C'd slow input) is reported too.

Each process runs under an address-space limit (ulimit -v, here RLIMIT_AS), a file-size limit
(ulimit -f) and a wall-clock limit, in the fuzz's own temporary folder (its cwd and HOME, emptied
between processes). Mutated programs write files; run as root, the fuzz gives its children the
unprivileged user `nobody` (--user), so a path mutated into `/x.safetensors` is refused by the
system instead of landing in /, and it reports (and removes) any file that user left outside the
folder, in the world-writable ones.
The fuzz counts processes that died of a signal (crash, abort, overflow trap) and processes that
did not finish in time (hang). Both must be zero. Exit status 1 when either is not.

Usage (run by hand; CI runs a small count through Tests/CLITests/FuzzBinaryTests.swift):
    scripts/fuzz-binary.py --inputs 100000                 # the full run reported in the README
    scripts/fuzz-binary.py --inputs 300 --seed 7 --binary .build/debug/gradstep
Failing inputs are kept in --keep (default /tmp/gradstep-fuzz-failures) with the binary's output.
"""
import argparse
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Hostile snippets: each once crashed, hung or misbehaved in the reliability review, or probes a limit.
HOSTILE = [
    "l = []\nl.append(l)\nprint(l)\nl",
    "d = {}\nd['a'] = d\nprint(d, d == d)",
    "l = [1]\nl.append(l)\nprint(l == l, l != l, [l] == [l])",
    "l = [1]\nfor i in range(20000):\n    l = [l]\nprint(len(str(l)))",
    "t = ()\nfor i in range(20000):\n    t = (t, [t])\nt = 0",
    "class A(nn.Module):\n    def __init__(self):\n        super().__init__()\na = A()\nb = A()\na.other = b\nb.other = a\nprint(a)",
    "m = nn.Linear(1, 1)\nfor i in range(300):\n    m = nn.Sequential(m)\nprint(len(str(m)))",
    "r = [1, 2] * 2**62",
    "r = 'ab' * 2**62",
    "r = [] * 10**15\nr = '' * 2**62\nprint(r)",
    "a = torch.ones(20000, 1)\nb = torch.ones(1, 20000)\nc = a.add(b)",
    "a = torch.ones(20000, 1)\nb = torch.ones(1, 20000)\nc = a == b",
    "a = torch.ones(20000, 1)\nb = torch.ones(1, 20000)\nc = torch.matmul(a, b)",
    "x = torch.ones(8192, 16384)\nc = torch.cat([x, x, x, x])",
    "x = torch.ones(8192, 16384)\nc = torch.stack([x, x, x])",
    "a = torch.ones(20000, 1)\nc = F.linear(a, torch.ones(20000, 1))",
    "plot([1e308, -1e308])",
    "plot([float('nan'), float('inf'), -1e308, 1e308, 0])",
    "x = torch.ones(3, 4)\nprint(x[None].shape, x[1:], x[..., None].shape, x[-1], x[:, 0])",
    "x = torch.zeros(2, 3)\nx[1] = torch.tensor([1., 2., 3.])\nprint(x)",
    "print(1" + "+1" * 300 + ")",
    "print(" + "(" * 200 + "1" + ")" * 200 + ")",
    "x = 10**18\nprint(x * x)",
    "print(2**63, -2**63 - 1, 1e308 * 10, int(1e300))",
    "print(format(1.5, '.1000f')[:5], f'{1:{10**9}}'[:3])",
    "x = torch.randn(3, 3, requires_grad=True)\ny = (x * x).sum()\ny.backward()\ny.backward()",
    "x = torch.tensor([1., 2.])\nprint(x[10])",
    "print(torch.zeros(-1))",
    "print(torch.arange(0, 10**12))",
    "print(torch.randint(0, 2**62, (3,)))",
    "print(F.conv2d(torch.ones(1, 1, 4, 4), torch.ones(1, 1, 3, 3), padding=2**40))",
    "print(torch.ones(2, 2) @ torch.ones(3, 3))",
    "save(nn.Linear(2, 2), '/dev/null')",
    "save(nn.Linear(2, 2), '/nonexistent/x.safetensors')",
    "load(nn.Linear(2, 2), '/etc/passwd')",
    "show(torch.rand(3, 1, 2000, 1))",
    "import math\nprint(math.sqrt(-1))",
    "def f(n):\n    return f(n + 1)\nf(0)",
    "f = lambda: f()\nf()",
    "print(sorted([3, 1, 2], key=lambda v: -v), sum(range(10**6)))",
    "print(list(range(10**9)))",
    "print('%s %d' % ('a',))",
    "x = torch.ones(2)\nx += x\nx -= 1\nx *= 2\nx /= 0\nprint(x)",
    "print(torch.tensor(" + "[" * 150 + "1" + "]" * 150 + "))",
    "print(1 / 0)",
    "print({[1]: 2})",
    "import os",
    # Newer surfaces: dtypes, numpy, torch.save/load, optimizer state.
    "x = torch.tensor([float('nan'), float('inf'), -1e30, 3e38])\nprint(x.long(), x.int(), x.to(torch.int64), x.bool())",
    "x = torch.tensor([2**62, -2**63], dtype=torch.int64)\nprint(x * x, x + x, x.sum(), x // 0, x.float().long())",
    "print(torch.full((3,), 1e300, dtype=torch.int64), torch.tensor(1e300, dtype=torch.int32))",
    "x = torch.arange(10, dtype=torch.float64)\nprint(x.double().sum(), x.half() if hasattr(x, 'half') else 0)",
    "import numpy as np\na = np.zeros(2**62)",
    "import numpy as np\nprint(np.arange(0, 1e300), np.ones((10**6, 10**6)))",
    "import numpy as np\na = np.array([float('nan'), 1e308])\nprint(a.astype(int), a * 10, np.linalg.norm(a))",
    "import numpy as np\na = np.arange(6).reshape(2, 3)\nprint(a[::2**62], a[10**18:], a.reshape(-1, -1))",
    "torch.save({'a': torch.ones(2)}, 'x.pt')\nprint(torch.load('x.pt'))\nopen('x.pt', 'w').write('garbage')",
    "print(torch.load('/etc/passwd'), torch.load('/dev/zero'))",
    "m = nn.Linear(2, 1)\nopt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9)\nm(torch.ones(1, 2)).sum().backward()\nopt.step()\nsd = opt.state_dict()\nsd['state'][0]['step'] = float('nan')\nopt.load_state_dict(sd)",
    "m = nn.Linear(2, 1)\nopt = torch.optim.Adam(m.parameters())\nsd = opt.state_dict()\nsd['param_groups'][0]['lr'] = float('inf')\nopt.load_state_dict(sd)",
    "x = 1" + "+1" * 5000 + "\nprint(x)",
    "print(int(float('nan')), int(float('inf')), round(1e308), round(float('nan')))",
    "print('%d' % 1e300, '{:,}'.format(10**400), f'{2**64:x}', hex(-2**200))",
    # The arithmetic audit of issue 10: each of these trapped, crashed or aborted once.
    "print('%2000000000d' % 1, '%.2000000000f' % 1.5, 'abc'.center(2**62), '%d' % float('nan'))",
    "import itertools\nMAX = (2**62 - 1) * 2 + 1\nprint(list(enumerate('ab', MAX)), list(itertools.islice(itertools.count(MAX), 3)))",
    "import itertools\nprint(len(list(itertools.combinations(range(100), 50))), list(itertools.product([1], repeat=2**62)))",
    "print(torch.zeros(0, 10**9).sum(0), torch.zeros(0, 2**62).view(2**62, 2**62, 0).sum(2), torch.zeros(0, 2**62).sort(0))",
    "MAX = (2**62 - 1) * 2 + 1\nprint(2**62 in range(MAX), len(DataLoader(TensorDataset(torch.ones(10, 2)), batch_size=MAX)))",
    "from torchvision.utils import make_grid\nprint(make_grid(torch.ones(4, 1, 2, 2), padding=2**62))",
    "x = 10**18\nprint(torch.zeros(0, x).t().reshape(x, 0, 1).shape, torch.zeros(x, 0).sum(1).shape, np.zeros((0, x)).sum(0))",
] + [
    # Areas added in the third session of 2026-12-01 (issue 14): writing files (relative paths only:
    # the process runs in the fuzz's folder, see `sandbox`), dtypes, subclassed layers,
    # torchvision.models, whole-module torch.save, torch.autograd.functional, Axes3D.
    "with open('out.txt', 'w') as f:\n    f.write('a' * 1000)\n    print(3, file=f)\nprint(open('out.txt').read()[:5])",
    "with open('b.bin', 'wb') as f:\n    f.write(bytes(range(256)))\nprint(len(open('b.bin', 'rb').read()))",
    "f = open('log.txt', 'a')\nfor i in range(100):\n    print(i, file=f)\nf.close()\nprint(open('log.txt').readlines()[-1])",
    "f = open('big.txt', 'w')\nf.write('x' * 10**8)\nf.write('y' * 10**8)\nf.close()",
    "f = open('x.txt', 'w')\nf.close()\nf.write('a')",
    "f = open('x.txt', 'w+')\nf.write('abc\\n' * 3)\nf.seek(0)\nprint(f.read(), f.tell())\nf.seek(-1)",
    "open('x.txt', 'w').write(b'bytes')\nopen('x.bin', 'wb').write('str')",
    "open('sub/x.txt', 'w')\nopen('.', 'w')\nopen('', 'w')",
    "import os\nopen('r.txt', 'w').close()\nos.remove('r.txt')\nos.remove('r.txt')\nos.remove('.')\nos.remove('/etc/passwd')",
    "f = open('t.txt', 'w+b')\nf.write(b'\\xff' * 10)\nf.truncate(2**62)\nf.seek(2**62)\nf.write(b'x')\nprint(f.tell())",
    "with open('u.txt', 'w', encoding='utf-8') as f:\n    f.writelines(['a\\n'] * 10**6)\nprint(len(open('u.txt').read()), open('u.txt', 'rb').read(3))",
    "open('x.txt', 'wx')\nopen('x.txt', 'w', encoding='nope')\nopen('x.txt', mode=3)",
    "import os\nos.makedirs('d/e', exist_ok=True)\nwith open('d/e/f.txt', 'w', encoding='utf-8') as f:\n    f.write('\\u00e9\\0' * 3)\nprint(os.listdir('d/e'), os.path.getsize('d/e/f.txt'))",
    "import numpy as np\nnp.save('a.npy', np.arange(10))\nprint(np.load('a.npy'))\ntorch.save(np.arange(5), 'n.pt')\nprint(torch.load('n.pt', weights_only=False))",
    "buf = open('m.pt', 'wb')\ntorch.save(nn.Linear(2, 2).state_dict(), buf)\nbuf.close()\nprint(torch.load(open('m.pt', 'rb')))",
    "torch.save(nn.Sequential(nn.Linear(2, 2), nn.ReLU()), 'whole.pt')\nm = torch.load('whole.pt', weights_only=False)\nprint(m, m(torch.ones(1, 2)).shape)",
    "torch.save({'opt': torch.optim.SGD(nn.Linear(1, 1).parameters(), lr=0.1).state_dict(), 'x': [1, (2, None)]}, 'c.pt')\nprint(torch.load('c.pt'))",
    "with open('m.pt', 'wb') as f:\n    f.write(b'PK\\x03\\x04' + bytes(100))\nprint(torch.load('m.pt'))",
    "x = torch.ones(3, dtype=torch.float16)\nprint(x, x.dtype, x * 70000, x.sum(), x.float() / 3)",
    "x = torch.tensor([300., -1., 1e10, float('nan')]).to(torch.uint8)\nprint(x, x.to(torch.int8), x.to(torch.int16))",
    "x = torch.arange(10, dtype=torch.int16)\nprint(x * 10000, x - 2**15, x.sum(), x.prod(), x // 3, x % 0)",
    "x = torch.randn(4, 4, dtype=torch.bfloat16)\nprint(x @ x, x.mean(), x.to(torch.float16))",
    "x = torch.tensor([1, 2], dtype=torch.int8)\nprint(x / 0, x // 1, x.float(), x.half(), x.double(), x.bfloat16())",
    "x = torch.tensor([65504.], dtype=torch.float16)\nprint(x * 2, x + 1, torch.tensor(1e-8, dtype=torch.float16), x.item())",
    "x = torch.ones(2, 3, dtype=torch.float64, requires_grad=True)\nl = F.cross_entropy(x, torch.tensor([0, 2]))\nl.backward()\nprint(F.softmax(x, 1), x.grad)",
    "c = nn.Conv2d(1, 2, 3).double()\nprint(c(torch.ones(1, 1, 5, 5, dtype=torch.float64)).dtype, c.half().weight.dtype)",
    "print(torch.iinfo(torch.int8), torch.finfo(torch.float16), torch.finfo(torch.bfloat16).eps)",
    "x = torch.zeros(2**20, dtype=torch.uint8)\nprint(x.float().mean(), x.numel(), x.element_size())",
    "m = nn.Linear(2, 2).half()\nprint(m(torch.ones(1, 2, dtype=torch.float16)))\nprint(m(torch.ones(1, 2)))",
    "import torch.functional\nprint(torch.functional.norm(torch.ones(3)) if hasattr(torch.functional, 'norm') else 0)",
    "class L(nn.Linear):\n    def forward(self, x):\n        return super().forward(x) * 2\nm = L(3, 2)\nprint(m(torch.ones(1, 3)).shape, m)",
    "class C(nn.Conv2d):\n    def __init__(self):\n        super().__init__(1, 1, 3)\n    def forward(self, x):\n        return F.relu(super().forward(x))\nprint(C()(torch.ones(1, 1, 5, 5)).shape)",
    "class R(nn.ReLU):\n    pass\nprint(R()(torch.tensor([-1., 1.])), R())",
    "class L(nn.Linear):\n    def __init__(self):\n        pass\nprint(L()(torch.ones(2)))",
    "class L(nn.Linear):\n    def forward(self, x):\n        return self.forward(x)\nL(2, 2)(torch.ones(2))",
    "class L(nn.Linear):\n    def __init__(self, i, o):\n        super().__init__(i, o)\n        self.me = self\nprint(L(1, 1), len(list(L(1, 1).parameters())))",
    "class S(nn.Sequential):\n    def forward(self, x):\n        for m in self:\n            x = m(x)\n        return x\nprint(S(nn.Linear(2, 2), nn.ReLU())(torch.ones(1, 2)))",
    "class L(nn.Linear):\n    def __init__(self):\n        super().__init__(2**40, 2**40)\nL()",
    "class D(torch.utils.data.Dataset):\n    def __len__(self):\n        return 10**18\n    def __getitem__(self, i):\n        return torch.ones(2), 1\nprint(len(DataLoader(D(), batch_size=3)), next(iter(DataLoader(D(), shuffle=True))))",
    "class D(torch.utils.data.Dataset):\n    def __len__(self):\n        return -1\n    def __getitem__(self, i):\n        return i\nprint(list(DataLoader(D())))",
    "import torchvision\nm = torchvision.models.resnet18(num_classes=10)\nprint(m(torch.randn(1, 3, 64, 64)).shape)",
    "import torchvision\nm = torchvision.models.resnet18(weights=None)\nm.fc = nn.Linear(512, 2)\nprint(sum(p.numel() for p in m.parameters()))",
    "from torchvision import models\nm = models.resnet18(pretrained=True)\nm = models.resnet18(num_classes=10**12)",
    "import torchvision\nprint(torchvision.models.resnet18()(torch.randn(1, 3, 1, 1)))",
    "from torch.autograd.functional import jacobian, hessian\nprint(jacobian(lambda x: x ** 2, torch.ones(3)), hessian(lambda x: (x ** 3).sum(), torch.ones(2)))",
    "from torch.autograd.functional import jacobian\nprint(jacobian(lambda x: x * 2, torch.ones(10**5)).shape)",
    "from mpl_toolkits.mplot3d import Axes3D\nfig = plt.figure()\nax = Axes3D(fig)\nax.scatter([1, 2], [3, 4], [5, 6])\nax.plot_surface(np.ones((2, 2)), np.ones((2, 2)), np.ones((2, 2)))\nplt.show()",
    "fig = plt.figure()\nax = fig.add_subplot(111, projection='3d')\nax.plot([1e308, -1e308], [0, 1], [float('nan'), 1])\nplt.savefig('p.png')",
]

FRAGMENTS = ["0", "-1", "1", "2", "3", "10**9", "2**62", "2**31", "1e308", "-1e308", "float('nan')",
             "float('inf')", "None", "True", "[]", "()", "{}", "''", "'ab'", "torch.ones(2, 3)",
             "torch.zeros(0)", "torch.randn(4, 4)", "x", "l", "d", "m", "[[...]]", "(", ")", "[", "]",
             ":", ",", ".", "=", "+", "*", "@", "**", "//", "%", "-", "\n", "    ", "lambda: 0",
             ".sum()", ".grad", ".backward()", ".shape", "[None]", "[0]", "[-1]", "[::2]", "[..., 0]"]

NUMBER = re.compile(r"(?<![\w.])\d+(\.\d+)?(e-?\d+)?")


def seeds():
    """Code blocks of the lessons and the slides, plus the hostile snippets."""
    out = list(HOSTILE)
    sources = []
    lessons = os.path.join(ROOT, "lessons")
    if os.path.isdir(lessons):
        sources += [os.path.join(lessons, f) for f in sorted(os.listdir(lessons)) if f.endswith(".md")]
    slides = os.path.join(ROOT, "docs", "slides.md")
    if os.path.exists(slides):
        sources.append(slides)
    for path in sources:
        text = open(path, encoding="utf-8", errors="replace").read()
        for block in re.findall(r"```python[^\n]*\n(.*?)```", text, re.S):
            # Training a whole epoch on real data belongs to the lesson tests, not to the fuzz.
            if any(w in block for w in ("fit(", "evaluate(", "datasets.", "DataLoader(", "download")):
                continue
            out.append(block.rstrip("\n"))
    return out


def programs():
    """Whole Python programs of the corpus (Tests/Corpus/programs and numpy, the tensor API fixture),
    the `run FILE.py` mode's seeds.
    Programs that train on a downloaded data set are left out, as above."""
    out = []
    for folder in [("Tests", "Corpus", "programs"), ("Tests", "Corpus", "numpy"), ("Tests", "ScriptTests", "Fixtures")]:
        folder = os.path.join(ROOT, *folder)
        if not os.path.isdir(folder):
            continue
        for f in sorted(os.listdir(folder)):
            if f.endswith(".py"):
                text = open(os.path.join(folder, f), encoding="utf-8", errors="replace").read()
                if not any(w in text for w in ("datasets.", "DataLoader(", "download")):
                    out.append(text.rstrip("\n"))
    return out


def mutate(rng, code):
    lines = code.split("\n")
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(9)
        if not lines:
            lines = [""]
        i = rng.randrange(len(lines))
        if kind == 0 and len(lines) > 1:
            del lines[i]
        elif kind == 1:
            lines.insert(i, lines[rng.randrange(len(lines))])
        elif kind == 2 and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == 3:
            line = lines[i]
            if line:
                p = rng.randrange(len(line) + 1)
                lines[i] = line[:p] + rng.choice(FRAGMENTS) + line[p:]
        elif kind == 4:
            lines[i] = NUMBER.sub(lambda m: rng.choice(["0", "-1", "10**9", "2**62", "1e308", "3", "100000"])
                                  if rng.random() < 0.3 else m.group(0), lines[i])
        elif kind == 5:
            line = lines[i]
            if line:
                p, q = sorted(rng.randrange(len(line) + 1) for _ in range(2))
                lines[i] = line[:p] + line[q:]
        elif kind == 6:
            indent = re.match(r"\s*", lines[i]).group(0)
            lines.insert(i, indent + rng.choice(HOSTILE).split("\n")[0])
        elif kind == 7:
            lines.insert(i, rng.choice(["print(x)", "x = x", "l = [l]", "y = x @ x", "x = x[None]",
                                        "print(repr(l))", "x.backward()", "m = m(x)"]))
        else:
            lines = rng.choice(HOSTILE).split("\n") + lines
    code = "\n".join(lines)
    # An endless `while` is the program's bug, not gradstep's: keep loops bounded.
    code = re.sub(r"\bwhile\b", "if", code)
    return code


def limits(vmem_kib, fsize_kib, user):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (vmem_kib * 1024, vmem_kib * 1024))
        # A file may not grow past fsize_kib (a mutated loop writing 10**8 characters 1,000 times):
        # the write fails with EFBIG, as in Python, which ignores SIGXFSZ (so does gradstep).
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize_kib * 1024, fsize_kib * 1024))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        os.setsid()
        # Ctrl-C as from a terminal: a fuzz started in the background of a shell inherits SIGINT
        # ignored, and a piped `gradstep repl` (which installs no handler) would then ignore the
        # harness's Ctrl-C and be counted as a time-out.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if user is not None:
            os.setgroups([])
            os.setgid(user[1])
            os.setuid(user[0])
    return apply


def sandbox_user(name):
    """(uid, gid) the children run as, or None. Run as root, the fuzz gives its children an
    unprivileged user (`nobody`) that owns only the fuzz's folder: mutated programs write files
    (`save(m, '/nonexistent/x.safetensors')` with a few characters cut is `save(m, '/x.safetensors')`),
    and as root they could write anywhere; as `nobody` only the folder and world-writable ones
    (/tmp, /var/tmp, /dev/shm), which `escaped_files` checks after the run."""
    if os.geteuid() != 0 or not name:
        return None
    import pwd
    try:
        pw = pwd.getpwnam(name)
    except KeyError:
        return None
    return pw.pw_uid, pw.pw_gid


def escaped_files(uid, work, since):
    """Files owned by the children's user, changed since `since`, outside the fuzz folder (in the
    world-writable folders). Other fuzz runs' folders (gradstep-fuzz-*) are not looked into."""
    out = []
    for top in ["/tmp", "/var/tmp", "/dev/shm"]:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if not (dirpath == top and d.startswith("gradstep-fuzz-"))]
            if os.path.abspath(dirpath) == os.path.abspath(work):
                dirnames[:] = []
                continue
            depth = dirpath[len(top):].count(os.sep)
            if depth >= 2:
                dirnames[:] = []
            for name in dirnames + filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.lstat(path)
                    if st.st_uid == uid and st.st_ctime >= since and os.path.abspath(path) != os.path.abspath(work):
                        out.append(path)
                except OSError:
                    pass
    return out


def clear(work):
    """Empties the fuzz folder between processes (a mutated program's files never pile up)."""
    for name in os.listdir(work):
        path = os.path.join(work, name)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


def run(cmd, stdin_text, timeout, vmem_kib, env, fsize_kib=65536, user=None):
    """Returns (kind, returncode, output): kind is 'ok', 'signal', 'interrupted' or 'timeout'.

    A process still running after `timeout` gets Ctrl-C (SIGINT) every 3 s, 20 times: a program
    that is merely slow (a mutated input multiplying two 16000x16000 matrices) stops at the next
    Ctrl-C and counts as 'interrupted'; one that ignores Ctrl-C is killed and counts as a time-out."""
    # Inside the scratch folder: mutated programs save checkpoints to relative paths.
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         preexec_fn=limits(vmem_kib, fsize_kib, user), env=env, cwd=env["HOME"])
    data = stdin_text.encode() if stdin_text is not None else None
    kind = "ok"
    try:
        out, _ = p.communicate(data, timeout=timeout)
    except subprocess.TimeoutExpired:
        kind = "timeout"
        for _ in range(20):
            p.send_signal(signal.SIGINT)
            try:
                out, _ = p.communicate(timeout=3)
                kind = "interrupted"
                break
            except subprocess.TimeoutExpired:
                continue
        if kind == "timeout":
            os.killpg(p.pid, signal.SIGKILL)
            out, _ = p.communicate()
            return "timeout", None, out
    if p.returncode < 0 and not (kind == "interrupted" and p.returncode == -signal.SIGINT):
        return "signal", p.returncode, out
    return kind, p.returncode, out


def wrapped(index, code):
    """One input of a packed .py file: a marker, then the input inside `try:` so that its error does
    not end the file. KeyboardInterrupt is not an Exception: a Ctrl-C'd slow input ends the file.
    None when Python cannot compile it so (a syntax error would stop the whole file before it runs)."""
    body = "\n".join("    " + line if line.strip() else "" for line in code.split("\n"))
    text = "print('#fuzz-input %d')\ntry:\n%s\n    pass\nexcept Exception as fuzz_error:\n" \
        "    print('#fuzz-error', repr(fuzz_error)[:100])\n" % (index, body)
    if max_nesting(code) > 100:
        return None  # gradstep's parser stops at 120 levels: a SyntaxError for the whole file
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "fuzz.py", "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError, OverflowError):
        return None
    return text


def max_nesting(code):
    """The deepest bracket nesting of `code` (strings not told apart: an estimate that errs high)."""
    depth = deepest = 0
    for c in code:
        if c in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif c in ")]}":
            depth = max(0, depth - 1)
    return deepest


def py_file(rng, args, pool, corpus):
    """(text, inputs, corpus programs) of one `run FILE.py` input file."""
    if rng.random() < args.raw_share:
        from_corpus = bool(corpus) and rng.random() < 0.5
        return mutate(rng, rng.choice(corpus if from_corpus else pool)) + "\n", 1, int(from_corpus)
    parts, whole = [], 0
    while len(parts) < args.py_pack:
        from_corpus = bool(corpus) and rng.random() < args.corpus_share
        text = wrapped(len(parts), mutate(rng, rng.choice(corpus if from_corpus else pool)))
        if text is not None:
            parts.append(text)
            whole += int(from_corpus)
    return "\n".join(parts) + "\nprint('#fuzz-end')\n", len(parts), whole


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--inputs", type=int, default=100000)
    ap.add_argument("--per-process", type=int, default=40, help="inputs per lesson / repl session")
    ap.add_argument("--py-share", type=float, default=1 / 3, help="share of the inputs that go through run FILE.py")
    ap.add_argument("--py-pack", type=int, default=20, help="inputs per packed .py file")
    ap.add_argument("--corpus-share", type=float, default=0.05,
                    help="share of a packed file's inputs that are whole mutated corpus programs")
    ap.add_argument("--raw-share", type=float, default=0.1, help="share of .py files holding one unwrapped program")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "gradstep"))
    ap.add_argument("--vmem", type=int, default=3_000_000, help="address-space limit in KiB (ulimit -v)")
    ap.add_argument("--timeout", type=float, default=300, help="wall-clock limit per process, seconds")
    ap.add_argument("--py-timeout", type=float, default=120, help="wall-clock limit of one `run FILE.py`, seconds")
    ap.add_argument("--block-timeout", type=int, default=20, help="lesson front matter timeout:, seconds")
    ap.add_argument("--keep", default=os.path.join(tempfile.gettempdir(), "gradstep-fuzz-failures"))
    ap.add_argument("--user", default="nobody", help="run as root, the children run as this user ('' keeps root)")
    ap.add_argument("--fsize", type=int, default=65536, help="largest file a child may write, KiB (ulimit -f)")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    pool = seeds()
    corpus = programs()
    work = tempfile.mkdtemp(prefix="gradstep-fuzz-")
    env = dict(os.environ, HOME=work, XDG_STATE_HOME=work, GRADSTEP_DATA=os.path.join(work, "data"), TERM="dumb")
    os.makedirs(args.keep, exist_ok=True)

    user = sandbox_user(args.user)
    if user is not None:
        os.chown(work, user[0], user[1])

    def probe_run():
        probe = os.path.join(work, "probe.py")
        open(probe, "w").write("print(1 + 1)\n")
        try:
            kind, rc, out = run([args.binary, "run", probe], None, 60, args.vmem, env, args.fsize, user)
        except OSError:
            return False
        return kind == "ok" and rc == 0 and out.strip().endswith(b"2")

    py_supported = probe_run()
    if not py_supported and user is not None:
        # The binary may sit where the unprivileged user cannot reach it (a checkout under /root).
        print("fuzz-binary: %s cannot run %s; children run as root, in the fuzz folder" % (args.user, args.binary),
              flush=True)
        user = None
        py_supported = probe_run()
    sandbox = "children run as %s (uid %d) in %s" % (args.user, user[0], work) if user else "children run in %s" % work
    print("fuzz-binary: " + sandbox, flush=True)
    py_share = args.py_share if py_supported else 0.0

    counts = {"inputs": 0, "processes": 0, "signal": 0, "timeout": 0, "interrupted": 0}
    by_mode = {"lesson": 0, "repl": 0, "py": 0}
    seconds = {"lesson": 0.0, "repl": 0.0, "py": 0.0}
    py_detail = {"files": 0, "reached": 0, "corpus": 0, "raw": 0}
    start = time.time()
    last_report = start
    n = 0
    while counts["inputs"] < args.inputs:
        n += 1
        # The mode furthest behind its share of the inputs goes next.
        shares = {"lesson": (1 - py_share) / 2, "repl": (1 - py_share) / 2, "py": py_share}
        mode = min((m for m in shares if shares[m] > 0),
                   key=lambda m: by_mode[m] / shares[m] if by_mode[m] else -shares[m])
        left = args.inputs - counts["inputs"]
        whole = 0
        clear(work)
        if mode == "py":
            text, k, whole = py_file(rng, args, pool, corpus)
            path = os.path.join(work, "fuzz.py")
            open(path, "w").write(text)
            cmd, stdin_text = [args.binary, "run", path], None
        else:
            k = min(args.per_process, left)
            progs = [mutate(rng, rng.choice(pool)) for _ in range(k)]
            if mode == "lesson":
                body = "---\ntimeout: %d\n---\n# fuzz\n\n" % args.block_timeout
                body += "\n".join("```python gradstep nocheck\n%s\n```\n" % p.replace("```", "` ``") for p in progs)
                path = os.path.join(work, "fuzz.md")
                open(path, "w").write(body)
                cmd, stdin_text = [args.binary, "run", path, "--keep-going", "--quiet"], None
            else:
                path = None
                stdin_text = "\n\n".join(progs) + "\n\n"
                cmd = [args.binary, "repl"]
        timeout = args.py_timeout if mode == "py" else args.timeout
        t0 = time.time()
        kind, rc, out = run(cmd, stdin_text, timeout, args.vmem, env, args.fsize, user)
        seconds[mode] += time.time() - t0
        counts["inputs"] += k
        counts["processes"] += 1
        by_mode[mode] += k
        if mode == "py":
            py_detail["files"] += 1
            py_detail["corpus"] += whole
            if k == 1 and "#fuzz-input" not in text:
                py_detail["raw"] += 1
                py_detail["reached"] += 1
            else:
                py_detail["reached"] += len(re.findall(rb"^#fuzz-input \d+$", out or b"", re.M))
        if kind != "ok":
            counts[kind] += 1
            if kind == "interrupted":
                continue   # slow, and stopped by Ctrl-C as it should be: not a failure
            stem = os.path.join(args.keep, "%s-%d-%d-%s" % (kind, args.seed, n, mode))
            if path:
                shutil.copy(path, stem + os.path.splitext(path)[1])
            if stdin_text is not None:
                open(stem + ".stdin", "w").write(stdin_text)
            open(stem + ".out", "wb").write(out[-20000:])
            print("%s (%s) in %s process %d, kept as %s.*" % (kind, rc, mode, n, stem), flush=True)
        if time.time() - last_report > 60:
            last_report = time.time()
            print("%d inputs, %d processes, %d signals, %d time-outs, %.0f s" % (
                counts["inputs"], counts["processes"], counts["signal"], counts["timeout"], time.time() - start), flush=True)
    escaped = escaped_files(user[0], work, start) if user else []
    for path in escaped:
        print("written outside the fuzz folder (removed): %s" % path, flush=True)
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            os.unlink(path)
    shutil.rmtree(work, ignore_errors=True)
    secs = time.time() - start
    print("fuzz-binary: seed %d, %d inputs (%s; run FILE.py: %d files, %d inputs reached, %d whole corpus programs, "
          "%d unwrapped) in %d processes, %.0f s, ulimit -v %d KiB: %d signals, %d time-outs "
          "(%d slow sessions stopped by Ctrl-C); %s" % (args.seed,
        counts["inputs"], ", ".join("%s %d in %.0f s" % (m, by_mode[m], seconds[m]) for m in by_mode), py_detail["files"],
        py_detail["reached"], py_detail["corpus"], py_detail["raw"], counts["processes"], secs, args.vmem,
        counts["signal"], counts["timeout"], counts["interrupted"],
        "%d files written outside the fuzz folder" % len(escaped) if user else "children not run as another user"))
    sys.exit(1 if counts["signal"] or counts["timeout"] else 0)


if __name__ == "__main__":
    main()
